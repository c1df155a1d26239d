"""continue, skip, abort and status after a run stopped for a human."""

from __future__ import annotations

from pathlib import Path

import pygit2
import pytest

from patchkit.errors import EXIT_OK, EXIT_STOPPED, StateError
from patchkit.model import PatchStatus, ResolutionKind, RunStatus
from patchkit.records import read_record
from patchkit.runner import abort_run, apply, continue_run, run_status, skip_patch
from patchkit.state import Phase, last_run_path
from tests.repobuilder import snapshot
from tests.runner.scenarios import APP_FIXED_SIZE, fork_and_upstream, patch_entry, write_manifest

PATCHES = patch_entry("size", 10, 1) + patch_entry("rename", 11, 2) + patch_entry("docs", 12, 3)


def _stopped(tmp_path: Path):
    builder = fork_and_upstream(tmp_path / "repo")
    (builder.path / "untracked.txt").write_text("the user's own notes\n")
    before = snapshot(builder.path)
    result = apply(write_manifest(tmp_path, PATCHES), builder.path)
    assert result.exit_code == EXIT_STOPPED
    return builder, before


def _resolve(builder, text: str) -> None:
    (builder.path / "src" / "App.java").write_text(text)
    index = builder.repo.index
    index.read()
    index.add("src/App.java")
    index.write()


def test_status_names_stopped_patch(tmp_path: Path) -> None:
    builder, _ = _stopped(tmp_path)
    state = run_status(builder.path)
    assert state is not None
    assert state.phase is Phase.STOPPED
    assert state.stopped is not None and state.stopped.id == "rename"
    assert state.queue == ("rename", "docs")


def test_continue_without_resolving(tmp_path: Path) -> None:
    builder, _ = _stopped(tmp_path)
    result = continue_run(builder.path)
    assert result.exit_code == EXIT_STOPPED
    assert "src/App.java" in result.message
    assert run_status(builder.path).phase is Phase.STOPPED


def test_continue_after_resolution(tmp_path: Path) -> None:
    builder, _ = _stopped(tmp_path)
    resolved = APP_FIXED_SIZE.replace('return "app";', 'return "fork-upstream-app";')
    _resolve(builder, resolved)

    result = continue_run(builder.path)

    assert result.exit_code == EXIT_OK
    statuses = {o.id: o.status for o in result.record.patches}
    assert statuses == {"size": PatchStatus.APPLIED, "rename": PatchStatus.RESOLVED, "docs": PatchStatus.APPLIED}
    rename = [o for o in result.record.patches if o.id == "rename"][0]
    assert rename.conflicts[0].resolution is ResolutionKind.HUMAN
    assert "fork-upstream-app" in (rename.conflicts[0].diff or "")
    tip = builder.repo.references["refs/heads/refresh"].peel(pygit2.Commit)
    assert tip.message.startswith("Docs (#12)")
    assert builder.repo[tip.parents[0].tree["src/App.java"].id].data.decode() == resolved
    assert builder.repo.head.name == "refs/heads/refresh"
    assert (builder.path / "README.md").read_text() == "# App\n"
    assert run_status(builder.path) is None
    assert builder.repo.status(untracked_files="no") == {}


def test_resolved_to_no_change(tmp_path: Path) -> None:
    builder, _ = _stopped(tmp_path)
    fork_version = builder.repo.revparse_single("refresh:src/App.java").data.decode()
    _resolve(builder, fork_version)

    result = continue_run(builder.path)

    assert result.exit_code == EXIT_OK
    rename = next(outcome for outcome in result.record.patches if outcome.id == "rename")
    assert rename.status is PatchStatus.RESOLVED
    assert rename.new_commit is None
    assert "resolved by hand to no change, so nothing was committed" in rename.notes
    assert {conflict.resolution for conflict in rename.conflicts} == {ResolutionKind.HUMAN}


