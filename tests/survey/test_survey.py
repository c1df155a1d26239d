from __future__ import annotations

import json
from pathlib import Path

import pygit2
import pytest
from click.testing import CliRunner

from patchkit.bundled import bundled_path
from patchkit.commands.survey import command, draft_manifest_entries
from patchkit.errors import RepositoryError
from patchkit.manifest import load_manifest
from patchkit.model import Decision
from patchkit.pick import PickContext, pick
from patchkit.sample import SampleFork
from patchkit.survey import SurveyEntry, SurveyQuestion, SurveyResult, TouchedMember, survey
from tests.plan.repos import digest_tree

MODULE = "extensions-contrib/kubernetes-overlord-extensions/src/main/java/org/apache/druid/k8s/overlord/"
MODULE_GLOB = "**/kubernetes-overlord-extensions/**"
MANIFEST_HEAD = "patchset: draft\nupstream: upstream/master\nfork: prod-30\nwork_branch: refresh/draft\n"


def _question(sample: SampleFork, *paths: str, since: str | None = None) -> SurveyQuestion:
    return SurveyQuestion(fork=sample.fork_branch, upstream=sample.upstream_ref, since=since, paths=paths)


def _by_pr(result: SurveyResult) -> dict[int | None, SurveyEntry]:
    return {entry.pr: entry for entry in result.entries}


def _members(entry: SurveyEntry) -> list[str | None]:
    return [member.member for member in entry.members]


def test_survey_default_paths(sample_fork: SampleFork) -> None:
    result = survey(sample_fork.path, _question(sample_fork))
    assert [entry.pr for entry in result.entries] == [17431, 17446, 17614, 17747]
    assert result.commits_walked == 9
    saved = _by_pr(result)[17431]
    assert saved.fork_overlap == (TouchedMember(MODULE + "KubernetesPeonLifecycle.java", "KubernetesPeonLifecycle.saveLogs()"),)


def test_survey_lists_five_changes(sample_fork: SampleFork) -> None:
    entries = _by_pr(survey(sample_fork.path, _question(sample_fork, MODULE_GLOB)))
    assert {17431, 18576, 16711, 17446, 17614} <= set(entries)
    assert _members(entries[17431]) == ["KubernetesPeonLifecycle.saveLogs()"]
    assert _members(entries[18576]) == ["KubernetesWorkItem.shutdownRequested", "KubernetesWorkItem.shutdown()"]
    assert _members(entries[16711]) == ["KubernetesTaskRunner.getTaskLocation(String)"]
    assert "KubernetesWorkItem.shutdown()" in _members(entries[17446])
    assert _members(entries[17614]) == []


def test_survey_maps_moved_paths(sample_fork: SampleFork) -> None:
    entries = _by_pr(survey(sample_fork.path, _question(sample_fork, MODULE_GLOB)))
    assert entries[18576].files == (MODULE + "KubernetesWorkItem.java",)
    assert [r.fork_path for r in entries[18576].renames] == [MODULE + "KubernetesWorkItem.java"]


def test_survey_forecasts(sample_fork: SampleFork) -> None:
    entries = _by_pr(survey(sample_fork.path, _question(sample_fork, MODULE_GLOB)))
    assert entries[16711].forecast == "clean"
    assert entries[18576].forecast == "conflict"
    assert entries[18576].conflicts == (TouchedMember(MODULE + "KubernetesWorkItem.java", "KubernetesWorkItem.shutdown()"),)
    assert entries[17431].forecast == "conflict"


def test_survey_manifest_rules(sample_fork: SampleFork) -> None:
    manifest = load_manifest(bundled_path("patchsets", "druid-30.yaml"))
    question = SurveyQuestion(manifest.fork, manifest.upstream, paths=(MODULE_GLOB,), manifest=manifest)
    entries = _by_pr(survey(sample_fork.path, question))
    assert entries[17431].forecast == "resolved"
    assert entries[17431].manifest_patch == "stuck-tasks"
    assert entries[17747].manifest_patch is None


def test_survey_reverts(sample_fork: SampleFork) -> None:
    entries = _by_pr(survey(sample_fork.path, _question(sample_fork, MODULE_GLOB)))
    revert = entries[17431].reverted_by
    assert revert is not None
    assert revert.pr == 17747
    assert entries[17747].reverts == sample_fork.commits["#17431"]
    assert entries[16711].reverted_by is None


def test_survey_since(sample_fork: SampleFork) -> None:
    result = survey(sample_fork.path, _question(sample_fork, MODULE_GLOB, since=sample_fork.commits["#17614"]))
    assert [entry.pr for entry in result.entries] == [18576, 17747]


def test_survey_already_present(sample_fork: SampleFork) -> None:
    repo = pygit2.Repository(str(sample_fork.path))
    fork = repo.revparse_single(sample_fork.fork_branch).peel(pygit2.Commit)
    upstream = repo[sample_fork.commits["#16711"]].peel(pygit2.Commit)
    fork_point = repo.revparse_single(sample_fork.fork_point_tag).peel(pygit2.Commit)
    picked = pick(PickContext(repo, fork_point, (), "fork"), upstream, fork)
    message = f"{upstream.message}\n(cherry picked from commit {upstream.id})\n"
    repo.create_commit(f"refs/heads/{sample_fork.fork_branch}", upstream.author, upstream.author, message,
                       picked.index.write_tree(repo), [fork.id])
    entries = _by_pr(survey(sample_fork.path, _question(sample_fork, MODULE_GLOB)))
    assert entries[16711].forecast == "already-present"
    assert entries[16711].present is not None


