"""A pick merges small trees of the touched paths. These tests compare it with a merge of the whole fork tree."""

from __future__ import annotations

from pathlib import Path

import pygit2
import pytest
from pygit2.enums import MergeFlag

from patchkit.pick import PickContext, _follow_moves, _map_changes, _mapped_trees, _set_aside_collisions, pick
from patchkit.renames import PathMapper
from patchkit.sample import SampleFork
from patchkit.treeedit import edit_tree, tree_of_index
from tests.deletions.repos import deletion_repo, moved_repo
from tests.safety.test_conflict_kinds import KINDS
from tests.safety.twosided import Files, two_sided

Sides = tuple[tuple[pygit2.Oid, int] | None, ...]


def _full_tree_merge(context: PickContext, commit: pygit2.Commit, onto: pygit2.Commit) -> pygit2.Index:
    """Merge the whole fork tree with the touched paths changed, as pick did before it merged small trees."""
    mapper = PathMapper(context.repo, onto.tree, context.fork_point.tree, context.manifest_map, upstream_cache={})
    mapping = _map_changes(context, commit, mapper)
    _set_aside_collisions(mapping, onto.tree)
    ours_moves = _follow_moves(mapping, onto.tree)
    base = edit_tree(context.repo, onto.tree, {path: mapping.base[path] for path in mapping.touched})
    ours = edit_tree(context.repo, onto.tree, ours_moves) if ours_moves else onto.tree.id
    theirs = edit_tree(context.repo, onto.tree, {path: mapping.theirs[path] for path in mapping.touched})
    return context.repo.merge_trees(base, ours, theirs, flags=MergeFlag(0))


def _narrow_merge(context: PickContext, commit: pygit2.Commit, onto: pygit2.Commit) -> tuple[pygit2.Index, list[str]]:
    base, ours, theirs, _, mapping = _mapped_trees(context, commit, onto)
    return context.repo.merge_trees(base, ours, theirs, flags=MergeFlag(0)), sorted(mapping.touched)


def _conflicts(index: pygit2.Index) -> dict[str, Sides]:
    if index.conflicts is None:
        return {}
    found = {}
    for sides in index.conflicts:
        path = next(side.path for side in sides if side is not None)
        found[path] = tuple(None if side is None else (side.id, side.mode) for side in sides)
    return found


def _entry(index: pygit2.Index, path: str) -> tuple[pygit2.Oid, int] | None:
    try:
        entry = index[path]
    except KeyError:
        return None
    return entry.id, entry.mode


def _assert_same_as_full(context: PickContext, commit: pygit2.Commit, onto: pygit2.Commit) -> None:
    full = _full_tree_merge(context, commit, onto)
    narrow, touched = _narrow_merge(context, commit, onto)
    assert _conflicts(narrow) == _conflicts(full)
    for path in touched:
        assert _entry(narrow, path) == _entry(full, path), path
    result = pick(context, commit, onto)
    if full.conflicts is None:
        assert result.merged_tree(context.repo) == tree_of_index(context.repo, full, onto.tree)
    if not result.unresolved:
        assert result.merged_tree(context.repo) == result.tree_without_conflicts(context.repo)


def _upstream_commits(repo: pygit2.Repository, branch: str, fork_point: pygit2.Commit) -> list[pygit2.Commit]:
    walker = repo.walk(repo.revparse_single(branch).id)
    walker.hide(fork_point.id)
    return [commit for commit in walker if len(commit.parents) == 1]


def _context(repo: pygit2.Repository, fork_point: str) -> PickContext:
    return PickContext(repo, repo.revparse_single(fork_point).peel(pygit2.Commit), (), "fork")


@pytest.mark.parametrize(("base", "fork", "upstream"), [case[1:] for case in KINDS], ids=[case[0] for case in KINDS])
def test_pick_conflict_kinds(tmp_path: Path, base: Files, fork: Files, upstream: Files) -> None:
    repo = two_sided(tmp_path, base, fork, upstream).builder.repo
    context = _context(repo, "base")
    onto = repo.revparse_single("fork").peel(pygit2.Commit)
    _assert_same_as_full(context, repo.revparse_single("upstream").peel(pygit2.Commit), onto)


@pytest.mark.parametrize("branch", ["upstream", "mixed"])
def test_pick_deletions(tmp_path: Path, branch: str) -> None:
    repo = deletion_repo(tmp_path / "repo").repo
    context = _context(repo, "base")
    onto = repo.revparse_single("fork").peel(pygit2.Commit)
    for commit in _upstream_commits(repo, branch, context.fork_point):
        _assert_same_as_full(context, commit, onto)


def test_pick_moved_folder(tmp_path: Path) -> None:
    repo = moved_repo(tmp_path / "repo").repo
    context = _context(repo, "base")
    onto = repo.revparse_single("fork").peel(pygit2.Commit)
    for commit in _upstream_commits(repo, "upstream", context.fork_point):
        _assert_same_as_full(context, commit, onto)


def test_pick_sample_commits(sample_fork: SampleFork) -> None:
    repo = pygit2.Repository(str(sample_fork.path))
    context = _context(repo, sample_fork.fork_point_tag)
    onto = repo.revparse_single(sample_fork.fork_branch).peel(pygit2.Commit)
    commits = _upstream_commits(repo, sample_fork.upstream_ref, context.fork_point)
    assert len(commits) > 3
    for commit in commits:
        _assert_same_as_full(context, commit, onto)
