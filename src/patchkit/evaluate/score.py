"""Totals of an evaluation, per repository and overall."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from patchkit.evaluate.replay import Outcome, Replay


@dataclass(frozen=True)
class Score:
    """Counts over replayed backports; every file count is of files git could not merge."""

    backports: int
    clean_backports: int
    conflicting_files: int
    resolved: int
    equal: int
    different: int
    left_for_human: int
    unparseable: int
    clean_files_checked: int
    clean_mismatches: int
    median_seconds: float | None
    p95_seconds: float | None


def percentile(values: Sequence[float], share: float) -> float | None:
    """Return the nearest-rank percentile (`share` between 0 and 1) of `values`, or None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-int(share * 1000) * len(ordered) // 1000))
    return ordered[min(rank, len(ordered)) - 1]


def score(replays: Sequence[Replay]) -> Score:
    """Add up the replays."""
    files = [file for replay in replays for file in replay.files]
    checks = [check for replay in replays for check in replay.clean_checks]
    outcomes = [file.outcome for file in files]
    timed = [file.seconds for file in files if file.seconds > 0]
    equal = outcomes.count(Outcome.EQUAL)
    different = outcomes.count(Outcome.DIFFERENT)
    return Score(
        backports=len(replays),
        clean_backports=sum(1 for replay in replays if not replay.files),
        conflicting_files=len(files),
        resolved=equal + different,
        equal=equal,
        different=different,
        left_for_human=outcomes.count(Outcome.LEFT),
        unparseable=sum(1 for file in files if file.unparseable),
        clean_files_checked=len(checks),
        clean_mismatches=sum(1 for check in checks if not check.same),
        median_seconds=statistics.median(timed) if timed else None,
        p95_seconds=percentile(timed, 0.95),
    )
