from __future__ import annotations

import dataclasses

import pytest

from patchkit.model import Component, PatchStatus
from patchkit.report.impact import compute_impact, matches_any, patch_label
from tests.report.sample_records import (
    COMPONENTS,
    LIFECYCLE,
    TASK_RUNNER,
    WORK_ITEM,
    Shutdown,
    druid_record,
    stuck_tasks,
    task_location,
)


@pytest.mark.parametrize(
    ("path", "glob", "expected"),
    [
        ("a/b/c/D.java", "a/**", True),
        ("a/D.java", "a/**", True),
        ("a/b/c/D.java", "**/D.java", True),
        ("D.java", "**/D.java", True),
        ("a/b/D.java", "a/*/D.java", True),
        ("a/b/c/D.java", "a/*/D.java", False),
        ("a/b/D.java", "a/b/?.java", True),
        ("a/b/DD.java", "a/b/?.java", False),
        ("ab/D.java", "a/**", False),
        ("a.b/D.java", "a?b/**", True),
        ("a+b/D.java", "a+b/**", True),
        ("aab/D.java", "a+b/**", False),
        ("a/b/c/x/D.java", "a/**/x/*.java", True),
    ],
)
def test_matches_any_globs(path: str, glob: str, expected: bool) -> None:
    assert matches_any(path, (glob,)) is expected


def test_matches_any_empty_globs() -> None:
    assert matches_any("a/b.java", ()) is False


def test_compute_impact_druid_record() -> None:
    record = druid_record()
    overlord, task_image = compute_impact(COMPONENTS, record.patches)
    assert overlord.name == "overlord"
    assert overlord.deploy == "Overlord jar"
    assert overlord.touched is True
    assert overlord.patches == ("#17431", "#18576", "#16711")
    assert overlord.files == (LIFECYCLE, WORK_ITEM, TASK_RUNNER)
    assert task_image.touched is False
    assert task_image.patches == ()
    assert task_image.files == ()


def test_compute_impact_ignores_unmerged_patches() -> None:
    record = druid_record(shutdown=Shutdown.STOPPED)
    stopped = dataclasses.replace(record.patches[1], files=(WORK_ITEM,))
    pending = dataclasses.replace(task_location(PatchStatus.PENDING), files=(TASK_RUNNER,))
    (overlord, _) = compute_impact(COMPONENTS, (record.patches[0], stopped, pending))
    assert overlord.patches == ("#17431",)
    assert overlord.files == (LIFECYCLE,)


def test_compute_impact_lists_files_once() -> None:
    first = stuck_tasks()
    second = dataclasses.replace(first, id="again", pr=None, files=(LIFECYCLE, "indexing-service/A.java"))
    components = (Component("everything", "all jars", ("**",)),)
    (everything,) = compute_impact(components, (first, second))
    assert everything.patches == ("#17431", "again")
    assert everything.files == (LIFECYCLE, "indexing-service/A.java")


def test_compute_impact_task_image() -> None:
    patch = dataclasses.replace(
        stuck_tasks(), files=("indexing-service/src/main/java/org/apache/druid/indexing/common/task/AbstractTask.java",)
    )
    overlord, task_image = compute_impact(COMPONENTS, (patch,))
    assert overlord.touched is False
    assert task_image.touched is True
    assert task_image.patches == ("#17431",)


def test_patch_label_without_pr() -> None:
    assert patch_label(dataclasses.replace(stuck_tasks(), pr=None)) == "stuck-tasks"
    assert patch_label(stuck_tasks()) == "#17431"
