"""Complexity grade of a patch: how much judgment its merge needed."""

from __future__ import annotations

import enum

from patchkit.model import PatchOutcome, PatchStatus, ResolutionKind


class Grade(str, enum.Enum):
    """Grades from least to most reviewer attention. The order of the members is used for ranking."""

    CLEAN = "clean"
    MEMBER_MERGE = "resolved by a member merge"
    LINE_MERGE = "resolved by a line merge"
    RULE = "resolved by a rule"
    RECORDED = "resolved by a recorded resolution"
    HUMAN = "resolved by hand"
    CONFLICT = "conflict (stopped)"


_GRADE_OF_RESOLUTION = {
    ResolutionKind.MEMBER_MERGE: Grade.MEMBER_MERGE,
    ResolutionKind.LINE_MERGE: Grade.LINE_MERGE,
    ResolutionKind.RULE: Grade.RULE,
    ResolutionKind.RECORDED: Grade.RECORDED,
    ResolutionKind.HUMAN: Grade.HUMAN,
    ResolutionKind.UNRESOLVED: Grade.CONFLICT,
}
_SEVERITY = {grade: rank for rank, grade in enumerate(Grade)}
_MERGED_STATUSES = frozenset({PatchStatus.APPLIED, PatchStatus.RESOLVED, PatchStatus.CONFLICT})


def grade_patch(patch: PatchOutcome) -> Grade | None:
    """Grade a patch by its hardest conflict, or return None when it was never merged.

    Skipped, dropped, pending and already-present patches have no grade.
    """
    if patch.status not in _MERGED_STATUSES:
        return None
    if patch.status is PatchStatus.CONFLICT:
        return Grade.CONFLICT
    grades = [_GRADE_OF_RESOLUTION[conflict.resolution] for conflict in patch.conflicts]
    return max(grades, key=_SEVERITY.__getitem__, default=Grade.CLEAN)


def extra_lines(patch: PatchOutcome) -> int:
    """Return how many lines the resolutions changed beyond upstream's patch."""
    return sum(conflict.extra_lines for conflict in patch.conflicts)


def describe_grade(patch: PatchOutcome) -> str:
    """Return the grade as text with the extra lines, or an empty string for no grade."""
    grade = grade_patch(patch)
    if grade is None:
        return ""
    lines = extra_lines(patch)
    if grade is Grade.CLEAN or lines == 0:
        return grade.value
    unit = "line" if lines == 1 else "lines"
    return f"{grade.value}, {lines} {unit} beyond upstream"
