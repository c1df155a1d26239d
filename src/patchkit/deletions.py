"""Settling the delete/modify conflicts that need no human.

In a cherry-pick, one side may delete a file the other side changed. Two such
cases are safe to settle, judged against the fork point (where the fork left
upstream):

- upstream deleted the file, and the fork's file is byte for byte the fork
  point's: the fork never changed it, so upstream's deletion is taken;
- upstream changed a file that neither the fork nor the fork point has: upstream
  added it after the fork point, so its change is left out and the file stays absent.

In the backports that `benchmarks/bench_merge.py` replays from six Apache and
FasterXML repositories, maintainers settled 39 of 39 such deletions and 24 of 26
such changes this way.

Every other case goes to a human. When the fork point had the file and the fork
does not, the fork deleted it, perhaps as part of a move that rename detection
missed. When the fork changed the file, taking the deletion would lose its edits.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import pygit2


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


def _leave_out(fork_point: pygit2.Tree, path: str, upstream_path: str) -> DeletionDecision | None:
    """Leave upstream's change out when the fork point has the file at neither path."""
    if path in fork_point or upstream_path in fork_point:
        return None
    # NOTE: only the fork point and the fork's tip are read. A file the fork added
    # and deleted again after the fork point counts as one the fork never had.
    named = upstream_path if upstream_path == path else f"{upstream_path} ({path} on the fork)"
    return DeletionDecision(
        DeletionAction.LEAVE_OUT,
        f"upstream changed {named}, which upstream added after the fork point and the fork does not have, "
        "so the change is left out",
    )


def settle_deletion(
    fork_point: pygit2.Tree,
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
        return _take_deletion(fork_point, path, ours)
    if ours is None and theirs is not None:
        return _leave_out(fork_point, path, upstream_path)
    return None
