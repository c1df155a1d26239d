"""Turning picks into the patch outcomes and conflict records a report shows."""

from __future__ import annotations

import difflib

import pygit2

from patchkit.model import (
    ConflictRecord,
    PatchOutcome,
    PatchSpec,
    PatchStatus,
    ResolutionKind,
)
from patchkit.pick import FileConflict, PickResult
from patchkit.resolve import subject_of


def base_outcome(spec: PatchSpec, commit: pygit2.Commit | None, status: PatchStatus) -> PatchOutcome:
    """Return the outcome fields every patch has, whatever happened to it."""
    return PatchOutcome(
        id=spec.id,
        decision=spec.decision,
        status=status,
        pr=spec.pr,
        priority=spec.priority,
        impact=spec.impact,
        reason=spec.reason,
        upstream_commit=str(commit.id) if commit is not None else None,
        upstream_sha=spec.upstream_sha,
        subject=subject_of(commit) if commit is not None else None,
        author=f"{commit.author.name} <{commit.author.email}>" if commit is not None else None,
    )


def unified_diff(before: str, after: str, name: str) -> str:
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), f"upstream/{name}", f"resolved/{name}"
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def changed_lines(diff: str) -> int:
    """Count the added and removed lines of a unified diff."""
    return sum(
        1
        for line in diff.splitlines()
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    )


def _file_records(conflict: FileConflict) -> list[ConflictRecord]:
    upstream_path = conflict.upstream_path if conflict.upstream_path != conflict.path else None
    if conflict.merge is None:
        return [ConflictRecord(conflict.path, conflict.kind, ResolutionKind.UNRESOLVED, upstream_path,
                               reason=conflict.reason)]
    merge = conflict.merge
    if not merge.conflicts:
        kind = ResolutionKind.MEMBER_MERGE if merge.clean else ResolutionKind.UNRESOLVED
        if merge.clean and conflict.reason.startswith("recorded resolution"):
            return [ConflictRecord(conflict.path, conflict.kind, ResolutionKind.RECORDED, upstream_path,
                                   reason=conflict.reason)]
        why = merge.fallback_reason or (
            "the two sides changed different members; the member-level merge combined them"
            if merge.clean else "conflict markers left in the file"
        )
        return [ConflictRecord(conflict.path, conflict.kind, kind, upstream_path, reason=why)]
    return [
        ConflictRecord(
            path=conflict.path,
            kind=conflict.kind,
            resolution=member.resolution,
            upstream_path=upstream_path,
            member=member.member,
            rule=member.rule,
            reason=member.reason if not merge.fallback_reason else f"{member.reason} ({merge.fallback_reason})",
            diff=member.diff,
            extra_lines=member.extra_lines,
        )
        for member in merge.conflicts
    ]


def conflict_records(result: PickResult) -> tuple[ConflictRecord, ...]:
    return tuple(record for conflict in result.conflicts for record in _file_records(conflict))


def pick_outcome(
    spec: PatchSpec, result: PickResult, status: PatchStatus, new_commit: str | None
) -> PatchOutcome:
    outcome = base_outcome(spec, result.commit, status)
    return _with(
        outcome,
        new_commit=new_commit,
        files=tuple(result.files),
        conflicts=conflict_records(result),
        renames=tuple(result.renames),
    )


def _with(outcome: PatchOutcome, **changes: object) -> PatchOutcome:
    from dataclasses import replace

    return replace(outcome, **changes)  # type: ignore[arg-type]


def status_of(result: PickResult) -> PatchStatus:
    """Return applied for a clean pick and resolved when the merger settled conflicts."""
    return PatchStatus.RESOLVED if result.conflicts else PatchStatus.APPLIED
