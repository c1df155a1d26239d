"""Hypothesis properties of merge_java_file and merge_text: identity cases and never raising."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from patchkit.javamerge import merge_java_file, merge_text

PATH = "src/main/java/org/example/Shapes.java"

MEMBERS = [
    "  private int count;\n",
    "  private final String name = \"shape\";\n",
    "  public int area()\n  {\n    return count * 2;\n  }\n",
    "  public int area(int scale)\n  {\n    return count * scale;\n  }\n",
    "  /** Resets the counter. */\n  public void reset()\n  {\n    count = 0;\n  }\n",
    "  static\n  {\n    System.out.println(\"loaded\");\n  }\n",
    "  enum Kind\n  {\n    SQUARE,\n    CIRCLE;\n  }\n",
    "  public String describe()\n  {\n    if (count > 0) {\n      return name;\n    }\n    return \"\";\n  }\n",
]
IMPORTS = ["import java.util.List;\n", "import java.util.Map;\n", "import javax.jms.Message;\n"]


@st.composite
def java_files(draw: st.DrawFn) -> str:
    """Draw a small class from a fixed set of members and imports, in any order and subset."""
    imports = draw(st.lists(st.sampled_from(IMPORTS), unique=True))
    members = draw(st.lists(st.sampled_from(MEMBERS), unique=True))
    head = "package org.example;\n\n" + "".join(imports) + ("\n" if imports else "")
    return head + "public class Shapes\n{\n" + "\n".join(members) + "}\n"


@given(java_files())
@settings(max_examples=60, deadline=None)
def test_merge_identical_sides(text: str) -> None:
    result = merge_java_file(text, text, text, path=PATH)
    assert result.text == text
    assert result.clean


@given(java_files(), java_files())
@settings(max_examples=80, deadline=None)
def test_merge_fork_unchanged(base: str, theirs: str) -> None:
    result = merge_java_file(base, base, theirs, path=PATH)
    assert result.text == theirs
    assert result.clean


@given(java_files(), java_files())
@settings(max_examples=80, deadline=None)
def test_merge_upstream_unchanged(base: str, ours: str) -> None:
    result = merge_java_file(base, ours, base, path=PATH)
    assert result.text == ours
    assert result.clean


@given(st.text(), st.text(), st.text())
@settings(max_examples=200, deadline=None)
def test_merge_arbitrary_text(base: str, ours: str, theirs: str) -> None:
    result = merge_java_file(base, ours, theirs, path=PATH)
    assert isinstance(result.text, str)


@given(java_files(), java_files(), java_files())
@settings(max_examples=100, deadline=None)
def test_merge_java_three_sides(base: str, ours: str, theirs: str) -> None:
    result = merge_java_file(base, ours, theirs, path=PATH)
    assert result.clean == ("<<<<<<<" not in result.text)


@given(st.text(), st.text())
@settings(max_examples=100, deadline=None)
def test_merge_text_identities(base: str, other: str) -> None:
    assert merge_text(base, base, other) == (other, True)
    assert merge_text(base, other, base) == (other, True)
