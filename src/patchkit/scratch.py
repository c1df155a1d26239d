"""Temporary repositories that read the user's objects but keep their own writes in memory.

A replay in memory still writes objects: merged blobs, trees and the commits
that the next pick builds on. A scratch repository keeps those objects out of
the user's `.git/`. It is a bare repository in the system's temporary folder,
and its `objects/info/alternates` names the user's object folder. So every
object of the user's repository is readable in it by id. Objects written to
it go to an in-memory object backend that libgit2 tries before the folder's
own loose objects, because writing and deleting many small files costs more
than the replay itself on some file systems. The folder is deleted afterwards.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pygit2

log = logging.getLogger("patchkit.scratch")

# libgit2 writes each object to the backend of highest priority; its own loose and pack backends use 1 and 2.
_MEMORY_PRIORITY = 1000


class MemoryObjects(pygit2.OdbBackend):
    """An object database backend that keeps objects in a dict, keyed by id.

    pygit2 calls the `*_cb` methods from libgit2. A KeyError reports to libgit2
    that the object is not here, so libgit2 tries the next backend.
    """

    def __init__(self) -> None:
        super().__init__()
        self.objects: dict[pygit2.Oid, tuple[int, bytes]] = {}

    def read_cb(self, oid: pygit2.Oid) -> tuple[int, bytes]:
        return self.objects[oid]

    def read_header_cb(self, oid: pygit2.Oid) -> tuple[int, int]:
        kind, data = self.objects[oid]
        return kind, len(data)

    def read_prefix_cb(self, prefix: str) -> tuple[int, bytes, pygit2.Oid]:
        oid = self.exists_prefix_cb(prefix)
        kind, data = self.objects[oid]
        return kind, data, oid

    def exists_cb(self, oid: pygit2.Oid) -> bool:
        return oid in self.objects

    def exists_prefix_cb(self, prefix: str) -> pygit2.Oid:
        matches = [oid for oid in self.objects if str(oid).startswith(prefix)]
        if not matches:
            raise KeyError(prefix)
        if len(matches) > 1:
            raise ValueError(f"object id prefix {prefix} is ambiguous")
        return matches[0]

    def write_cb(self, oid: pygit2.Oid, data: bytes, kind: int) -> None:
        self.objects[oid] = (kind, data)

    def refresh_cb(self) -> None:
        return None

    def __iter__(self) -> Iterator[pygit2.Oid]:
        return iter(list(self.objects))


def object_folder(repo: pygit2.Repository) -> Path:
    """Return the repository's `objects` folder, following a linked work tree to the main `.git/`."""
    git_dir = Path(repo.path)
    common = git_dir / "commondir"
    if common.is_file():
        git_dir = (git_dir / common.read_text(encoding="utf-8").strip()).resolve()
    return git_dir / "objects"


def _write_layout(folder: Path, objects: Path) -> None:
    """Write the few files a bare repository needs, fewer than `git init` writes, because each costs time."""
    (folder / "objects" / "info").mkdir(parents=True)
    (folder / "refs").mkdir()
    (folder / "HEAD").write_text("ref: refs/heads/scratch\n", encoding="utf-8")
    # Without core.bare, libgit2 would take the parent folder for a work tree.
    (folder / "config").write_text("[core]\n\tbare = true\n", encoding="utf-8")
    (folder / "objects" / "info" / "alternates").write_text(f"{objects}\n", encoding="utf-8")


@contextlib.contextmanager
def scratch_repository(repo: pygit2.Repository) -> Iterator[pygit2.Repository]:
    """Yield a bare repository that reads `repo`'s objects and keeps the objects written to it in memory.

    The temporary folder is removed when the block ends, also on an exception.
    """
    folder = Path(tempfile.mkdtemp(prefix="patchkit-scratch-"))
    try:
        _write_layout(folder, object_folder(repo))
        scratch = pygit2.Repository(str(folder))
        scratch.odb.add_backend(MemoryObjects(), _MEMORY_PRIORITY)
        log.debug("scratch repository %s reads objects of %s", folder, repo.path)
        try:
            yield scratch
        finally:
            scratch.free()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
