"""Settling the delete/modify conflicts that need no human.

In a cherry-pick, one side may delete a file the other side changed. Two such
cases are safe to settle, judged against the fork point (where the fork left
upstream):

- upstream deleted the file, and the fork's file is byte for byte the fork
  point's: the fork never changed it, so upstream's deletion is taken;
- upstream changed a file that neither the fork point nor any later fork commit
  has had. Upstream added it after the fork point, so its change is left out
  and the file stays absent.

In the backports that `benchmarks/bench_merge.py` replays from six Apache and
FasterXML repositories, maintainers settled 39 of 39 such deletions and 20 of 22
such changes this way.

Every other case goes to a human. When the fork had the file at some point and
does not now, the fork deleted it, perhaps as part of a move that rename detection
missed. When the fork changed the file, taking the deletion would lose its edits.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

import pygit2
from pygit2.enums import SortMode


class DeletionAction(str, enum.Enum):
    """The effect of a settled delete/modify conflict on its file."""

    TAKE_DELETION = "take-deletion"
    LEAVE_OUT = "leave-out"

    @property
    def rule(self) -> str:
        """The built-in rule's name, as reports show it beside the manifest's rules."""
        return _RULE_NAMES[self]


_RULE_NAMES = {
    DeletionAction.TAKE_DELETION: "built-in: take upstream's deletion",
    DeletionAction.LEAVE_OUT: "built-in: leave out a file the fork never had",
}


@dataclass(frozen=True)
class DeletionDecision:
    """The settlement of a delete/modify conflict, with a reason that names the file."""

    action: DeletionAction
    reason: str


@dataclass(frozen=True)
class ForkSpan:
    """The fork's own history: its commits after the fork point, up to the commit a pick goes onto."""

    repo: pygit2.Repository
    fork_point: pygit2.Commit
    tip: pygit2.Commit

    def ever_had(self, paths: Iterable[str]) -> bool:
        """Return whether any commit from the fork point to the tip has a file at one of `paths`."""
        candidates = set(paths)
        walker = self.repo.walk(self.tip.id, SortMode.NONE)
        walker.hide(self.fork_point.id)
        return any(path in commit.tree for commit in walker for path in candidates)


def _take_deletion(fork_point: pygit2.Tree, path: str, ours: pygit2.IndexEntry) -> DeletionDecision | None:
    """Take upstream's deletion when the fork's file is the fork point's file at the same path.

    When the fork point has the file only at upstream's path, the fork moved it.
    That move is a change of the fork's own, so a human decides.
    """
    if path not in fork_point:
        return None
    original = fork_point[path]
    if (original.id, original.filemode) != (ours.id, ours.mode):
        return None
    return DeletionDecision(
        DeletionAction.TAKE_DELETION,
        f"upstream deleted {path}, and the fork has not changed it since the fork point, so it is deleted",
    )


def _leave_out(fork: ForkSpan, path: str, upstream_path: str) -> DeletionDecision | None:
    """Leave upstream's change out when neither the fork point nor any fork commit after it had the file.

    A fork commit that had it means the fork took the file in and then deleted or
    moved it, so a human decides where upstream's change belongs.
    """
    if path in fork.fork_point.tree or upstream_path in fork.fork_point.tree:
        return None
    if fork.ever_had((path, upstream_path)):
        return None
    named = upstream_path if upstream_path == path else f"{upstream_path} ({path} on the fork)"
    return DeletionDecision(
        DeletionAction.LEAVE_OUT,
        f"upstream changed {named}, which upstream added after the fork point and the fork does not have, "
        "so the change is left out",
    )


def settle_deletion(
    fork: ForkSpan,
    path: str,
    upstream_path: str,
    ours: pygit2.IndexEntry | None,
    theirs: pygit2.IndexEntry | None,
) -> DeletionDecision | None:
    """Decide whether a delete/modify conflict settles without a human, and how.

    Returns None when a human must decide. `path` is the file's path on the fork
    and `upstream_path` its path in upstream's commit, which differ when the pick
    followed a move. `ours` is the fork's file and `theirs` upstream's, and
    exactly one of them is None.
    """
    if theirs is None and ours is not None:
        return _take_deletion(fork.fork_point.tree, path, ours)
    if ours is None and theirs is not None:
        return _leave_out(fork, path, upstream_path)
    return None
