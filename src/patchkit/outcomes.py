"""Turning picks into the patch outcomes and conflict records a report shows."""

from __future__ import annotations

import difflib
from dataclasses import replace

import pygit2

from patchkit.model import (
    ConflictRecord,
    PatchOutcome,
    PatchSpec,
    PatchStatus,
    ResolutionKind,
)
from patchkit.deletions import DeletionAction
from patchkit.javamerge import MemberConflict
from patchkit.pick import FileConflict, PickResult
from patchkit.provenance import member_spans, span_named
from patchkit.resolve import subject_of
from patchkit.textcodec import decode_text


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


def _diff_from_upstream(conflict: FileConflict) -> tuple[str | None, int]:
    """Diff the resolved file (by a recorded resolution or the line-level merge) against upstream's file."""
    if conflict.theirs_text is None or conflict.marked_text is None:
        return None, 0
    diff = unified_diff(conflict.theirs_text, decode_text(conflict.marked_text) or "", conflict.path)
    return diff or None, changed_lines(diff)


def _member_text(text: str, member: str) -> str | None:
    span = span_named(member_spans(text), member)
    if span is None:
        return None
    return "".join(text.splitlines(keepends=True)[span.first - 1 : span.last])


def resolution_diff(upstream: str, resolved: str, member: str | None, path: str) -> tuple[str | None, int]:
    """Diff a resolved file against upstream's: only `member` when both files have it."""
    before = _member_text(upstream, member) if member else None
    after = _member_text(resolved, member) if member else None
    if before is None or after is None or member is None:
        diff = unified_diff(upstream, resolved, path)
    else:
        diff = unified_diff(before, after, member)
    return diff or None, changed_lines(diff)


def _recorded_member_diff(conflict: FileConflict, member: MemberConflict) -> tuple[str | None, int]:
    """Diff the member a recorded resolution produced against upstream's member, else the whole file."""
    resolved = decode_text(conflict.marked_text) if conflict.marked_text is not None else None
    after = _member_text(resolved, member.member) if resolved is not None else None
    if member.upstream_text is None or after is None:
        return _diff_from_upstream(conflict)
    diff = unified_diff(member.upstream_text, after, member.member)
    return diff or None, changed_lines(diff)


def _member_record(conflict: FileConflict, member: MemberConflict, upstream_path: str | None) -> ConflictRecord:
    merge = conflict.merge
    assert merge is not None
    diff, extra = member.diff, member.extra_lines
    if member.resolution is ResolutionKind.RECORDED and diff is None:
        diff, extra = _recorded_member_diff(conflict, member)
    return ConflictRecord(
        path=conflict.path,
        kind=conflict.kind,
        resolution=member.resolution,
        upstream_path=upstream_path,
        member=member.member,
        rule=member.rule,
        reason=member.reason if not merge.fallback_reason else f"{member.reason} ({merge.fallback_reason})",
        diff=diff,
        extra_lines=extra,
    )


def _file_records(conflict: FileConflict) -> list[ConflictRecord]:
    upstream_path = conflict.upstream_path if conflict.upstream_path != conflict.path else None
    if conflict.deletion is not None and conflict.resolved:
        return [ConflictRecord(conflict.path, conflict.kind, ResolutionKind.RULE, upstream_path,
                               rule=conflict.deletion.rule, reason=conflict.reason)]
    if conflict.merge is None:
        return [ConflictRecord(conflict.path, conflict.kind, ResolutionKind.UNRESOLVED, upstream_path,
                               reason=conflict.reason)]
    merge = conflict.merge
    if merge.line_merge is not None:
        diff, extra = _diff_from_upstream(conflict)
        return [ConflictRecord(conflict.path, conflict.kind, ResolutionKind.LINE_MERGE, upstream_path,
                               reason=merge.line_merge, diff=diff, extra_lines=extra)]
    if not merge.conflicts:
        kind = ResolutionKind.MEMBER_MERGE if merge.clean else ResolutionKind.UNRESOLVED
        if merge.clean and conflict.reason.startswith("recorded resolution"):
            diff, extra = _diff_from_upstream(conflict)
            return [ConflictRecord(conflict.path, conflict.kind, ResolutionKind.RECORDED, upstream_path,
                                   reason=conflict.reason, diff=diff, extra_lines=extra)]
        why = merge.fallback_reason or (
            "the two sides changed different members; the member-level merge combined them"
            if merge.clean else "conflict markers left in the file"
        )
        return [ConflictRecord(conflict.path, conflict.kind, kind, upstream_path, reason=why)]
    return [_member_record(conflict, member, upstream_path) for member in merge.conflicts]


def conflict_records(result: PickResult) -> tuple[ConflictRecord, ...]:
    return tuple(record for conflict in result.conflicts for record in _file_records(conflict))


def pick_outcome(
    spec: PatchSpec, result: PickResult, status: PatchStatus, new_commit: str | None
) -> PatchOutcome:
    outcome = base_outcome(spec, result.commit, status)
    return replace(
        outcome,
        new_commit=new_commit,
        files=tuple(path for path in result.files if path not in _left_out(result)),
        conflicts=conflict_records(result),
        renames=tuple(result.renames),
    )


def _left_out(result: PickResult) -> set[str]:
    """Return the paths whose upstream change was left out because the fork never had the file."""
    return {
        conflict.path
        for conflict in result.conflicts
        if conflict.resolved and conflict.deletion is DeletionAction.LEAVE_OUT
    }


def unchanged_outcome(spec: PatchSpec, result: PickResult) -> PatchOutcome:
    """Return the outcome of a pick whose tree is the fork's, so no commit is made.

    Such a patch is already present. When files the fork never had were left out,
    it is resolved instead, and its conflict records name those files and the reason.
    """
    if _left_out(result):
        outcome = pick_outcome(spec, result, PatchStatus.RESOLVED, None)
        note = "nothing was committed, because the pick changes nothing once the files the fork never had are left out"
    else:
        outcome = pick_outcome(spec, result, PatchStatus.ALREADY_PRESENT, None)
        note = "the pick changes nothing: the fork already has this change"
    return replace(outcome, notes=outcome.notes + (note,))


def status_of(result: PickResult) -> PatchStatus:
    """Return applied for a clean pick and resolved when the merger settled conflicts."""
    return PatchStatus.RESOLVED if result.conflicts else PatchStatus.APPLIED
