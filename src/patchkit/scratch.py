"""Repositories without a folder that read the user's objects and keep their own writes in memory.

A replay in memory still writes objects: merged blobs, trees and the commits
that the next pick builds on. A scratch repository keeps those objects out of
the user's `.git/`. It has no folder: its object database reads the user's
object folder (with that folder's alternates) as an alternate, which libgit2
never writes to, and writes to an in-memory object backend. Creating and
removing a bare repository in a temporary folder instead took about 0.9 ms of
each plan of the sample fork.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path

import pygit2

log = logging.getLogger("patchkit.scratch")

# libgit2 writes each object to the backend of highest priority that is not an alternate.
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


@contextlib.contextmanager
def scratch_repository(repo: pygit2.Repository) -> Iterator[pygit2.Repository]:
    """Yield a repository that reads `repo`'s objects and keeps the objects written to it in memory."""
    objects = pygit2.Odb()
    objects.add_disk_alternate(str(object_folder(repo)))
    objects.add_backend(MemoryObjects(), _MEMORY_PRIORITY)
    scratch = pygit2.Repository()
    scratch.set_odb(objects)
    log.debug("scratch repository reads objects of %s", repo.path)
    try:
        yield scratch
    finally:
        scratch.free()
