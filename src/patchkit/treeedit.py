"""Editing a few paths of a large tree without reading the whole tree into an index."""

from __future__ import annotations

from collections.abc import Mapping

import pygit2
from pygit2.enums import FileMode

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


def edit_tree(repo: pygit2.Repository, tree: pygit2.Tree | None, changes: Mapping[str, Entry | None]) -> pygit2.Oid:
    """Return the id of `tree` with each path set to a file entry (oid, mode) or removed (None).

    Only the folders on the changed paths are rewritten; a folder left empty is removed.
    """
    builder = repo.TreeBuilder(tree) if tree is not None else repo.TreeBuilder()
    here, below = _split(changes)
    for name, entry in here.items():
        if entry is None:
            if builder.get(name) is not None:
                builder.remove(name)
        else:
            builder.insert(name, entry[0], entry[1])
    for name, nested in below.items():
        current = tree[name] if tree is not None and name in tree else None
        subtree = current if isinstance(current, pygit2.Tree) else None
        edited = repo[edit_tree(repo, subtree, nested)]
        assert isinstance(edited, pygit2.Tree)
        if len(edited) == 0:
            if builder.get(name) is not None:
                builder.remove(name)
        else:
            builder.insert(name, edited.id, FileMode.TREE)
    return builder.write()
