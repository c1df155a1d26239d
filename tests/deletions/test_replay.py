"""The merge benchmark scores delete/modify conflicts with the rules `pick` uses."""

from __future__ import annotations

from pathlib import Path

import pygit2

from patchkit.evaluate.finder import Backport
from patchkit.evaluate.replay import Outcome, replay
from tests.repobuilder import RepoBuilder

GONE = "src/Gone.java"
NEW = "src/New.java"


def _picked(message: str, original: str) -> str:
    return f"{message}\n\n(cherry picked from commit {original})\n"


def _history(path: Path) -> RepoBuilder:
    """main changes and deletes Gone.java and adds and changes New.java, and three branches backport them.

    release-1 backports the deletion and, unlike the rule, adds New.java with its change.
    release-2 edited Gone.java before it backports the deletion.
    release-3 records the backport of New.java's change with no change, as the rule does.
    """
    builder = RepoBuilder.init(path)
    base = builder.commit("main", "Add files", {GONE: "class Gone { int v = 1; }\n", "README": "docs\n"})
    builder.commit("main", "Change Gone (#1)", {GONE: "class Gone { int v = 2; }\n"})
    deleted = builder.commit("main", "Delete Gone (#2)", {GONE: None})
    builder.commit("main", "Add New (#3)", {NEW: "class New { int v = 1; }\n"})
    changed = builder.commit("main", "Change New (#4)", {NEW: "class New { int v = 2; }\n"})

    builder.commit("release-1", "Fork docs", {"README": "fork docs\n"}, parent=base)
    builder.commit("release-1", _picked("Delete Gone (#2)", deleted), {GONE: None}, name="deleted'")
    builder.commit("release-1", _picked("Change New (#4)", changed), {NEW: "class New { int v = 2; }\n"}, name="changed'")
    builder.commit("release-2", "Fork edits Gone", {GONE: "class Gone { int v = 7; }\n"}, parent=base)
    builder.commit("release-2", _picked("Delete Gone (#2)", deleted), {GONE: None}, name="edited'")
    builder.commit("release-3", _picked("Change New (#4)", changed), {}, parent=base, name="skipped'")
    return builder


def _score(builder: RepoBuilder, backport_name: str, original_message: str) -> tuple[Outcome, str, str]:
    repo = builder.repo
    backport = Backport(
        repo[builder.commits[backport_name]].peel(pygit2.Commit),
        repo[builder.commits[original_message]].peel(pygit2.Commit),
        "trailer",
    )
    [file] = replay(repo, backport).files
    return file.outcome, file.kind, file.reason


def test_replay_deletion_equal(tmp_path: Path) -> None:
    outcome, kind, reason = _score(_history(tmp_path / "repo"), "deleted'", "Delete Gone (#2)")

    assert outcome is Outcome.EQUAL
    assert kind == "delete/modify"
    assert reason.startswith(f"upstream deleted {GONE}")


def test_replay_left_out_different(tmp_path: Path) -> None:
    outcome, kind, reason = _score(_history(tmp_path / "repo"), "changed'", "Change New (#4)")

    assert outcome is Outcome.DIFFERENT
    assert kind == "delete/modify"
    assert reason.startswith(f"upstream changed {NEW}")


def test_replay_left_out_equal(tmp_path: Path) -> None:
    outcome, kind, reason = _score(_history(tmp_path / "repo"), "skipped'", "Change New (#4)")

    assert outcome is Outcome.EQUAL
    assert kind == "delete/modify"
    assert "no file there either" in reason


def test_replay_fork_edit_left(tmp_path: Path) -> None:
    outcome, kind, _ = _score(_history(tmp_path / "repo"), "edited'", "Delete Gone (#2)")

    assert outcome is Outcome.LEFT
    assert kind == "delete/modify"
