"""The Druid refresh on the sample fork: the manifest of the demo, end to end."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pygit2
import pytest
from click.testing import CliRunner

from patchkit.bundled import bundled_path
from patchkit.cli import cli
from patchkit.errors import EXIT_OK, EXIT_STOPPED
from patchkit.model import PatchStatus, ResolutionKind
from patchkit.report import validate_report
from patchkit.runner import apply, continue_run
from patchkit.sample import SampleFork
from tests.repobuilder import give_identity

LIFECYCLE = "extensions-contrib/kubernetes-overlord-extensions/src/main/java/org/apache/druid/k8s/overlord/KubernetesPeonLifecycle.java"
WORK_ITEM = "extensions-contrib/kubernetes-overlord-extensions/src/main/java/org/apache/druid/k8s/overlord/KubernetesWorkItem.java"


@pytest.fixture
def fork(sample_fork: SampleFork) -> SampleFork:
    give_identity(sample_fork.path)
    return sample_fork


@pytest.fixture
def manifest_without_recordings(tmp_path: Path) -> Path:
    """The demo manifest alone, so no recorded resolution settles #18576."""
    copy = tmp_path / "patchsets" / "druid-30.yaml"
    copy.parent.mkdir()
    shutil.copyfile(bundled_path("patchsets", "druid-30.yaml"), copy)
    return copy


def _method(text: str, name: str) -> str:
    start = text.index(f"void {name}()")
    return text[start : text.index("\n  }\n", start)]


def _blob(repo: pygit2.Repository, revision: str, path: str) -> str:
    return repo[repo.revparse_single(revision).peel(pygit2.Commit).tree[path].id].data.decode()


def test_savelogs_resolved_by_rule(fork: SampleFork, manifest_without_recordings: Path) -> None:
    result = apply(manifest_without_recordings, fork.path, no_build=True)

    stuck = {o.id: o for o in result.record.patches}["stuck-tasks"]
    assert stuck.status is PatchStatus.RESOLVED
    [conflict] = stuck.conflicts
    assert conflict.member == "KubernetesPeonLifecycle.saveLogs()"
    assert conflict.resolution is ResolutionKind.RULE
    assert conflict.rule == "keep-fork-diagnostics"
    repo = pygit2.Repository(str(fork.path))
    fork_text = _blob(repo, fork.fork_branch, LIFECYCLE)
    save_logs = _method(_blob(repo, stuck.new_commit, LIFECYCLE), "saveLogs")
    assert save_logs.count("📋 [LOGS]") == _method(fork_text, "saveLogs").count("📋 [LOGS]")
    assert "startWatchingLogs()" not in save_logs
    assert "getPeonLogs(taskId)" in save_logs
    assert "saving a placeholder" in save_logs
    assert save_logs.index("Files.copy(logStream") < save_logs.index("pushing log file of %d bytes")
    assert not [w for w in result.record.warnings if "expect" in w]


def test_shutdown_stops_at_moved_path(fork: SampleFork, manifest_without_recordings: Path) -> None:
    result = apply(manifest_without_recordings, fork.path, no_build=True)

    assert result.exit_code == EXIT_STOPPED
    shutdown = {o.id: o for o in result.record.patches}["idempotent-shutdown"]
    assert shutdown.status is PatchStatus.CONFLICT
    assert [c.member for c in shutdown.conflicts] == ["KubernetesWorkItem.shutdown()"]
    assert {r.fork_path for r in shutdown.renames} == {WORK_ITEM}
    assert all(r.upstream_path.startswith("extensions-core/") for r in shutdown.renames)
    text = (fork.path / WORK_ITEM).read_text()
    assert text.count("<<<<<<<") == 1
    assert "AtomicBoolean shutdownRequested" in text
    assert "setKubernetesPeonLifecycle" in text
    assert not (fork.path / "extensions-core").exists()
    [source] = shutdown.conflicts[0].provenance
    assert (source.pr, source.manifest_status) == (17446, "skipped")
    assert "builds on #17446, which this manifest skips" in result.message
    stuck = {o.id: o for o in result.record.patches}["stuck-tasks"]
    assert stuck.reverted_by is not None and stuck.reverted_by.pr == 17747
    assert any("#17431 was reverted upstream by #17747" in w for w in result.record.warnings)


def test_continue_after_shutdown_fix(fork: SampleFork, manifest_without_recordings: Path) -> None:
    apply(manifest_without_recordings, fork.path, no_build=True)
    text = (fork.path / WORK_ITEM).read_text()
    resolved = re.sub(
        r"<<<<<<< [^\n]*\n.*?>>>>>>> [^\n]*\n",
        "    if (this.kubernetesPeonLifecycle == null) {\n      return;\n    }\n"
        "    if (!shutdownRequested.compareAndSet(false, true)) {\n      return;\n    }\n"
        "    this.kubernetesPeonLifecycle.startWatchingLogs();\n    this.kubernetesPeonLifecycle.shutdown();\n",
        text, flags=re.S,
    )
    (fork.path / WORK_ITEM).write_text(resolved)
    repo = pygit2.Repository(str(fork.path))
    repo.index.read()
    repo.index.add(WORK_ITEM)
    repo.index.write()

    result = continue_run(fork.path)

    statuses = {o.id: o.status for o in result.record.patches}
    assert statuses["idempotent-shutdown"] is PatchStatus.RESOLVED
    assert statuses["task-location"] is PatchStatus.APPLIED
    assert statuses["lifecycle-start"] is PatchStatus.SKIPPED
    assert statuses["module-move"] is PatchStatus.SKIPPED
    report = json.loads(Path(result.report_paths[1]).read_text())
    validate_report(report)
    impact = {entry["name"]: entry for entry in report["impact"]}
    assert impact["overlord"]["touched"] is True
    assert impact["task-image"]["touched"] is False


def test_apply_json_is_one_document(fork: SampleFork, manifest_without_recordings: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["apply", str(manifest_without_recordings), "--repo", str(fork.path), "--no-build", "--json"])
    assert result.exit_code == EXIT_STOPPED
    document = json.loads(result.stdout)
    assert document["exit_code"] == EXIT_STOPPED
    assert document["run"]["work_branch"] == "refresh/druid-30"
    by_id = {p["id"]: p for p in document["run"]["patches"]}
    assert by_id["stuck-tasks"]["status"] == "resolved"
    assert by_id["idempotent-shutdown"]["conflicts"][0]["member"] == "KubernetesWorkItem.shutdown()"
    assert Path(document["reports"]["markdown"]).exists()


def test_recorded_conflict_names_skipped_commit(fork: SampleFork) -> None:
    result = apply(bundled_path("patchsets", "druid-30.yaml"), fork.path, no_build=True)

    assert result.exit_code == EXIT_OK
    assert result.record is not None
    [shutdown] = [p for p in result.record.patches if p.id == "idempotent-shutdown"]
    [record] = [c for c in shutdown.conflicts if c.member == "KubernetesWorkItem.shutdown()"]
    assert record.resolution is ResolutionKind.RECORDED
    assert [(p.pr, p.manifest_status) for p in record.provenance] == [(17446, "skipped")]
    assert record.reason.endswith("because it builds on #17446, which this manifest skips.")
