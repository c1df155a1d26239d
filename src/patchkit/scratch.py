"""Temporary repositories that read the user's objects but write their own.

A replay in memory still writes objects: merged blobs, trees and the commits
that the next pick builds on. A scratch repository keeps those objects out of
the user's `.git/`. It is a bare repository in the system's temporary folder,
and its `objects/info/alternates` names the user's object folder. So every
object of the user's repository is readable in it by id, while every object
written goes to the scratch folder, which is deleted afterwards.
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


def object_folder(repo: pygit2.Repository) -> Path:
    """Return the repository's `objects` folder, following a linked work tree to the main `.git/`."""
    git_dir = Path(repo.path)
    common = git_dir / "commondir"
    if common.is_file():
        git_dir = (git_dir / common.read_text(encoding="utf-8").strip()).resolve()
    return git_dir / "objects"


@contextlib.contextmanager
def scratch_repository(repo: pygit2.Repository) -> Iterator[pygit2.Repository]:
    """Yield a bare repository that reads `repo`'s objects and stores the objects written to it.

    The temporary folder is removed when the block ends, also on an exception.
    """
    folder = Path(tempfile.mkdtemp(prefix="patchkit-scratch-"))
    try:
        pygit2.init_repository(str(folder), bare=True)
        alternates = folder / "objects" / "info" / "alternates"
        alternates.write_text(f"{object_folder(repo)}\n", encoding="utf-8")
        # A fresh handle reads the alternates file, whatever the creating handle loaded before it existed.
        scratch = pygit2.Repository(str(folder))
        log.debug("scratch repository %s reads objects of %s", folder, repo.path)
        try:
            yield scratch
        finally:
            scratch.free()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
