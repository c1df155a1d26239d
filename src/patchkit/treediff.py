"""Diffs between two trees that read only the folders whose ids differ.

The time of libgit2 1.9's tree-to-tree diff grows with the size of the trees,
even when one file changed. For a one-file commit it took about 0.02 ms on the
sample fork and 1.8 ms on the same fork with 3,000 more files
(`benchmarks/bench_plan.py`'s two forks, on the machine of `benchmarks/README.md`).
The walk here descends only into folders that differ, then diffs two small
trees that hold just the changed files, at their own paths, with their own ids
and modes. So the diff lists the same deltas, with the same patch and
patch-id, at a cost that grows with the change instead of the fork.
"""

from __future__ import annotations

import pygit2
from pygit2.enums import FileMode

from patchkit.treeedit import Entry, TreeEditError, edit_tree


def _entries(tree: pygit2.Tree | None) -> dict[str, pygit2.Object]:
    return {} if tree is None else {entry.name: entry for entry in tree}  # type: ignore[misc]


def _is_folder(entry: pygit2.Object | None) -> bool:
    return entry is not None and entry.filemode == FileMode.TREE


def _add_files(tree: pygit2.Tree, prefix: str, into: dict[str, Entry]) -> None:
    for entry in tree:
        path = f"{prefix}{entry.name}"
        if entry.filemode == FileMode.TREE:
            _add_files(entry, f"{path}/", into)  # type: ignore[arg-type]
        else:
            into[path] = (entry.id, entry.filemode)


def _walk(
    old: pygit2.Tree | None, new: pygit2.Tree | None, prefix: str, changes: tuple[dict[str, Entry], dict[str, Entry]]
) -> None:
    """Add to `changes` (old side, new side) every file that differs under two folders, with its entry."""
    before, after = _entries(old), _entries(new)
    for name in sorted(before.keys() | after.keys()):
        left, right = before.get(name), after.get(name)
        if left is not None and right is not None and left.id == right.id and left.filemode == right.filemode:
            continue
        path = f"{prefix}{name}"
        if _is_folder(left) and _is_folder(right):
            _walk(left, right, f"{path}/", changes)  # type: ignore[arg-type]
            continue
        for side, entry in zip(changes, (left, right)):
            if _is_folder(entry):
                _add_files(entry, f"{path}/", side)  # type: ignore[arg-type]
            elif entry is not None:
                side[path] = (entry.id, entry.filemode)


def changed_files(old: pygit2.Tree | None, new: pygit2.Tree | None) -> tuple[dict[str, Entry], dict[str, Entry]]:
    """Return the files that differ between two trees, as {path: (id, mode)} on the old and on the new side.

    A file that only one side has is in that side's dict only. None stands for the empty tree.
    """
    changes: tuple[dict[str, Entry], dict[str, Entry]] = ({}, {})
    _walk(old, new, "", changes)
    return changes


def narrow_diff(repo: pygit2.Repository, old: pygit2.Tree | None, new: pygit2.Tree | None) -> pygit2.Diff:
    """Return the diff of `old` to `new` that `old.diff_to_tree(new)` returns, reading only changed folders.

    It writes the two small trees it diffs to `repo`'s object database.
    """
    before, after = changed_files(old, new)
    try:
        small_old = repo[edit_tree(repo, None, before)].peel(pygit2.Tree)
        small_new = repo[edit_tree(repo, None, after)].peel(pygit2.Tree)
    except TreeEditError:
        # libgit2 refuses a tree entry whose object is missing, as a partial clone's blobs
        # may be, and a name that is not UTF-8. The whole-tree diff needs only the trees.
        if old is None or new is None:
            raise
        return old.diff_to_tree(new)
    return small_old.diff_to_tree(small_new)


def commit_diff(repo: pygit2.Repository, commit: pygit2.Commit) -> pygit2.Diff:
    """Return the diff of a commit against its first parent, or against the empty tree for a root commit."""
    parent = commit.parents[0].tree if commit.parents else None
    return narrow_diff(repo, parent, commit.tree)
