from __future__ import annotations

import logging

import pytest

from patchkit.plan import StepTimes, plan_run
from patchkit.sample import SampleFork
from tests.plan.conftest import ManifestWriter


def _logged_seconds(caplog: pytest.LogCaptureFixture) -> dict[str, float]:
    records = [record for record in caplog.records if hasattr(record, "plan_seconds")]
    assert len(records) == 1
    seconds: dict[str, float] = records[0].plan_seconds
    return seconds


def test_plan_logs_step_seconds(
    sample_fork: SampleFork, druid_manifest: ManifestWriter, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="patchkit.plan")
    plan_run(druid_manifest(), sample_fork.path)
    seconds = _logged_seconds(caplog)
    # The copied manifest has no recorded resolutions, so #18576 conflicts and provenance runs.
    assert sorted(seconds) == ["load", "picks", "provenance", "resolve"]
    assert all(value >= 0 for value in seconds.values())


def test_step_times_adds_repeats() -> None:
    times = StepTimes()
    with times.step("picks"):
        pass
    first = times.seconds["picks"]
    with times.step("picks"):
        pass
    assert times.seconds["picks"] >= first
    assert list(times.seconds) == ["picks"]


def test_step_times_counts_raised_block() -> None:
    times = StepTimes()
    with pytest.raises(ValueError):
        with times.step("load"):
            raise ValueError("invalid manifest")
    assert "load" in times.seconds
