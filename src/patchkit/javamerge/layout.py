"""Settling a member both sides changed when one side changed only its layout: whitespace and line breaks.

A fork that re-indented or re-wrapped a method conflicts with every upstream fix
to its lines. When one side's version of the whole member has the same Java
tokens and the same comments as the base, and differs from it only in
whitespace, the other side's version keeps every change that matters. The
check covers the whole member, never a part of it: a part can start inside a
comment, and a line diff can pair repeated lines (`n++;`) across different
blocks, so a part that looks like layout may not be.

Replayed backports from public Java projects (see `benchmarks/bench_merge.py`)
gave 20 hunks among 135 that both sides changed where one side's change was
only layout. Every broader condition tried on the same hunks, such as taking
upstream's side in tests or merging word by word, gave code that differed
from what the maintainers committed. Over whole members, the rule settles 5
files of that corpus: 3 as committed, 1 apart from whitespace, and 1 whose
commit kept the conflict markers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from patchkit.javamerge.tokens import PARSE_ERRORS, tokenize

_WHITESPACE = re.compile(r"\s+")
# javac ends a line comment at a carriage return, alone or written as a unicode escape,
# and javalang's tokenizer does not. Text with any unicode escape or a lone carriage
# return is never compared, so no such difference between the two can pass for layout.
_ESCAPE_OR_CR = re.compile(r"\\u+[0-9a-fA-F]{4}|\r")


def same_apart_from_layout(left: Sequence[str], right: Sequence[str]) -> bool:
    """Tell whether two versions of a whole member differ at most in whitespace outside literals.

    Both the text without whitespace and the token values must be equal: the
    first keeps comments, which the tokenizer drops, and the second keeps the
    whitespace inside string and character literals.
    """
    left_text, right_text = "".join(left), "".join(right)
    if _ESCAPE_OR_CR.search(left_text) or _ESCAPE_OR_CR.search(right_text):
        return False
    if _WHITESPACE.sub("", left_text) != _WHITESPACE.sub("", right_text):
        return False
    try:
        return [t.value for t in tokenize(left_text)] == [t.value for t in tokenize(right_text)]
    except PARSE_ERRORS:
        return False


def merge_layout(base: Sequence[str], ours: Sequence[str], theirs: Sequence[str]) -> tuple[list[str], str] | None:
    """Return the member's lines and the reason when one side changed only the layout, else None.

    `base`, `ours` and `theirs` are the whole member on each side.
    """
    if same_apart_from_layout(ours, theirs):
        return list(theirs), "both sides made the same change apart from whitespace, so upstream's version was taken"
    if same_apart_from_layout(ours, base):
        return list(theirs), "the fork changed only whitespace and line breaks in the member, so upstream's version was taken"
    if same_apart_from_layout(theirs, base):
        return list(ours), "upstream changed only whitespace and line breaks in the member, so the fork's version was kept"
    return None
