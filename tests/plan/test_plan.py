from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pygit2
import pytest
from click.testing import CliRunner

from patchkit.bundled import bundled_path
from patchkit.commands.plan import command
from patchkit.errors import EXIT_BAD_INPUT, ManifestError, RepositoryError
from patchkit.javacache import clear_java_cache
from patchkit.model import PatchStatus, ResolutionKind
from patchkit.plan import Forecast, PlannedPatch, PlanResult, plan_run
from patchkit.sample import SampleFork
from tests.plan.conftest import ManifestWriter
from tests.plan.repos import digest_tree

PARSE_CACHE = ".git/patchkit/cache/"
SHUTDOWN = "extensions-contrib/kubernetes-overlord-extensions/src/main/java/org/apache/druid/k8s/overlord/KubernetesWorkItem.java"


def _by_id(result: PlanResult) -> dict[str, PlannedPatch]:
    return {patch.outcome.id: patch for patch in result.patches}


def test_plan_forecasts_sample(sample_fork: SampleFork, druid_manifest: ManifestWriter) -> None:
    result = plan_run(druid_manifest(), sample_fork.path)
    patches = _by_id(result)
    assert [p.outcome.id for p in result.patches] == [
        "stuck-tasks", "idempotent-shutdown", "task-location", "lifecycle-start", "module-move",
    ]
    assert patches["stuck-tasks"].forecast is Forecast.RESOLVED
    assert patches["idempotent-shutdown"].forecast is Forecast.CONFLICT
    assert patches["task-location"].forecast is Forecast.CLEAN
    assert patches["lifecycle-start"].forecast is Forecast.SKIPPED
    assert patches["module-move"].forecast is Forecast.SKIPPED
    assert result.conflicts_forecast == 1


def test_plan_rule_resolution(sample_fork: SampleFork, druid_manifest: ManifestWriter) -> None:
    stuck = _by_id(plan_run(druid_manifest(), sample_fork.path))["stuck-tasks"]
    records = [c for c in stuck.outcome.conflicts if c.resolution is ResolutionKind.RULE]
    assert [c.member for c in records] == ["KubernetesPeonLifecycle.saveLogs()"]
    assert records[0].rule == "keep-fork-diagnostics"
    assert stuck.outcome.status is PatchStatus.RESOLVED
    assert stuck.outcome.new_commit is None


def test_plan_conflict_provenance(sample_fork: SampleFork, druid_manifest: ManifestWriter) -> None:
    shutdown = _by_id(plan_run(druid_manifest(), sample_fork.path))["idempotent-shutdown"]
    [record] = [c for c in shutdown.outcome.conflicts if c.resolution is ResolutionKind.UNRESOLVED]
    assert record.path == SHUTDOWN
    assert record.member == "KubernetesWorkItem.shutdown()"
    assert [(p.pr, p.manifest_status, p.patch_id) for p in record.provenance] == [
        (17446, "skipped", "lifecycle-start"),
    ]
    assert shutdown.explanations == (
        "#18576 conflicts in KubernetesWorkItem.shutdown() because it builds on #17446, which this manifest skips.",
    )


def test_plan_follows_rename(sample_fork: SampleFork, druid_manifest: ManifestWriter) -> None:
    shutdown = _by_id(plan_run(druid_manifest(), sample_fork.path))["idempotent-shutdown"]
    assert [r.fork_path for r in shutdown.outcome.renames] == [SHUTDOWN]
    assert shutdown.outcome.renames[0].upstream_path.startswith("extensions-core/")


def test_plan_continues_after_conflict(sample_fork: SampleFork, druid_manifest: ManifestWriter) -> None:
    patches = _by_id(plan_run(druid_manifest(), sample_fork.path))
    assert not patches["stuck-tasks"].after_conflict
    assert not patches["idempotent-shutdown"].after_conflict
    assert patches["task-location"].after_conflict
    assert "without #18576" in patches["task-location"].outcome.notes[-1]


