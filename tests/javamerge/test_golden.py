"""Golden merges: each case's merged file must equal its expected file byte for byte."""

from __future__ import annotations

import pytest

from patchkit.javamerge import merge_java_file
from tests.javamerge.golden_cases import GoldenCase, all_cases

CASES = all_cases()


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_golden_text(case: GoldenCase) -> None:
    result = merge_java_file(case.base, case.ours, case.theirs, path=case.path, rules=case.rules)
    assert result.text == case.expected


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_golden_outcome(case: GoldenCase) -> None:
    result = merge_java_file(case.base, case.ours, case.theirs, path=case.path, rules=case.rules)
    assert result.clean == case.clean
    assert (result.fallback_reason is not None) == case.fallback
    assert (result.line_merge is not None) == case.line_merge
    reported = {conflict.member: conflict.resolution.value for conflict in result.conflicts}
    assert reported == case.conflicts
    for conflict in result.conflicts:
        assert conflict.reason
