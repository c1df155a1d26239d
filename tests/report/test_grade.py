from __future__ import annotations

import dataclasses

from patchkit.model import ConflictRecord, PatchStatus, ResolutionKind
from patchkit.report.grade import Grade, describe_grade, extra_lines, grade_patch
from tests.report.sample_records import (
    LIFECYCLE,
    SKIPPED,
    Shutdown,
    idempotent_shutdown,
    stuck_tasks,
    task_location,
)


def _conflict(resolution: ResolutionKind, lines: int) -> ConflictRecord:
    return ConflictRecord(path=LIFECYCLE, kind="method", resolution=resolution, extra_lines=lines)


def test_grade_sample_patches() -> None:
    assert grade_patch(task_location()) is Grade.CLEAN
    assert grade_patch(stuck_tasks()) is Grade.RULE
    assert grade_patch(idempotent_shutdown(Shutdown.RECORDED)) is Grade.RECORDED
    assert grade_patch(idempotent_shutdown(Shutdown.STOPPED)) is Grade.CONFLICT


def test_grade_unmerged_patches() -> None:
    assert grade_patch(SKIPPED[0]) is None
    assert grade_patch(task_location(PatchStatus.PENDING)) is None
    assert grade_patch(task_location(PatchStatus.ALREADY_PRESENT)) is None
    assert describe_grade(SKIPPED[0]) == ""


def test_grade_takes_hardest_conflict() -> None:
    conflicts = (
        _conflict(ResolutionKind.RULE, 2),
        _conflict(ResolutionKind.HUMAN, 3),
        _conflict(ResolutionKind.MEMBER_MERGE, 0),
    )
    patch = dataclasses.replace(stuck_tasks(), conflicts=conflicts)
    assert grade_patch(patch) is Grade.HUMAN
    assert extra_lines(patch) == 5
    assert describe_grade(patch) == "resolved by hand, 5 lines beyond upstream"


def test_grade_unresolved_conflict_in_resolved_patch() -> None:
    conflicts = (_conflict(ResolutionKind.RULE, 1), _conflict(ResolutionKind.UNRESOLVED, 0))
    patch = dataclasses.replace(stuck_tasks(), conflicts=conflicts)
    assert grade_patch(patch) is Grade.CONFLICT


def test_describe_grade_line_counts() -> None:
    one_line = dataclasses.replace(stuck_tasks(), conflicts=(_conflict(ResolutionKind.RULE, 1),))
    no_lines = dataclasses.replace(stuck_tasks(), conflicts=(_conflict(ResolutionKind.RULE, 0),))
    assert describe_grade(one_line) == "resolved by a rule, 1 line beyond upstream"
    assert describe_grade(no_lines) == "resolved by a rule"
    assert describe_grade(task_location()) == "clean"