def test_plan_warns_of_revert(sample_fork: SampleFork, druid_manifest: ManifestWriter) -> None:
    result = plan_run(druid_manifest(), sample_fork.path)
    revert = _by_id(result)["stuck-tasks"].outcome.reverted_by
    assert revert is not None
    assert revert.pr == 17747
    assert revert.commit == sample_fork.commits["#17747"]
    assert not revert.acknowledged
    assert len(result.warnings) == 1
    assert "#17431 was reverted upstream by #17747" in result.warnings[0]


def test_plan_acknowledged_revert(sample_fork: SampleFork, druid_manifest: ManifestWriter) -> None:
    manifest = druid_manifest(("    impact: high\n", "    impact: high\n    acknowledge_revert: true\n"))
    result = plan_run(manifest, sample_fork.path)
    revert = _by_id(result)["stuck-tasks"].outcome.reverted_by
    assert revert is not None
    assert revert.acknowledged
    assert result.warnings == ()


def _outside_cache(digests: dict[str, str]) -> dict[str, str]:
    return {path: digest for path, digest in digests.items() if not path.startswith(PARSE_CACHE)}


def test_plan_changes_nothing(sample_fork: SampleFork, druid_manifest: ManifestWriter) -> None:
    manifest = druid_manifest()
    before = digest_tree(sample_fork.path)
    plan_run(manifest, sample_fork.path)
    after = digest_tree(sample_fork.path)
    assert sorted(_outside_cache(after)) == sorted(before)
    changed = [path for path in before if before[path] != after[path]]
    assert changed == []


def test_plan_stores_manifest(sample_fork: SampleFork, druid_manifest: ManifestWriter) -> None:
    manifest = druid_manifest()
    first = plan_run(manifest, sample_fork.path)
    assert sorted((sample_fork.path / PARSE_CACHE / "manifest").rglob("*.json"))
    assert plan_run(manifest, sample_fork.path) == first


def test_plan_stores_parses(sample_fork: SampleFork, druid_manifest: ManifestWriter) -> None:
    manifest = druid_manifest()
    # A text this process parsed in an earlier test would come from memory and not reach the store.
    clear_java_cache()
    first = plan_run(manifest, sample_fork.path)
    clear_java_cache()
    stored = sorted((sample_fork.path / PARSE_CACHE / "java").rglob("*.json"))
    assert len(stored) >= 6
    for path in stored:
        assert "sha256" in json.loads(path.read_bytes())
    assert plan_run(manifest, sample_fork.path) == first


def test_plan_rebuilds_damaged_cache(sample_fork: SampleFork, druid_manifest: ManifestWriter) -> None:
    manifest = druid_manifest()
    first = plan_run(manifest, sample_fork.path)
    clear_java_cache()
    stored = sorted((sample_fork.path / PARSE_CACHE).rglob("*.json"))
    for path in stored:
        path.write_bytes(b'{"stamp": "damaged"')
    assert plan_run(manifest, sample_fork.path) == first
    for path in stored:
        assert isinstance(json.loads(path.read_bytes()), dict)


def test_plan_bad_manifest_first(tmp_path: Path) -> None:
    manifest = tmp_path / "bad.yaml"
    manifest.write_text("patchset: [\n", encoding="utf-8")
    with pytest.raises(ManifestError):
        plan_run(manifest, tmp_path / "missing")


def test_plan_leaves_head_and_refs(sample_fork: SampleFork, druid_manifest: ManifestWriter) -> None:
    repo = pygit2.Repository(str(sample_fork.path))
    refs = {name: str(repo.references[name].target) for name in repo.references}
    plan_run(druid_manifest(), sample_fork.path)
    repo = pygit2.Repository(str(sample_fork.path))
    assert {name: str(repo.references[name].target) for name in repo.references} == refs
    assert repo.status(untracked_files="all") == {}


def test_plan_missing_commit(sample_fork: SampleFork, druid_manifest: ManifestWriter) -> None:
    manifest = druid_manifest(("    pr: 16711\n", "    pr: 16712\n"))
    result = plan_run(manifest, sample_fork.path)
    patches = _by_id(result)
    missing = patches["task-location"]
    assert missing.forecast is Forecast.NOT_FOUND
    assert "(#16712)" in missing.outcome.notes[0]
    assert result.blockers == (missing.outcome.notes[0],)
    assert all("(#16712)" not in warning for warning in result.warnings)
    assert patches["stuck-tasks"].forecast is Forecast.RESOLVED


