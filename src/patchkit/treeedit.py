"""Editing a few paths of a large tree without reading the whole tree into an index."""

from __future__ import annotations

from collections.abc import Mapping

import pygit2
from pygit2.enums import DeltaStatus, FileMode

from patchkit.errors import RepositoryError

Entry = tuple[pygit2.Oid, int]


def _is_folder(tree: pygit2.Tree, path: str) -> bool:
    return path in tree and tree[path].type_str == "tree"


def has_file(tree: pygit2.Tree, path: str) -> bool:
    return path in tree and tree[path].type_str != "tree"


def has_folder(tree: pygit2.Tree, path: str) -> bool:
    return path == "" or _is_folder(tree, path)


def _split(changes: Mapping[str, Entry | None]) -> tuple[dict[str, Entry | None], dict[str, dict[str, Entry | None]]]:
    """Separate changes to this folder's own entries from changes inside its subfolders."""
    here: dict[str, Entry | None] = {}
    below: dict[str, dict[str, Entry | None]] = {}
    for path, entry in changes.items():
        head, slash, rest = path.partition("/")
        if slash:
            below.setdefault(head, {})[rest] = entry
        else:
            here[head] = entry
    return here, below


class TreeEditError(RepositoryError):
    """A tree entry cannot be written: its object is missing, or its name is not valid UTF-8."""


def _insert(repo: pygit2.Repository, builder: pygit2.TreeBuilder, path: str, name: str, oid: pygit2.Oid, mode: int) -> None:
    try:
        builder.insert(name, oid, mode)
    except UnicodeEncodeError:
        raise TreeEditError(
            f"The file name {path!r} is not valid UTF-8, and patchkit writes only UTF-8 names into trees. "
            "Rename the file, or leave the commit that has it out of the manifest."
        ) from None
    except pygit2.GitError as error:
        if mode == FileMode.COMMIT or oid in repo.odb:
            raise TreeEditError(
                f"libgit2 rejects the tree entry {path!r} ({error}). Inspect the commit that has it with "
                "`git fsck`, and leave it out of the manifest."
            ) from None
        raise TreeEditError(
            f"patchkit needs the object {oid} of {path}, which the repository lacks ({error}); a partial clone "
            "does not have the files it never fetched. Fetch every object (remove the clone's filter, then "
            "`git fetch --refetch`) or work in a full clone."
        ) from None


def _edit(
    repo: pygit2.Repository, tree: pygit2.Tree | None, changes: Mapping[str, Entry | None], prefix: str = ""
) -> pygit2.Oid | None:
    """Return `tree` with `changes` applied, or None when nothing is left in it; `prefix` is the tree's folder."""
    builder = repo.TreeBuilder(tree) if tree is not None else repo.TreeBuilder()
    here, below = _split(changes)
    # Deletions first, then folders, then new files, so a file can replace a folder and back.
    for name, entry in here.items():
        if entry is None and builder.get(name) is not None:
            builder.remove(name)
    for name, nested in below.items():
        current = builder.get(name)
        subtree = repo[current.id].peel(pygit2.Tree) if current is not None and current.filemode == FileMode.TREE else None
        edited = _edit(repo, subtree, nested, f"{prefix}{name}/")
        if edited is not None:
            _insert(repo, builder, f"{prefix}{name}", name, edited, FileMode.TREE)
        elif subtree is not None:
            builder.remove(name)
    for name, entry in here.items():
        if entry is not None:
            _insert(repo, builder, f"{prefix}{name}", name, entry[0], entry[1])
    return builder.write() if len(builder) else None


def edit_tree(repo: pygit2.Repository, tree: pygit2.Tree | None, changes: Mapping[str, Entry | None]) -> pygit2.Oid:
    """Return the id of `tree` with each path set to a file entry (oid, mode) or removed (None).

    Only the folders on the changed paths are rewritten; a folder left empty is removed.
    """
    return _edit(repo, tree, changes) or repo.TreeBuilder().write()


def tree_of_index(repo: pygit2.Repository, index: pygit2.Index, near: pygit2.Tree) -> pygit2.Oid:
    """Write the tree of a conflict-free `index` of `repo` by editing `near` where the index differs.

    The result equals `index.write_tree(repo)`, which hashes every folder because
    a merge's index has no cache of its trees: about 25 ms per pick on a fork of
    3,000 files (measured with `benchmarks/bench_plan.py`).
    """
    changes: dict[str, Entry | None] = {}
    # Without rename detection, each delta changes one file and keeps its path.
    for delta in index.diff_to_tree(near).deltas:
        if delta.status is DeltaStatus.DELETED:
            changes[delta.old_file.path] = None
        else:
            changes[delta.new_file.path] = (delta.new_file.id, delta.new_file.mode)
    return edit_tree(repo, near, changes)
