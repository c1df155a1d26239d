"""Knowing when a patch is already on the fork."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pygit2

from patchkit import treediff, treeedit
from patchkit.cachefiles import JsonCache, source_stamp
from patchkit.treediff import commit_diff

_TRAILER = re.compile(r"\(cherry picked from commit ([0-9a-f]{7,40})\)")


def cherry_picked_from(message: str) -> list[str]:
    """Return the commit ids named by `(cherry picked from commit …)` lines of a message."""
    return _TRAILER.findall(message)


def patch_id_cache(root: Path) -> JsonCache:
    """Return the cache of patch-ids by commit id under `root`. A commit's patch-id never changes."""
    modules = [sys.modules[__name__], treediff, treeedit]
    return JsonCache(root, "patch-ids", source_stamp([pygit2.LIBGIT2_VERSION], modules))


def cached_patch_id(repo: pygit2.Repository, commit: pygit2.Commit, cache: JsonCache | None) -> str | None:
    """Return `patch_id` of the commit, read from `cache` when an earlier call stored it."""
    if cache is None:
        return patch_id(repo, commit)
    key = str(commit.id)
    stored = cache.read_keyed(key)
    if stored is not None and "patch_id" in stored:
        value = stored["patch_id"]
        if value is None or isinstance(value, str):
            return value
    found, complete = _patch_id(repo, commit)
    # A None from missing blobs is not stored, as a later fetch may bring them.
    if complete:
        cache.write_keyed(key, {"patch_id": found})
    return found


def patch_id(repo: pygit2.Repository, commit: pygit2.Commit) -> str | None:
    """Return git's patch-id of the commit's change.

    Returns None for merges and root commits, and for changes to binary files:
    libgit2 hashes a binary change as "Binary files differ" whatever the
    content, so two different binary changes would look like the same patch.
    """
    return _patch_id(repo, commit)[0]


def _patch_id(repo: pygit2.Repository, commit: pygit2.Commit) -> tuple[str | None, bool]:
    """Return `patch_id`'s result, and False when missing blobs kept it from being computed."""
    if len(commit.parents) != 1:
        return None, True
    try:
        diff = commit_diff(repo, commit)
        if any(delta.is_binary for delta in diff.deltas):
            return None, True
        return str(diff.patchid), True
    except (KeyError, pygit2.GitError):
        # A partial clone may lack a blob of the diff; the trailer check still works.
        return None, False


@dataclass
class PresentIndex:
    """The changes the fork already has: upstream ids from trailers, and patch-ids."""

    trailers: set[str] = field(default_factory=set)
    patch_ids: dict[str, str] = field(default_factory=dict)
    cache: JsonCache | None = None

    @classmethod
    def of_fork(
        cls, repo: pygit2.Repository, tip: pygit2.Commit, fork_point: pygit2.Commit, cache: JsonCache | None = None
    ) -> PresentIndex:
        """Index the fork's commits after the fork point. `cache`, when given, keeps their patch-ids for a later call."""
        index = cls(cache=cache)
        walker = repo.walk(tip.id)
        walker.hide(fork_point.id)
        for commit in walker:
            index.add(repo, commit)
        return index

    def add(self, repo: pygit2.Repository, commit: pygit2.Commit) -> None:
        self.trailers.update(cherry_picked_from(commit.message))
        found = cached_patch_id(repo, commit, self.cache)
        if found is not None:
            self.patch_ids.setdefault(found, str(commit.id))

    def reason_present(self, repo: pygit2.Repository, upstream: pygit2.Commit) -> str | None:
        """Return why `upstream` is already on the fork, or None when it is not."""
        full = str(upstream.id)
        if any(full.startswith(short) for short in self.trailers):
            return "a fork commit carries its (cherry picked from commit …) line"
        found = cached_patch_id(repo, upstream, self.cache)
        if found is not None and found in self.patch_ids:
            return f"fork commit {self.patch_ids[found][:10]} has the same patch-id"
        return None
