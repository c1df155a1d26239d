"""Choose the Maven modules a set of changed files belongs to."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable

import pygit2

ROOT = "."


def touched_modules(tree: pygit2.Tree, changed_paths: Iterable[str]) -> tuple[str, ...]:
    """Return the folders of the nearest `pom.xml` above each changed path in `tree`, sorted.

    A path whose nearest `pom.xml` is the root one, or that has none above it,
    maps to ".", which stands for the whole reactor. Because building the
    reactor covers every module, a "." result is returned alone. Paths deleted
    from `tree` are looked up by their folders, which may still exist.
    """
    has_pom: dict[str, bool] = {}
    modules = {_nearest_module(tree, path, has_pom) for path in changed_paths}
    if ROOT in modules:
        return (ROOT,)
    return tuple(sorted(modules))


def _nearest_module(tree: pygit2.Tree, path: str, has_pom: dict[str, bool]) -> str:
    # NOTE: any folder with a pom.xml counts as a module, so a pom.xml kept as
    # test data (under src/test/resources, say) is taken for one, and Maven
    # then rejects the -pl entry as not in the reactor.
    folder = posixpath.dirname(path.strip("/"))
    while folder:
        if folder not in has_pom:
            has_pom[folder] = _is_file(tree, f"{folder}/pom.xml")
        if has_pom[folder]:
            return folder
        folder = posixpath.dirname(folder)
    return ROOT


def _is_file(tree: pygit2.Tree, path: str) -> bool:
    try:
        entry = tree[path]
    except KeyError:
        return False
    return entry.type_str == "blob"
