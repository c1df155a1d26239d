"""Export a commit's tree into a scratch folder for the build."""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pygit2
from pygit2.enums import CheckoutStrategy

log = logging.getLogger("patchkit.build")


def worktrees_dir(repo: pygit2.Repository) -> Path:
    """Return the folder that holds build worktrees: `<git dir>/patchkit/worktrees`."""
    return Path(repo.path) / "patchkit" / "worktrees"


@contextmanager
def exported_tree(repo: pygit2.Repository, commit: pygit2.Commit, *, keep: bool) -> Iterator[Path]:
    """Write `commit`'s files into a new folder under `worktrees_dir` and yield its path.

    The export is a plain checkout into another directory, not a linked git
    worktree: it needs no ref and leaves no `.git/worktrees` entry behind when
    the process dies. libgit2 would otherwise also write the tree into the
    repository's index, which DONT_UPDATE_INDEX prevents, so the user's HEAD,
    index and work tree stay as they were. The folder has no `.git`, so a
    Maven plugin that reads git metadata finds none. It is removed on exit,
    whatever the outcome, unless `keep` is true.
    """
    # NOTE: a process killed with SIGKILL (or a power cut) leaves its folder
    # behind, and nothing removes such folders later.
    parent = worktrees_dir(repo)
    parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f"{str(commit.id)[:12]}-", dir=parent))
    try:
        # pygit2 1.21 ships checkout_tree without annotations.
        repo.checkout_tree(commit.tree, directory=str(folder),  # type: ignore[no-untyped-call]
                           strategy=CheckoutStrategy.FORCE | CheckoutStrategy.DONT_UPDATE_INDEX)
        log.debug("exported %s into %s", commit.id, folder)
        yield folder
    finally:
        if keep:
            log.info("kept the build worktree at %s", folder)
        else:
            shutil.rmtree(folder, ignore_errors=True)
