"""The line-level merge of configuration files: when it takes both sides, and why it declines."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from patchkit.javamerge import merge_java_file
from patchkit.javamerge.gitmerge import git_merge
from patchkit.javamerge.linemerge import is_line_merged, merge_apart_lines
from patchkit.javamerge.textmerge import MergeLabels

LABELS = MergeLabels()
BASE = "a=1\nb=1\nc=1\nd=1\n"


@pytest.mark.parametrize(
    ("path", "expected"),
    [("pom.xml", True), ("ci/.github/workflows/build.YML", True), ("conf/app.properties", True),
     ("eclipse.classpath", True), ("src/Main.java", False), ("CHANGES.txt", False), ("xml", False)],
)
def test_suffixes(path: str, expected: bool) -> None:
    assert is_line_merged(path) is expected


def test_neighbour_lines() -> None:
    merged = merge_apart_lines(BASE, "a=1\nb=2\nc=1\nd=1\n", "a=1\nb=1\nc=3\nd=1\n", LABELS)
    assert merged.text == "a=1\nb=2\nc=3\nd=1\n"


def test_same_line() -> None:
    merged = merge_apart_lines(BASE, "a=1\nb=2\nc=1\nd=1\n", "a=1\nb=3\nc=1\nd=1\n", LABELS)
    assert merged.text is None
    assert merged.declined_because == "both sides changed the same lines"


@pytest.mark.parametrize(
    "theirs",
    ["a=1\nb=1\n# c must match b\nc=1\nd=1\n", "a=1\nb=1\nd=1\n", "a=1\nb=1\nc=3\n# pinned\nd=1\n"],
    ids=["insertion", "deletion", "grown-rewrite"],
)
def test_reshape_beside_change(theirs: str) -> None:
    merged = merge_apart_lines(BASE, "a=1\nb=2\nc=1\nd=1\n", theirs, LABELS)
    assert merged.text is None
    assert "next to the other side's change" in merged.declined_because


def test_setting_added_twice() -> None:
    ours = "a=1\nb=2\nsnappy=1.1.10.5\nc=1\nd=1\n"
    theirs = "a=1\nb=1\nc=3\nsnappy=1.1.10.7\nd=1\n"
    assert merge_apart_lines(BASE, ours, theirs, LABELS).text is None


def test_matching_unlike_git() -> None:
    # The lines repeat, so difflib pairs them differently from git's merge.
    merged = merge_apart_lines("x\nx\nx\nx\nc\nc\n", "x\nx\nc\nc\n", "x\nx\nx\ny\nc\nc\ny\n", LABELS)
    assert merged.text is None
    assert "differs from git's" in merged.declined_because


def test_git_clean_kept() -> None:
    ours, theirs = "a=2\nb=1\nc=1\nd=1\n", "a=1\nb=1\nc=1\nd=3\n"
    git = git_merge(BASE, ours, theirs)
    assert git is not None and git.clean
    assert merge_apart_lines(BASE, ours, theirs, LABELS).text == git.text


def test_reason_in_fallback() -> None:
    merged = merge_java_file(BASE, "a=1\nb=2\nc=1\nd=1\n", "a=1\nb=3\nc=1\nd=1\n", path="app.properties")
    assert not merged.clean
    assert merged.line_merge is None
    assert merged.fallback_reason is not None
    assert "the line-level merge left the conflict because both sides changed the same lines" in merged.fallback_reason


def test_java_not_line_merged() -> None:
    base = "class A {\n  int a = 1;\n  int b = 1;\n}\n"
    ours = "class A {\n  int a = 2;\n  int b = 1;\n}\n"
    theirs = "class A {\n  int a = 1;\n  int b = 3;\n}\n"
    assert merge_java_file(base, ours, theirs, path="A.java").line_merge is None


LINE = st.sampled_from(["a\n", "b\n", "c\n", "x\n"])
TEXT = st.lists(LINE, max_size=7).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXT, TEXT, TEXT)
def test_sides_swap(base: str, ours: str, theirs: str) -> None:
    """Swapping the sides never changes whether the merge succeeds, nor its text."""
    forward = merge_apart_lines(base, ours, theirs, LABELS)
    backward = merge_apart_lines(base, theirs, ours, MergeLabels(ours=LABELS.theirs, theirs=LABELS.ours))
    assert forward.text == backward.text


@settings(max_examples=300, deadline=None)
@given(TEXT, TEXT, TEXT)
def test_one_side_unchanged(base: str, ours: str, theirs: str) -> None:
    """With one side equal to the base, the result is the other side, as in any three-way merge."""
    assert merge_apart_lines(base, base, theirs, LABELS).text == theirs
    assert merge_apart_lines(base, ours, base, LABELS).text == ours
