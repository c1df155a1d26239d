"""The result of a Java file merge: the merged text and one record per member changed on both sides."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from patchkit.model import ResolutionKind


@dataclass(frozen=True)
class MemberConflict:
    """A member changed on both sides, and how the merge ended for it."""

    member: str
    resolution: ResolutionKind
    rule: str | None
    reason: str
    upstream_text: str | None
    resolved_text: str | None
    diff: str | None
    extra_lines: int


@dataclass(frozen=True)
class FileMerge:
    """A merged file: the text, whether it is free of conflict markers, and the member conflicts.

    `line_merge` gives the reason the line-level merge could combine a file git
    left conflicted. It is None for every other merge.
    """

    text: str
    clean: bool
    conflicts: tuple[MemberConflict, ...]
    fallback_reason: str | None
    line_merge: str | None = None


def resolved_conflict(
    member: str,
    resolution: ResolutionKind,
    rule: str | None,
    reason: str,
    upstream: Sequence[str] | None,
    resolved: Sequence[str],
) -> MemberConflict:
    """Build the record of a resolved conflict, with the diff from upstream's member to the resolution."""
    upstream_lines = list(upstream or ())
    diff_lines = list(difflib.unified_diff(upstream_lines, list(resolved), "upstream", "resolved", n=3))
    changed = sum(
        1 for line in diff_lines
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    )
    return MemberConflict(
        member=member,
        resolution=resolution,
        rule=rule,
        reason=reason,
        upstream_text="".join(upstream_lines) if upstream is not None else None,
        resolved_text="".join(resolved),
        diff="".join(_terminated(diff_lines)),
        extra_lines=changed,
    )


def unresolved_conflict(member: str, reason: str, upstream: Sequence[str] | None) -> MemberConflict:
    """Build the record of a conflict left for a human."""
    return MemberConflict(
        member=member,
        resolution=ResolutionKind.UNRESOLVED,
        rule=None,
        reason=reason,
        upstream_text="".join(upstream) if upstream is not None else None,
        resolved_text=None,
        diff=None,
        extra_lines=0,
    )


def _terminated(lines: list[str]) -> list[str]:
    return [line if line.endswith("\n") else line + "\n" for line in lines]