def test_skip_drops_patch(tmp_path: Path) -> None:
    builder, _ = _stopped(tmp_path)
    result = skip_patch(builder.path)
    assert result.exit_code == EXIT_OK
    statuses = {o.id: o.status for o in result.record.patches}
    assert statuses == {"size": PatchStatus.APPLIED, "rename": PatchStatus.DROPPED, "docs": PatchStatus.APPLIED}
    text = (builder.path / "src" / "App.java").read_text()
    assert "<<<<<<<" not in text
    assert "fork-app" in text


def test_abort_restores_everything(tmp_path: Path) -> None:
    builder, before = _stopped(tmp_path)
    (builder.path / "src" / "App.java").write_text("half-way resolution\n")

    result = abort_run(builder.path)

    assert result.exit_code == EXIT_OK
    assert snapshot(builder.path) == before
    assert "refs/heads/refresh" not in builder.repo.references
    assert (builder.path / "untracked.txt").read_text() == "the user's own notes\n"


def test_abort_marks_last_record(tmp_path: Path) -> None:
    builder, _ = _stopped(tmp_path)
    record_file = last_run_path(Path(builder.repo.path))
    assert read_record(record_file).status is RunStatus.STOPPED

    abort_run(builder.path)

    record = read_record(record_file)
    assert record.status is RunStatus.ABORTED
    assert record.finished_at is not None


def test_abort_after_continue_restores(tmp_path: Path) -> None:
    builder = fork_and_upstream(tmp_path / "repo")
    before = snapshot(builder.path)
    patches = patch_entry("rename", 11, 1) + patch_entry("size", 10, 2)
    apply(write_manifest(tmp_path, patches), builder.path)
    assert continue_run(builder.path).exit_code == EXIT_STOPPED
    abort_run(builder.path)
    assert snapshot(builder.path) == before


def test_commands_without_run(tmp_path: Path) -> None:
    builder = fork_and_upstream(tmp_path / "repo")
    for command in (continue_run, skip_patch, abort_run):
        with pytest.raises(StateError):
            command(builder.path)
    assert run_status(builder.path) is None


def test_continue_rejects_staged_markers(tmp_path: Path) -> None:
    builder, _ = _stopped(tmp_path)
    index = builder.repo.index
    index.read()
    index.add("src/App.java")
    index.write()

    result = continue_run(builder.path)

    assert result.exit_code == EXIT_STOPPED
    assert "still contain conflict markers" in result.message
    assert "src/App.java" in result.message
    assert run_status(builder.path).phase is Phase.STOPPED


def test_abort_keeps_unrelated_edits(tmp_path: Path) -> None:
    builder = fork_and_upstream(tmp_path / "repo")
    builder.commit("fork", "Add notes", {"NOTES.md": "fork notes\n"})
    builder.checkout("fork")
    before = snapshot(builder.path)
    apply(write_manifest(tmp_path, PATCHES), builder.path)
    (builder.path / "NOTES.md").write_text("my notes while resolving\n")

    with pytest.raises(StateError) as error:
        abort_run(builder.path)
    assert "NOTES.md" in str(error.value)
    assert (builder.path / "NOTES.md").read_text() == "my notes while resolving\n"

    abort_run(builder.path, force=True)
    assert snapshot(builder.path) == before


def test_user_commit_gets_trailer(tmp_path: Path) -> None:
    builder, _ = _stopped(tmp_path)
    _resolve(builder, APP_FIXED_SIZE)
    repo = builder.repo
    tree = repo.index.write_tree()
    signature = pygit2.Signature("Release Engineer", "re@fork.example")
    repo.create_commit("HEAD", signature, signature, "Resolve the rename by hand\n", tree, [repo.head.target])

    result = continue_run(builder.path)

    rename = {o.id: o for o in result.record.patches}["rename"]
    commit = repo[rename.new_commit]
    upstream = builder.commits["Rename app (#11)"]
    assert commit.message.startswith("Resolve the rename by hand\n")
    assert f"(cherry picked from commit {upstream})" in commit.message