def test_plan_expectation_mismatch(sample_fork: SampleFork, druid_manifest: ManifestWriter) -> None:
    manifest = druid_manifest(
        (f"      - {SHUTDOWN}#shutdown\n", f"      - {SHUTDOWN}#isShutdown\n"),
        ("nice to have.\n", f"nice to have.\n    expect_conflicts:\n      - {SHUTDOWN}#getTaskLocation\n"),
    )
    patches = _by_id(plan_run(manifest, sample_fork.path))
    assert patches["idempotent-shutdown"].expectations.unexpected == (f"{SHUTDOWN}#shutdown",)
    assert patches["idempotent-shutdown"].expectations.expected == ()
    assert patches["idempotent-shutdown"].expectations.missing == (f"{SHUTDOWN}#isShutdown",)
    assert patches["task-location"].expectations.missing == (f"{SHUTDOWN}#getTaskLocation",)


def test_plan_expects_nothing_listed(sample_fork: SampleFork, druid_manifest: ManifestWriter) -> None:
    """A patch without `expect_conflicts` has no unexpected conflicts, as apply's warnings have none."""
    manifest = druid_manifest((f"    expect_conflicts:\n      - {SHUTDOWN}#shutdown\n", ""))
    check = _by_id(plan_run(manifest, sample_fork.path))["idempotent-shutdown"].expectations
    assert check.unexpected == ()
    assert check.expected == ()


def test_plan_expectation_signature(sample_fork: SampleFork, druid_manifest: ManifestWriter) -> None:
    manifest = druid_manifest((f"{SHUTDOWN}#shutdown\n", f"{SHUTDOWN}#shutdown()\n"))
    check = _by_id(plan_run(manifest, sample_fork.path))["idempotent-shutdown"].expectations
    assert check.expected == (f"{SHUTDOWN}#shutdown",)
    assert check.missing == ()


