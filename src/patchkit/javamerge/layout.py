"""Settling conflict hunks where one side changed only the layout: whitespace and line breaks.

A fork that re-indented or re-wrapped a method conflicts with every upstream fix
to the same lines. When one side's version of a hunk has the same Java tokens as
the base and differs from it only in whitespace, the other side's version keeps
every change that matters. Comments count as content, so a side that only edited
a comment is not a layout change.

Replayed backports from public Java projects (see `benchmarks/bench_merge.py`)
gave 20 such hunks among 135 that both sides changed. Taking the other side
matched what the maintainers committed in 19, 5 of them apart from whitespace;
in the 20th the maintainers committed the conflict markers. Every broader
condition tried on the same hunks, such as taking upstream's side in tests or
merging word by word, gave code that differed from the commits.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from patchkit.javamerge.textmerge import MergeLabels, merge3_lines
from patchkit.javamerge.tokens import PARSE_ERRORS, tokenize

_WHITESPACE = re.compile(r"\s+")


def same_apart_from_layout(left: Sequence[str], right: Sequence[str]) -> bool:
    """Tell whether two runs of Java lines differ at most in whitespace outside literals.

    Both the text without whitespace and the token values must be equal: the
    first keeps comments, which the tokenizer drops, and the second keeps the
    whitespace inside string and character literals.
    """
    left_text, right_text = "".join(left), "".join(right)
    if _WHITESPACE.sub("", left_text) != _WHITESPACE.sub("", right_text):
        return False
    try:
        return [t.value for t in tokenize(left_text)] == [t.value for t in tokenize(right_text)]
    except PARSE_ERRORS:
        return False


def _settle(base: list[str], ours: list[str], theirs: list[str]) -> list[str] | None:
    """Return the lines that settle one conflict hunk, or None when neither side's change is layout only."""
    if same_apart_from_layout(ours, theirs) or same_apart_from_layout(ours, base):
        return theirs
    if same_apart_from_layout(theirs, base):
        return ours
    return None


def merge_layout(base: Sequence[str], ours: Sequence[str], theirs: Sequence[str]) -> list[str] | None:
    """Merge three versions of a member's lines, settling hunks where a side changed only the layout.

    Returns None when any hunk both sides changed is more than layout on both
    sides, or when no hunk needed settling.
    """
    settled: list[int] = []

    def settle(base_lines: list[str], our_lines: list[str], their_lines: list[str]) -> list[str] | None:
        lines = _settle(base_lines, our_lines, their_lines)
        if lines is not None:
            settled.append(len(lines))
        return lines

    merged, clean = merge3_lines(base, ours, theirs, MergeLabels(), settle)
    return merged if clean and settled else None
