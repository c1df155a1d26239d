"""`patchkit apply` on small repositories: every patch status and the checks before a run."""

from __future__ import annotations

from pathlib import Path

import pygit2
import pytest

from patchkit.errors import EXIT_OK, EXIT_STOPPED, PatchResolutionError, RepositoryError, StateError
from patchkit.model import PatchStatus
from patchkit.runner import apply
from patchkit.state import state_path
from tests.repobuilder import snapshot
from tests.runner.scenarios import APP_FORK_NAME, fork_and_upstream, patch_entry, write_manifest


def _statuses(result) -> dict[str, PatchStatus]:
    return {outcome.id: outcome.status for outcome in result.record.patches}


def test_clean_pick_becomes_commit(tmp_path: Path) -> None:
    builder = fork_and_upstream(tmp_path / "repo")
    manifest = write_manifest(tmp_path, patch_entry("size", 10, 1))
    fork_tip = str(builder.repo.references["refs/heads/fork"].target)

    result = apply(manifest, builder.path)

    assert result.exit_code == EXIT_OK
    outcome = result.record.patches[0]
    assert outcome.status is PatchStatus.APPLIED
    new = builder.repo[outcome.new_commit]
    upstream = builder.repo[builder.commits["Fix size (#10)"]]
    assert new.author.name == upstream.author.name
    assert new.author.time == upstream.author.time
    assert new.message.startswith("Fix size (#10)\n")
    assert f"(cherry picked from commit {upstream.id})" in new.message
    assert [str(p) for p in new.parent_ids] == [fork_tip]
    assert str(builder.repo.references["refs/heads/refresh"].target) == outcome.new_commit
    assert b"return 2;" in builder.repo[new.tree["src/App.java"].id].data
    assert b"fork-app" in builder.repo[new.tree["src/App.java"].id].data


def test_clean_run_leaves_checkout_alone(tmp_path: Path) -> None:
    builder = fork_and_upstream(tmp_path / "repo")
    manifest = write_manifest(tmp_path, patch_entry("size", 10, 1))
    before = snapshot(builder.path / "src")
    index_before = (builder.path / ".git" / "index").read_bytes()

    apply(manifest, builder.path)

    assert builder.repo.head.name == "refs/heads/fork"
    assert snapshot(builder.path / "src") == before
    assert (builder.path / ".git" / "index").read_bytes() == index_before
    assert not state_path(builder.path / ".git").exists()


def test_priority_order_and_skip(tmp_path: Path) -> None:
    builder = fork_and_upstream(tmp_path / "repo")
    patches = patch_entry("docs", 12, 1) + patch_entry("size", 10, 2) + patch_entry(
        "rename", 11, decision="skip", reason="the fork names its app itself"
    )
    result = apply(write_manifest(tmp_path, patches), builder.path)

    assert _statuses(result) == {"docs": PatchStatus.APPLIED, "size": PatchStatus.APPLIED, "rename": PatchStatus.SKIPPED}
    tip = builder.repo.references["refs/heads/refresh"].peel(pygit2.Commit)
    assert tip.message.startswith("Fix size (#10)")
    assert tip.parents[0].message.startswith("Docs (#12)")
    skipped = [o for o in result.record.patches if o.id == "rename"][0]
    assert skipped.reason == "the fork names its app itself"


def test_already_present_by_trailer(tmp_path: Path) -> None:
    builder = fork_and_upstream(tmp_path / "repo")
    upstream = builder.commits["Docs (#12)"]
    builder.commit("fork", f"Backport docs\n\n(cherry picked from commit {upstream})\n", {"README.md": "# App, fork\n"})
    builder.checkout("fork")
    result = apply(write_manifest(tmp_path, patch_entry("docs", 12, 1)), builder.path)
    assert _statuses(result) == {"docs": PatchStatus.ALREADY_PRESENT}
    assert "cherry picked" in result.record.patches[0].notes[0]


def test_already_present_by_patch_id(tmp_path: Path) -> None:
    builder = fork_and_upstream(tmp_path / "repo")
    builder.commit("fork", "Our own README", {"README.md": "# App\n"})
    builder.checkout("fork")
    result = apply(write_manifest(tmp_path, patch_entry("docs", 12, 1)), builder.path)
    assert _statuses(result) == {"docs": PatchStatus.ALREADY_PRESENT}
    assert "patch-id" in result.record.patches[0].notes[0]


def test_already_present_when_pick_empty(tmp_path: Path) -> None:
    builder = fork_and_upstream(tmp_path / "repo")
    builder.commit("fork", "Fix size our way\n\nAnd more words.", {"src/App.java": APP_FORK_NAME.replace("return 1;", "return 2;"), "NOTES": "x\n"})
    builder.checkout("fork")
    result = apply(write_manifest(tmp_path, patch_entry("size", 10, 1)), builder.path)
    assert _statuses(result) == {"size": PatchStatus.ALREADY_PRESENT}
    assert result.record.patches[0].new_commit is None


