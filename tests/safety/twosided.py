"""A fork and an upstream that each change a base commit, and a manifest that picks upstream's change.

Files are given as {path: content}: bytes for a regular file, (mode, bytes) for another
mode such as a symbolic link, and None to delete the path.
"""

from __future__ import annotations

import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pygit2

from tests.repobuilder import RepoBuilder
from tests.runner.scenarios import manifest_text, patch_entry
from tests.safety.harness import run_patchkit

Content = bytes | tuple[int, bytes] | None
Files = Mapping[str, Content]

UPSTREAM_AUTHOR = pygit2.Signature("Ada Upstream", "ada@upstream.example", 1_700_000_000, 0)


@dataclass(frozen=True)
class TwoSided:
    """The built repository and the manifest that picks upstream's commit `#20`."""

    builder: RepoBuilder
    manifest: Path

    @property
    def path(self) -> Path:
        return self.builder.path

    def apply(self) -> subprocess.CompletedProcess[str]:
        return run_patchkit("apply", str(self.manifest), "--repo", str(self.path))


def _tree(repo: pygit2.Repository, parent: pygit2.Commit | None, files: Files) -> pygit2.Oid:
    index = pygit2.Index()
    if parent is not None:
        index.read_tree(parent.tree)
    for path, content in files.items():
        if content is None:
            if path in index:
                index.remove(path)
            _remove_folder(index, path)
            continue
        mode, data = content if isinstance(content, tuple) else (pygit2.enums.FileMode.BLOB, content)
        _remove_folder(index, path)
        index.add(pygit2.IndexEntry(path, repo.create_blob(data), pygit2.enums.FileMode(mode)))
    return index.write_tree(repo)


def _remove_folder(index: pygit2.Index, path: str) -> None:
    for entry in [entry.path for entry in index if entry.path.startswith(path + "/")]:
        index.remove(entry)


def _commit(repo: pygit2.Repository, branch: str, message: str, files: Files, parent: pygit2.Commit | None,
            author: pygit2.Signature, when: int) -> pygit2.Commit:
    signature = pygit2.Signature(author.name, author.email, when, 0)
    oid = repo.create_commit(
        f"refs/heads/{branch}", signature, signature, message, _tree(repo, parent, files),
        [parent.id] if parent is not None else [],
    )
    return repo[oid].peel(pygit2.Commit)


def two_sided(
    folder: Path,
    base: Files,
    fork: Files,
    upstream: Files,
    *,
    message: str = "Change upstream (#20)\n",
    author: pygit2.Signature = UPSTREAM_AUTHOR,
) -> TwoSided:
    """Build base, then `fork` and `upstream` on top of it, with the fork checked out."""
    builder = RepoBuilder.init(folder / "repo")
    repo = builder.repo
    base_commit = _commit(repo, "main", "Base\n", base, None, UPSTREAM_AUTHOR, 1_700_000_000)
    builder.tag("base", str(base_commit.id))
    _commit(repo, "fork", "Fork change\n", fork, base_commit, UPSTREAM_AUTHOR, 1_700_000_100)
    _commit(repo, "upstream", message, upstream, base_commit, author, 1_700_000_200)
    builder.checkout("fork")
    manifest = folder / "patchset.yaml"
    manifest.write_text(manifest_text(patch_entry("change", 20, 1)), encoding="utf-8")
    return TwoSided(builder, manifest)
