"""Picks of upstream commits that move a file: the fork's version follows the move."""

from __future__ import annotations

from pathlib import Path

import pygit2

from patchkit.errors import EXIT_OK, EXIT_STOPPED
from patchkit.model import PatchStatus
from patchkit.runner import apply
from tests.repobuilder import RepoBuilder
from tests.runner.scenarios import patch_entry, write_manifest

OLD = "X.properties"
NEW = "conf/X.properties"
SETTINGS = "setting1=on\nsetting2=on\nsetting3=on\nsetting4=on\nsetting5=on\n"


def _file(builder: RepoBuilder, commit: str, path: str) -> str | None:
    tree = builder.repo[commit].peel(pygit2.Commit).tree
    return builder.repo[tree[path].id].data.decode() if path in tree else None


def _moving_upstream(path: Path, fork_settings: str, moved_settings: str = SETTINGS) -> RepoBuilder:
    """Upstream changes setting4 (#1), then moves the file (#2); the fork has `fork_settings`."""
    builder = RepoBuilder.init(path)
    base = builder.commit("main", "Add settings", {OLD: SETTINGS})
    builder.tag("base", base)
    builder.commit("fork", "Fork settings", {OLD: fork_settings, "fork.txt": "fork\n"}, parent=base)
    experimental = SETTINGS.replace("setting4=on", "setting4=EXPERIMENTAL")
    builder.commit("upstream", "Try setting4 (#1)", {OLD: experimental}, parent=base)
    builder.commit("upstream", "Move settings (#2)",
                   {OLD: None, NEW: moved_settings.replace("setting4=on", "setting4=EXPERIMENTAL")})
    builder.checkout("fork")
    return builder


def _move(result):
    return next(outcome for outcome in result.record.patches if outcome.id == "move")


def _run(tmp_path: Path, builder: RepoBuilder):
    patches = patch_entry("experiment", 1, 1, decision="skip", reason="not wanted") + patch_entry("move", 2, 2)
    return apply(write_manifest(tmp_path, patches), builder.path)


def test_move_of_untouched_file(tmp_path: Path) -> None:
    builder = _moving_upstream(tmp_path / "repo", SETTINGS)

    result = _run(tmp_path, builder)

    assert result.exit_code == EXIT_OK
    outcome = _move(result)
    assert outcome.status is PatchStatus.APPLIED
    assert _file(builder, outcome.new_commit, OLD) is None
    assert _file(builder, outcome.new_commit, NEW) == SETTINGS


def test_move_keeps_fork_edit(tmp_path: Path) -> None:
    fork_settings = SETTINGS.replace("setting1=on", "setting1=fork")
    builder = _moving_upstream(tmp_path / "repo", fork_settings)

    result = _run(tmp_path, builder)

    assert result.exit_code == EXIT_OK
    outcome = _move(result)
    assert _file(builder, outcome.new_commit, OLD) is None
    assert _file(builder, outcome.new_commit, NEW) == fork_settings


def test_move_with_edit_merges(tmp_path: Path) -> None:
    fork_settings = SETTINGS.replace("setting1=on", "setting1=fork")
    moved = SETTINGS.replace("setting5=on", "setting5=off")
    builder = _moving_upstream(tmp_path / "repo", fork_settings, moved)

    result = _run(tmp_path, builder)

    assert result.exit_code == EXIT_OK
    committed = _file(builder, _move(result).new_commit, NEW)
    assert committed == fork_settings.replace("setting5=on", "setting5=off")


def test_move_with_clash_stops(tmp_path: Path) -> None:
    fork_settings = SETTINGS.replace("setting5=on", "setting5=fork")
    moved = SETTINGS.replace("setting5=on", "setting5=off")
    builder = _moving_upstream(tmp_path / "repo", fork_settings, moved)

    result = _run(tmp_path, builder)

    assert result.exit_code == EXIT_STOPPED
    (conflict,) = _move(result).conflicts
    assert conflict.path == NEW
    assert not (builder.path / OLD).exists()
    marked = (builder.path / NEW).read_text(encoding="utf-8")
    assert "setting5=fork" in marked
    assert "setting5=off" in marked
    assert "<<<<<<<" in marked
