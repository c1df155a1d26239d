"""Build small git repositories for the build tests with pygit2."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pygit2
from pygit2.enums import FileMode

SIGNATURE = pygit2.Signature("Patchkit Test", "test@example.invalid", 1_700_000_000, 0)
BRANCH = "refs/heads/main"


def make_repo(path: Path, files: Mapping[str, str]) -> pygit2.Repository:
    """Create a repository at `path` whose `main` branch has one commit with `files`.

    The work tree and the index stay empty, so a test can tell whether a build
    wrote to them.
    """
    repo = pygit2.init_repository(str(path), initial_head="main")
    commit_files(repo, files, "Add the sample project")
    return repo


def commit_files(repo: pygit2.Repository, changes: Mapping[str, str | None], message: str,
                 executable: frozenset[str] = frozenset()) -> str:
    """Commit `changes` (path to text, or None to delete) on top of `main` and return the commit id."""
    index = pygit2.Index()
    parents: list[pygit2.Oid] = []
    if not repo.head_is_unborn:
        head = repo.head.peel(pygit2.Commit)
        index.read_tree(head.tree)
        parents.append(head.id)
    for path, text in changes.items():
        if text is None:
            index.remove(path)
            continue
        mode = FileMode.BLOB_EXECUTABLE if path in executable else FileMode.BLOB
        index.add(pygit2.IndexEntry(path, repo.create_blob(text.encode()), mode))
    tree_id = index.write_tree(repo)
    return str(repo.create_commit(BRANCH, SIGNATURE, SIGNATURE, message, tree_id, parents))
