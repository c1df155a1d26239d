"""Hypothesis: merge_java_file identities on arbitrary text and on Java text in every byte form.

`tests/javamerge/test_properties.py` checks the identities on LF-only Java classes and
only that arbitrary text does not raise. Here the identities must also hold when the
text is arbitrary, uses CRLF or lone CR line endings, starts with a byte-order mark,
lacks a final newline, or carries bytes that are not UTF-8 (as surrogate escapes).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from patchkit.javamerge import merge_java_file
from patchkit.textcodec import decode_text

PATH = "src/main/java/org/example/Forms.java"
SETTINGS = settings(max_examples=150, deadline=None)

MEMBERS = [
    "  private int count;",
    "  public int size()",
    "  {",
    "    return count;",
    "  }",
    "  // café ☕",
    "  String s = \"\\u0041\";",
    "",
]


@st.composite
def java_forms(draw: st.DrawFn) -> str:
    """Draw a small class with one line ending, optional BOM, optional final newline, optional raw bytes."""
    body = draw(st.lists(st.sampled_from(MEMBERS), max_size=8))
    lines = ["package org.example;", "", "public class Forms", "{", *body, "}"]
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    text = ending.join(lines) + (ending if draw(st.booleans()) else "")
    if draw(st.booleans()):
        text = "\ufeff" + text
    if draw(st.booleans()):
        text += decode_text(b"// \xff\xfe\n") or ""
    return text


# Any text, including the characters str.splitlines treats as line breaks.
TEXTS = st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(["\r", "\n", "\x0c", "\u2028", "\x85"]), max_size=200)


@SETTINGS
@given(TEXTS)
def test_identical_arbitrary_text(text: str) -> None:
    assert merge_java_file(text, text, text, path=PATH).text == text


@SETTINGS
@given(TEXTS, TEXTS)
def test_one_side_arbitrary_text(base: str, other: str) -> None:
    assert merge_java_file(base, base, other, path=PATH).text == other
    assert merge_java_file(base, other, base, path=PATH).text == other


@SETTINGS
@given(java_forms())
def test_identical_java_forms(text: str) -> None:
    result = merge_java_file(text, text, text, path=PATH)

    assert result.text == text
    assert result.clean


@SETTINGS
@given(java_forms(), java_forms())
def test_one_side_java_forms(base: str, other: str) -> None:
    fork_unchanged = merge_java_file(base, base, other, path=PATH)
    upstream_unchanged = merge_java_file(base, other, base, path=PATH)

    assert fork_unchanged.text == other
    assert upstream_unchanged.text == other
