from __future__ import annotations

import pytest

from patchkit.javamerge.layout import merge_layout, same_apart_from_layout


@pytest.mark.parametrize(("left", "right", "same"), [
    (["  call(a, b);\n"], ["\tcall(a,b);\n"], True),
    (["  call(a, b);\n"], ["  call(\n", "      a,\n", "      b);\n"], True),
    (["  call(a, b);\n"], ["  call(a, c);\n"], False),
    (['  log("a b");\n'], ['  log("a  b");\n'], False),
    (["  // one note\n", "  call();\n"], ["  // another note\n", "  call();\n"], False),
    (["  /* don't */ call();\n"], ["  /* don't */  call();\n"], True),
    (["  char c = 'x\n"], ["  char c = 'x\n"], False),
    (["  int ab;\n"], ["  int a b;\n"], False),
])
def test_same_apart_from_layout(left: list[str], right: list[str], same: bool) -> None:
    assert same_apart_from_layout(left, right) is same


def test_merge_layout_needs_a_layout_hunk() -> None:
    base = ["  a();\n", "  b();\n"]
    assert merge_layout(base, ["  a();\n", "  c();\n"], ["  z();\n", "  b();\n"]) is None


def test_merge_layout_takes_both_sides_elsewhere() -> None:
    base = ["  a();\n", "  keep();\n", "  b(1);\n"]
    ours = ["  a2();\n", "  keep();\n", "    b(1);\n"]
    theirs = ["  a();\n", "  keep();\n", "  b(2);\n"]
    assert merge_layout(base, ours, theirs) == ["  a2();\n", "  keep();\n", "  b(2);\n"]


def test_merge_layout_declines_when_both_changed_code() -> None:
    base = ["  b(1);\n"]
    assert merge_layout(base, ["    b(3);\n"], ["  b(2);\n"]) is None
