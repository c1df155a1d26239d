"""Delete/modify conflicts in a pick: which ones settle by themselves, and the trees they give."""

from __future__ import annotations

from pathlib import Path

import pygit2

from patchkit.deletions import DeletionAction, ForkSpan, settle_deletion
from patchkit.model import ResolutionKind
from patchkit.outcomes import conflict_records
from tests.deletions.repos import (
    APP,
    GONE,
    GONE_BASE,
    NEW,
    OLD,
    commit_of,
    deletion_repo,
    pick_onto_fork,
    tree_at,
)


def test_take_deletion_applies(tmp_path: Path) -> None:
    builder = deletion_repo(tmp_path / "repo")
    result = pick_onto_fork(builder, "Delete Gone (#31)")

    [conflict] = result.conflicts
    assert conflict.path == GONE
    assert conflict.kind == "modify/delete"
    assert conflict.resolved
    assert conflict.deletion is DeletionAction.TAKE_DELETION
    assert GONE in conflict.reason
    assert "has not changed it since the fork point" in conflict.reason
    tree = tree_at(builder, result.merged_tree(builder.repo))
    assert GONE not in tree
    assert APP in tree
    assert GONE not in result.index


def test_take_deletion_declines_fork_edit(tmp_path: Path) -> None:
    one_byte = GONE_BASE.replace("v = 1", "v = 7")
    builder = deletion_repo(tmp_path / "repo", {GONE: one_byte})
    result = pick_onto_fork(builder, "Delete Gone (#31)")

    [conflict] = result.conflicts
    assert not conflict.resolved
    assert conflict.deletion is None
    assert conflict.marked_text == one_byte.encode()
    assert "keep or delete it by hand" in conflict.reason


def test_take_deletion_declines_mode_change(tmp_path: Path) -> None:
    builder = deletion_repo(tmp_path / "repo")
    fork = commit_of(builder, "fork")
    blob = fork.tree[GONE].id
    executable = pygit2.IndexEntry(GONE, blob, pygit2.enums.FileMode.BLOB_EXECUTABLE)
    same = pygit2.IndexEntry(GONE, blob, pygit2.enums.FileMode.BLOB)
    span = ForkSpan(builder.repo, commit_of(builder, "base"), fork)

    assert settle_deletion(span, GONE, GONE, executable, None) is None
    assert settle_deletion(span, GONE, GONE, same, None) is not None


def test_leave_out_applies(tmp_path: Path) -> None:
    builder = deletion_repo(tmp_path / "repo")
    result = pick_onto_fork(builder, "Change New (#33)")

    [conflict] = result.conflicts
    assert conflict.path == NEW
    assert conflict.kind == "delete/modify"
    assert conflict.resolved
    assert conflict.deletion is DeletionAction.LEAVE_OUT
    assert "added after the fork point" in conflict.reason
    assert result.merged_tree(builder.repo) == commit_of(builder, "fork").tree.id
    assert result.tree_without_conflicts(builder.repo) == commit_of(builder, "fork").tree.id


def test_leave_out_declines_fork_deletion(tmp_path: Path) -> None:
    builder = deletion_repo(tmp_path / "repo", {OLD: None})
    result = pick_onto_fork(builder, "Change Old (#34)")

    [conflict] = result.conflicts
    assert conflict.kind == "delete/modify"
    assert not conflict.resolved
    assert conflict.deletion is None
    assert "the fork deleted it" in conflict.reason


def test_leave_out_declines_at_upstream_path(tmp_path: Path) -> None:
    builder = deletion_repo(tmp_path / "repo")
    theirs_tree = commit_of(builder, "upstream").tree
    theirs = pygit2.IndexEntry("fork/Old.java", theirs_tree[OLD].id, pygit2.enums.FileMode.BLOB)
    span = ForkSpan(builder.repo, commit_of(builder, "base"), commit_of(builder, "fork"))

    assert settle_deletion(span, "fork/Old.java", OLD, None, theirs) is None
    assert settle_deletion(span, "fork/Old.java", "src/Other.java", None, theirs) is not None


def test_leave_out_declines_fork_move(tmp_path: Path) -> None:
    """A file the fork took in after the fork point and then moved is not one it never had."""
    builder = deletion_repo(tmp_path / "repo")
    added = builder.repo[builder.commits["Add New (#32)"]].peel(pygit2.Commit)
    content = builder.repo[added.tree[NEW].id].data
    builder.commit("fork", "Take in New", {NEW: content})
    builder.commit("fork", "Move New", {NEW: None, "conf/New.java": content})
    result = pick_onto_fork(builder, "Change New (#33)")

    [conflict] = result.conflicts
    assert conflict.kind == "delete/modify"
    assert not conflict.resolved
    assert conflict.deletion is None


def test_settled_beside_unresolved(tmp_path: Path) -> None:
    builder = deletion_repo(tmp_path / "repo")
    result = pick_onto_fork(builder, "Drop Gone and rename app (#36)")

    by_path = {conflict.path: conflict for conflict in result.conflicts}
    assert by_path[GONE].resolved
    assert not by_path[APP].resolved
    assert [conflict.path for conflict in result.unresolved] == [APP]
    tree = tree_at(builder, result.tree_without_conflicts(builder.repo))
    assert GONE not in tree
    assert tree[APP].id == commit_of(builder, "fork").tree[APP].id


def test_records_name_rules(tmp_path: Path) -> None:
    builder = deletion_repo(tmp_path / "repo")
    deleted = conflict_records(pick_onto_fork(builder, "Delete Gone (#31)"))
    left_out = conflict_records(pick_onto_fork(builder, "Change New (#33)"))

    assert [record.resolution for record in deleted] == [ResolutionKind.RULE]
    assert deleted[0].rule == "built-in: take upstream's deletion"
    assert deleted[0].reason.startswith(f"upstream deleted {GONE}")
    assert [record.resolution for record in left_out] == [ResolutionKind.RULE]
    assert left_out[0].rule == "built-in: leave out a file the fork never had"
    assert left_out[0].reason.startswith(f"upstream changed {NEW}")