def test_conflict_stops_with_markers(tmp_path: Path) -> None:
    builder = fork_and_upstream(tmp_path / "repo")
    result = apply(write_manifest(tmp_path, patch_entry("size", 10, 1) + patch_entry("rename", 11, 2)), builder.path)

    assert result.exit_code == EXIT_STOPPED
    assert _statuses(result) == {"size": PatchStatus.APPLIED, "rename": PatchStatus.CONFLICT}
    assert builder.repo.head.name == "refs/heads/refresh"
    text = (builder.path / "src" / "App.java").read_text()
    assert "<<<<<<< fork" in text
    assert ">>>>>>> upstream" in text
    assert "return 2;" in text
    builder.repo.index.read()
    assert builder.repo.index.conflicts is not None
    assert "rename" in result.message
    assert "patchkit continue" in result.message
    conflict = result.record.patches[1].conflicts[0]
    assert conflict.member == "App.name()"


def test_pr_matching_nothing_is_bad_input(tmp_path: Path) -> None:
    builder = fork_and_upstream(tmp_path / "repo")
    manifest = write_manifest(tmp_path, patch_entry("size", 10, 1) + patch_entry("ghost", 99, 2))
    before = snapshot(builder.path)
    with pytest.raises(PatchResolutionError) as error:
        apply(manifest, builder.path)
    assert f"{manifest}:" in str(error.value)
    assert "(#99)" in str(error.value)
    assert snapshot(builder.path) == before


def test_pr_matching_several_lists_them(tmp_path: Path) -> None:
    builder = fork_and_upstream(tmp_path / "repo")
    builder.commit("upstream", "Fix size again (#10)", {"src/Other.java": "class Other {}\n"})
    builder.checkout("fork")
    with pytest.raises(PatchResolutionError) as error:
        apply(write_manifest(tmp_path, patch_entry("size", 10, 1)), builder.path)
    message = str(error.value)
    assert "matches 2 upstream commits" in message
    assert builder.commits["Fix size (#10)"][:10] in message
    assert builder.commits["Fix size again (#10)"][:10] in message


def test_pr_and_commit_must_agree(tmp_path: Path) -> None:
    builder = fork_and_upstream(tmp_path / "repo")
    wrong = builder.commits["Docs (#12)"]
    patches = f"  - id: size\n    pr: 10\n    commit: {wrong}\n    decision: apply\n    priority: 1\n"
    with pytest.raises(PatchResolutionError) as error:
        apply(write_manifest(tmp_path, patches), builder.path)
    assert "not PR #10" in str(error.value)


def test_commit_alone_resolves(tmp_path: Path) -> None:
    builder = fork_and_upstream(tmp_path / "repo")
    patches = f"  - id: size\n    commit: {builder.commits['Fix size (#10)'][:12]}\n    decision: apply\n    priority: 1\n"
    result = apply(write_manifest(tmp_path, patches), builder.path)
    assert _statuses(result) == {"size": PatchStatus.APPLIED}


def test_dirty_work_tree_changes_nothing(tmp_path: Path) -> None:
    builder = fork_and_upstream(tmp_path / "repo")
    (builder.path / "src" / "App.java").write_text("edited\n")
    before = snapshot(builder.path)
    with pytest.raises(RepositoryError) as error:
        apply(write_manifest(tmp_path, patch_entry("size", 10, 1)), builder.path)
    assert "uncommitted changes" in str(error.value)
    assert "src/App.java" in str(error.value)
    assert snapshot(builder.path) == before


def test_existing_work_branch_is_bad_input(tmp_path: Path) -> None:
    builder = fork_and_upstream(tmp_path / "repo")
    builder.commit("refresh", "Someone's branch", {"x": "y\n"}, parent=builder.commits["Add App"])
    builder.checkout("fork")
    with pytest.raises(RepositoryError) as error:
        apply(write_manifest(tmp_path, patch_entry("size", 10, 1)), builder.path)
    assert "already exists" in str(error.value)


def test_second_apply_while_stopped(tmp_path: Path) -> None:
    builder = fork_and_upstream(tmp_path / "repo")
    manifest = write_manifest(tmp_path, patch_entry("rename", 11, 1))
    apply(manifest, builder.path)
    with pytest.raises(StateError) as error:
        apply(manifest, builder.path)
    assert "already in progress" in str(error.value)


def test_not_a_repository(tmp_path: Path) -> None:
    manifest = write_manifest(tmp_path, patch_entry("size", 10, 1))
    (tmp_path / "empty").mkdir()
    with pytest.raises(RepositoryError) as error:
        apply(manifest, tmp_path / "empty")
    assert "not inside a git repository" in str(error.value)


def test_unexpected_and_missing_conflicts_warn(tmp_path: Path) -> None:
    builder = fork_and_upstream(tmp_path / "repo")
    patches = (
        patch_entry("size", 10, 1) + "    expect_conflicts: ['src/App.java#size']\n"
        + patch_entry("rename", 11, 2) + "    expect_conflicts: ['src/App.java#other']\n"
    )
    result = apply(write_manifest(tmp_path, patches), builder.path)
    warnings = "\n".join(result.record.warnings)
    assert "#10: the manifest expected a conflict in src/App.java#size, but there was none." in warnings
    assert "#11: conflict in src/App.java#name was not in the manifest's expect_conflicts." in warnings
    assert "src/App.java#other, but there was none" in warnings