def test_survey_changes_nothing(sample_fork: SampleFork) -> None:
    before = digest_tree(sample_fork.path)
    survey(sample_fork.path, _question(sample_fork, MODULE_GLOB))
    assert digest_tree(sample_fork.path) == before


def test_survey_unknown_ref(sample_fork: SampleFork) -> None:
    question = SurveyQuestion(fork="prod-31", upstream=sample_fork.upstream_ref)
    with pytest.raises(RepositoryError) as raised:
        survey(sample_fork.path, question)
    assert "prod-31" in str(raised.value)


def test_draft_loads_as_manifest(sample_fork: SampleFork, tmp_path: Path) -> None:
    draft = draft_manifest_entries(survey(sample_fork.path, _question(sample_fork, MODULE_GLOB)))
    manifest_path = tmp_path / "draft.yaml"
    manifest_path.write_text(MANIFEST_HEAD + draft, encoding="utf-8")
    manifest = load_manifest(manifest_path)
    assert {spec.pr for spec in manifest.patches} >= {17431, 18576, 16711, 17446, 17614}
    assert all(spec.decision is Decision.SKIP for spec in manifest.patches)
    assert all((spec.reason or "").startswith("TODO: review.") for spec in manifest.patches)
    assert manifest.apply_order() == []


def test_draft_reason_and_expectations(sample_fork: SampleFork, tmp_path: Path) -> None:
    draft = draft_manifest_entries(survey(sample_fork.path, _question(sample_fork, MODULE_GLOB)))
    manifest_path = tmp_path / "draft.yaml"
    manifest_path.write_text(MANIFEST_HEAD + draft, encoding="utf-8")
    specs = {spec.pr: spec for spec in load_manifest(manifest_path).patches}
    assert specs[17431].id == "read-peon-logs-from-the-pod"
    assert "Touches saveLogs(), which the fork changed." in (specs[17431].reason or "")
    assert "Reverted upstream by #17747." in (specs[17431].reason or "")
    assert specs[18576].expect_conflicts == (MODULE + "KubernetesWorkItem.java#shutdown",)
    assert specs[18576].commit == sample_fork.commits["#18576"]


def test_draft_priorities(sample_fork: SampleFork, tmp_path: Path) -> None:
    draft = draft_manifest_entries(survey(sample_fork.path, _question(sample_fork)))
    manifest_path = tmp_path / "draft.yaml"
    manifest_path.write_text(MANIFEST_HEAD + draft, encoding="utf-8")
    priorities = {spec.pr: spec.priority or 0 for spec in load_manifest(manifest_path).patches}
    assert sorted(priorities.values()) == [1, 2, 3, 4]
    assert priorities[17431] == 3
    assert priorities[17747] == 4


def test_draft_skips_listed(sample_fork: SampleFork) -> None:
    manifest = load_manifest(bundled_path("patchsets", "druid-30.yaml"))
    question = SurveyQuestion(manifest.fork, manifest.upstream, paths=(MODULE_GLOB,), manifest=manifest)
    draft = draft_manifest_entries(survey(sample_fork.path, question))
    assert "# already in the manifest as 'stuck-tasks'" in draft
    assert "pr: 17431" not in draft
    assert "pr: 17747" in draft


def test_command_needs_fork(sample_fork: SampleFork) -> None:
    result = CliRunner().invoke(command, ["--repo", str(sample_fork.path), "--upstream", "upstream/master"])
    assert result.exit_code == 2
    assert "Missing --fork" in result.output


def test_command_text(sample_fork: SampleFork) -> None:
    manifest = bundled_path("patchsets", "druid-30.yaml")
    result = CliRunner().invoke(command, ["--repo", str(sample_fork.path), "--manifest", str(manifest),
                                          "--path", MODULE_GLOB])
    assert result.exit_code == 0, result.output
    assert "forecast: conflicts in KubernetesWorkItem.shutdown()" in result.output
    assert "the manifest lists it as patch 'idempotent-shutdown'" in result.output


def test_command_json(sample_fork: SampleFork) -> None:
    result = CliRunner().invoke(command, ["--repo", str(sample_fork.path), "--fork", "prod-30",
                                          "--upstream", "upstream/master", "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert [entry["pr"] for entry in document["entries"]] == [17431, 17446, 17614, 17747]


def test_command_yaml_loads(sample_fork: SampleFork, tmp_path: Path) -> None:
    result = CliRunner().invoke(command, ["--repo", str(sample_fork.path), "--fork", "prod-30",
                                          "--upstream", "upstream/master", "--path", MODULE_GLOB, "--yaml"])
    assert result.exit_code == 0, result.output
    manifest_path = tmp_path / "pasted.yaml"
    manifest_path.write_text(MANIFEST_HEAD + result.stdout, encoding="utf-8")
    specs = {spec.pr: spec for spec in load_manifest(manifest_path).patches}
    assert {17431, 18576, 16711, 17446, 17614} <= set(specs)
    assert "shutdown()" in (specs[18576].reason or "")


def test_command_yaml_and_json(sample_fork: SampleFork) -> None:
    result = CliRunner().invoke(command, ["--repo", str(sample_fork.path), "--fork", "prod-30",
                                          "--upstream", "upstream/master", "--yaml", "--json"])
    assert result.exit_code == 2
    assert "Choose one of --yaml and --json" in result.output
