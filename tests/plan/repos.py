"""Small repositories for the plan tests, written with pygit2 one commit at a time."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pygit2

_AUTHOR = pygit2.Signature("Test Author", "author@example.org", 1_700_000_000, 0)


class LinearRepo:
    """A repository whose commits each write whole files on top of the previous commit."""

    def __init__(self, path: Path) -> None:
        self.repo = pygit2.init_repository(str(path), initial_head="main")
        self.files: dict[str, bytes] = {}
        self.tip: pygit2.Oid | None = None
        self.clock = _AUTHOR.time

    def commit(self, message: str, files: dict[str, str] | None = None) -> pygit2.Commit:
        """Commit `files` (path to text) over the previous tree with `message`; move `main`."""
        self.files.update({path: text.encode() for path, text in (files or {}).items()})
        index = pygit2.Index()
        for path, data in self.files.items():
            index.add(pygit2.IndexEntry(path, self.repo.create_blob(data), pygit2.enums.FileMode.BLOB))
        tree = index.write_tree(self.repo)
        self.clock += 60
        signature = pygit2.Signature(_AUTHOR.name, _AUTHOR.email, self.clock, 0)
        parents = [self.tip] if self.tip is not None else []
        self.tip = self.repo.create_commit("refs/heads/main", signature, signature, message, tree, parents)
        return self.repo[self.tip].peel(pygit2.Commit)


def digest_tree(root: Path) -> dict[str, str]:
    """Hash every file and symbolic link under `root`, keyed by relative path."""
    digests = {}
    for folder, _, files in os.walk(root):
        for name in files:
            path = Path(folder) / name
            data = os.readlink(path).encode() if path.is_symlink() else path.read_bytes()
            digests[str(path.relative_to(root))] = hashlib.sha256(data).hexdigest()
    return digests