def test_plan_bad_manifest(sample_fork: SampleFork, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("patchset: x\npatches: 3\n", encoding="utf-8")
    with pytest.raises(ManifestError) as raised:
        plan_run(broken, sample_fork.path)
    assert raised.value.exit_code == EXIT_BAD_INPUT


def test_plan_not_a_repository(tmp_path: Path, druid_manifest: ManifestWriter) -> None:
    with pytest.raises(RepositoryError) as raised:
        plan_run(druid_manifest(), tmp_path)
    assert raised.value.exit_code == EXIT_BAD_INPUT


def test_command_text(sample_fork: SampleFork, druid_manifest: ManifestWriter) -> None:
    result = CliRunner().invoke(command, [str(druid_manifest()), "--repo", str(sample_fork.path)])
    assert result.exit_code == 0, result.output
    assert "#18576 idempotent-shutdown: conflict left for a human" in result.output
    assert "because it builds on #17446, which this manifest skips." in result.output
    assert "reverted upstream by #17747" in result.output


def test_command_json(sample_fork: SampleFork, druid_manifest: ManifestWriter) -> None:
    result = CliRunner().invoke(command, [str(druid_manifest()), "--repo", str(sample_fork.path), "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    forecasts = {p["outcome"]["id"]: p["forecast"] for p in document["patches"]}
    assert forecasts["idempotent-shutdown"] == "conflict"
    assert document["warnings"][0].startswith("#17431 was reverted")


def test_plan_source_listed_later(sample_fork: SampleFork, druid_manifest: ManifestWriter) -> None:
    manifest = druid_manifest(("  - id: lifecycle-start\n    pr: 17446\n    upstream_sha: \"5764183d4e\"\n    decision: skip\n",
                               "  - id: lifecycle-start\n    pr: 17446\n    upstream_sha: \"5764183d4e\"\n"
                               "    decision: apply\n    priority: 4\n"))
    shutdown = _by_id(plan_run(manifest, sample_fork.path))["idempotent-shutdown"]
    [record] = [c for c in shutdown.outcome.conflicts if c.resolution is ResolutionKind.UNRESOLVED]
    assert [(p.pr, p.manifest_status) for p in record.provenance] == [(17446, "listed later")]
    assert shutdown.explanations[0].endswith("#17446, which this manifest applies later as patch 'lifecycle-start'.")


def test_cli_plan_exit_codes(sample_fork: SampleFork, druid_manifest: ManifestWriter, tmp_path: Path) -> None:
    patchkit = Path(sys.executable).parent / "patchkit"
    good = subprocess.run([str(patchkit), "plan", str(druid_manifest()), "--repo", str(sample_fork.path), "--json"],
                          capture_output=True, text=True, check=False)
    assert good.returncode == 0, good.stderr
    assert json.loads(good.stdout)["patchset"] == "druid-30"
    bad = subprocess.run([str(patchkit), "plan", str(tmp_path / "missing.yaml"), "--repo", str(sample_fork.path)],
                         capture_output=True, text=True, check=False)
    assert bad.returncode == EXIT_BAD_INPUT
    assert "missing.yaml" in bad.stderr


def test_plan_missing_skip_commit(sample_fork: SampleFork, druid_manifest: ManifestWriter) -> None:
    manifest = druid_manifest(("    pr: 17614\n", "    pr: 17615\n"))
    result = plan_run(manifest, sample_fork.path)
    moved = _by_id(result)["module-move"]
    assert moved.forecast is Forecast.SKIPPED
    assert moved.outcome.upstream_commit is None
    assert "(#17615)" in moved.outcome.notes[0]
    assert result.blockers == (moved.outcome.notes[0],)


def test_plan_stores_merges(sample_fork: SampleFork, druid_manifest: ManifestWriter) -> None:
    manifest = druid_manifest()
    first = plan_run(manifest, sample_fork.path)
    stored = sorted((sample_fork.path / PARSE_CACHE / "merges").rglob("*.json"))
    # The sample's two conflicted picks each merge one Java file.
    assert len(stored) == 2
    clear_java_cache()
    assert plan_run(manifest, sample_fork.path) == first
    # Another rule kind is another merge, not the stored one.
    other_rule = druid_manifest(("    kind: keep-fork-statements\n", "    kind: prefer-upstream\n"), name="other.yaml")
    (conflict,) = _by_id(plan_run(other_rule, sample_fork.path))["stuck-tasks"].outcome.conflicts
    assert conflict.reason == "took upstream's version of the member"
    assert "📋 [LOGS]" not in (conflict.diff or "")
    # The rules are part of every merge's key, so both files were merged again.
    assert len(sorted((sample_fork.path / PARSE_CACHE / "merges").rglob("*.json"))) == 4


def test_plan_stores_diffs(sample_fork: SampleFork, druid_manifest: ManifestWriter) -> None:
    manifest = druid_manifest()
    first = plan_run(manifest, sample_fork.path)
    names = {path.name.split("-")[0] for path in (sample_fork.path / PARSE_CACHE / "diffs").rglob("*.json")}
    assert names == {"renames", "changes"}
    assert plan_run(manifest, sample_fork.path) == first


def test_plan_recorded_conflict_provenance(sample_fork: SampleFork) -> None:
    # The bundled manifest's recorded resolution settles #18576's conflict, and plan still names what it builds on.
    shutdown = _by_id(plan_run(bundled_path("patchsets", "druid-30.yaml"), sample_fork.path))["idempotent-shutdown"]
    [record] = [c for c in shutdown.outcome.conflicts if c.member == "KubernetesWorkItem.shutdown()"]
    assert record.resolution is ResolutionKind.RECORDED
    assert [(p.pr, p.manifest_status) for p in record.provenance] == [(17446, "skipped")]
    assert shutdown.explanations == (
        "#18576 conflicts in KubernetesWorkItem.shutdown() because it builds on #17446, which this manifest skips.",
    )
    assert shutdown.forecast is Forecast.RESOLVED
