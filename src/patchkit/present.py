"""Knowing when a patch is already on the fork."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pygit2

from patchkit.treediff import commit_diff

_TRAILER = re.compile(r"\(cherry picked from commit ([0-9a-f]{7,40})\)")


def cherry_picked_from(message: str) -> list[str]:
    """Return the commit ids named by `(cherry picked from commit …)` lines of a message."""
    return _TRAILER.findall(message)


def patch_id(repo: pygit2.Repository, commit: pygit2.Commit) -> str | None:
    """Return git's patch-id of the commit's change.

    Returns None for merges and root commits, and for changes to binary files:
    libgit2 hashes a binary change as "Binary files differ" whatever the
    content, so two different binary changes would look like the same patch.
    """
    if len(commit.parents) != 1:
        return None
    try:
        diff = commit_diff(repo, commit)
        if any(delta.is_binary for delta in diff.deltas):
            return None
        return str(diff.patchid)
    except (KeyError, pygit2.GitError):
        # A partial clone may lack a blob of the diff; the trailer check still works.
        return None


@dataclass
class PresentIndex:
    """The changes the fork already has: upstream ids from trailers, and patch-ids."""

    trailers: set[str] = field(default_factory=set)
    patch_ids: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of_fork(cls, repo: pygit2.Repository, tip: pygit2.Commit, fork_point: pygit2.Commit) -> PresentIndex:
        index = cls()
        walker = repo.walk(tip.id)
        walker.hide(fork_point.id)
        for commit in walker:
            index.add(repo, commit)
        return index

    def add(self, repo: pygit2.Repository, commit: pygit2.Commit) -> None:
        self.trailers.update(cherry_picked_from(commit.message))
        found = patch_id(repo, commit)
        if found is not None:
            self.patch_ids.setdefault(found, str(commit.id))

    def reason_present(self, repo: pygit2.Repository, upstream: pygit2.Commit) -> str | None:
        """Return why `upstream` is already on the fork, or None when it is not."""
        full = str(upstream.id)
        if any(full.startswith(short) for short in self.trailers):
            return "a fork commit carries its (cherry picked from commit …) line"
        found = patch_id(repo, upstream)
        if found is not None and found in self.patch_ids:
            return f"fork commit {self.patch_ids[found][:10]} has the same patch-id"
        return None
