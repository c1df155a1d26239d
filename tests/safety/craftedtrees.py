"""Upstream commits whose trees carry entries git itself never writes: `..`, `.git` and names with slashes.

libgit2's TreeBuilder rejects such names, so the trees are written as raw objects
through the object database. Each entry is (name, mode, blob content or a nested list),
and `{outside}` in a name stands for the absolute path of a folder outside the repository.
"""

from __future__ import annotations

from pathlib import Path

import pygit2

from tests.runner.scenarios import APP_BASE, manifest_text, patch_entry
from tests.repobuilder import RepoBuilder

Entries = list[tuple[str, int, "bytes | Entries"]]

TREE_MODE = 0o040000
BLOB_MODE = 0o100644
EXECUTABLE_MODE = 0o100755

HOOK = b"#!/bin/sh\necho hook ran > hook-ran.txt\n"

# Hostile entries placed at the root of upstream's tree, by case name.
HOSTILE_ENTRIES: dict[str, Entries] = {
    "parent-file": [("..", TREE_MODE, [("escaped.txt", BLOB_MODE, b"written outside\n")])],
    "slash-name": [("../escaped.txt", BLOB_MODE, b"written outside\n")],
    "deep-slash-name": [("src/../../escaped.txt", BLOB_MODE, b"written outside\n")],
    "git-hook": [(".git", TREE_MODE, [("hooks", TREE_MODE, [("post-checkout", EXECUTABLE_MODE, HOOK)])])],
    "git-config-upper": [(".GIT", TREE_MODE, [("config", BLOB_MODE, b"[core]\n\thooksPath = /tmp\n")])],
    "nested-git": [("src", TREE_MODE, [(".git", TREE_MODE, [("config", BLOB_MODE, b"[core]\n")]),
                                       ("App.java", BLOB_MODE, APP_BASE.replace("1;", "2;").encode())])],
    "absolute-name": [("{outside}/escaped.txt", BLOB_MODE, b"written outside\n")],
    "dot-name": [(".", TREE_MODE, [("escaped.txt", BLOB_MODE, b"written\n")])],
    "latin1-name": [(b"caf\xe9.md".decode("utf-8", errors="surrogateescape"), BLOB_MODE, b"notes\n")],
}


def _sort_key(entry: tuple[str, int, object]) -> bytes:
    # git sorts tree entries by name, comparing a folder's name as if it ended in "/".
    name, mode, _ = entry
    return name.encode("utf-8", errors="surrogateescape") + (b"/" if mode == TREE_MODE else b"")


def write_raw_tree(repo: pygit2.Repository, entries: Entries, outside: Path) -> pygit2.Oid:
    """Write `entries` as a tree object without libgit2's name checks."""
    entries = [(name.replace("{outside}", str(outside)), mode, content) for name, mode, content in entries]
    data = b""
    for name, mode, content in sorted(entries, key=_sort_key):
        if isinstance(content, bytes):
            oid = repo.create_blob(content)
        else:
            oid = write_raw_tree(repo, content, outside)
        # A name may carry bytes that are not UTF-8, as surrogate escapes.
        data += f"{mode:o} {name}".encode("utf-8", errors="surrogateescape") + b"\0" + oid.raw
    return repo.odb.write(pygit2.enums.ObjectType.TREE, data)


def _merged_entries(repo: pygit2.Repository, tree: pygit2.Tree, extra: Entries) -> Entries:
    """Return the entries of `tree` with `extra` added, a same-named entry of `extra` winning."""
    names = {name for name, _, _ in extra}
    entries: Entries = []
    for entry in tree:
        if entry.name is None or entry.name in names:
            continue
        obj = repo[entry.id]
        content: bytes | Entries = obj.read_raw() if entry.filemode != TREE_MODE else _merged_entries(repo, obj.peel(pygit2.Tree), [])
        entries.append((entry.name, int(entry.filemode), content))
    return entries + extra


def hostile_fork(folder: Path, case: str, outside: Path) -> tuple[RepoBuilder, Path]:
    """Build a fork whose upstream has one commit `Hostile tree (#20)` with the case's entries."""
    builder = RepoBuilder.init(folder / "repo")
    base = builder.commit("main", "Add App", {"src/App.java": APP_BASE})
    builder.tag("base", base)
    builder.commit("fork", "Fork notes", {"NOTES.md": "fork\n"}, parent=base)
    upstream = builder.repo[base].peel(pygit2.Commit)
    tree = write_raw_tree(builder.repo, _merged_entries(builder.repo, upstream.tree, HOSTILE_ENTRIES[case]), outside)
    signature = pygit2.Signature("Mallory", "mallory@upstream.example", 1_700_100_000, 0)
    builder.repo.create_commit("refs/heads/upstream", signature, signature, "Hostile tree (#20)\n", tree, [upstream.id])
    builder.checkout("fork")
    manifest = folder / "patchset.yaml"
    manifest.write_text(manifest_text(patch_entry("hostile", 20, 1)), encoding="utf-8")
    return builder, manifest
