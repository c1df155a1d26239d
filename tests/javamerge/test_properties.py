"""Hypothesis properties of merge_java_file and merge_text: identity cases and never raising."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from patchkit.javamerge import merge_java_file, merge_text
from patchkit.model import MergeRule, RuleKind

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


RULES = (
    MergeRule("keep", RuleKind.KEEP_FORK_STATEMENTS, pattern="loaded|count"),
    MergeRule("union", RuleKind.UNION, type_name="Kind"),
    MergeRule("fork", RuleKind.PREFER_FORK, member="area"),
)


@st.composite
def edited(draw: st.DrawFn, text: str) -> str:
    """Draw a copy of `text` with a few lines deleted, duplicated or swapped for a statement."""
    lines = text.splitlines(keepends=True)
    for _ in range(draw(st.integers(0, 3))):
        if not lines:
            break
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "statement"]))
        if action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        else:
            lines.insert(index, "    count++;\n")
    return "".join(lines)


@given(st.data())
@settings(max_examples=150, deadline=None)
def test_merge_edited_java_with_rules(data: st.DataObject) -> None:
    base = data.draw(java_files())
    ours = data.draw(edited(base))
    theirs = data.draw(edited(base))
    result = merge_java_file(base, ours, theirs, path=PATH, rules=RULES)
    assert result.clean == ("<<<<<<<" not in result.text)
