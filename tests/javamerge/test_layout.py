from __future__ import annotations

import pytest

from patchkit.javamerge import merge_java_file
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
    # javac reads an escaped carriage return as a line end, which ends the comment.
    (["  int y = 0; // reset \\u000d y = - -x;\n"], ["  int y = 0; // reset \\u000d y = --x;\n"], False),
    (["  int y = 0; // reset\r  y = - -x;\n"], ["  int y = 0; // reset  y = - -x;\n"], False),
])
def test_same_apart_from_layout(left: list[str], right: list[str], same: bool) -> None:
    assert same_apart_from_layout(left, right) is same


def test_merge_layout_declines_code_on_both_sides() -> None:
    base = ["  void f() {\n", "    a();\n", "    b(1);\n", "  }\n"]
    ours = ["  void f() {\n", "    a2();\n", "      b(1);\n", "  }\n"]
    theirs = ["  void f() {\n", "    a();\n", "    b(2);\n", "  }\n"]
    assert merge_layout(base, ours, theirs) is None


def _merged(base: str, ours: str, theirs: str) -> tuple[str, bool]:
    merged = merge_java_file(base, ours, theirs, path="src/main/java/X.java")
    return merged.text, merged.clean


# Inputs a tester built to break a rule that judged each conflict hunk on its own:
# repeated lines that a line diff pairs across blocks, and hunks that start inside a comment.
FORK_LAYOUT_UPSTREAM_DELETE = (
    "class X {\n    int n;\n    void f() {\n        n++;\n        n++;\n        n++;\n    }\n}\n",
    "class X {\n    int n;\n    void f() {\n            n++;\n        n++;\n        n++; \n    }\n}\n",
    "class X {\n    int n;\n    void f() {\n        n++;\n        n++;\n    }\n}\n",
)
STRIP_TRAILING_VS_INSERT = (
    "class X {\n  int f(boolean a, boolean b) {\n    if (a) {\n      w();  \n      return n;  \n    }  \n"
    "    if (b) {  \n      w();\n      return n;  \n    }\n    return n;\n  }\n}\n",
    "class X {\n  int f(boolean a, boolean b) {\n    if (a) {\n      w();\n      return n;\n    }\n"
    "    if (b) {\n      w();\n      return n;\n    }\n    return n;\n  }\n}\n",
    "class X {\n  int f(boolean a, boolean b) {\n    if (a) {\n      w();  \n      return n;  \n    }  \n"
    "    if (b) {  \n      w();\n      n--;\n      return n;  \n    }\n    return n;\n  }\n}\n",
)
COMMENT_CONTEXT = (
    'class X {\n  String f() {\n    String msg; /* wording from\n       http://example.com/doc */ msg = "Retry  later";\n'
    "    return msg;\n  }\n}\n",
    'class X {\n  String f() {\n    String msg; /* wording from\n       http://example.com/doc */ msg = "Retry later";\n'
    "    return msg;\n  }\n}\n",
    'class X {\n  String f() {\n    String msg; /* wording from\n       http://example.org/doc */ msg = "Retry  later";\n'
    "    return msg;\n  }\n}\n",
)


def test_fork_layout_takes_upstream_deletion() -> None:
    base, ours, theirs = FORK_LAYOUT_UPSTREAM_DELETE
    assert _merged(base, ours, theirs) == (theirs, True)


def test_upstream_layout_keeps_fork_deletion() -> None:
    base, theirs, ours = FORK_LAYOUT_UPSTREAM_DELETE
    assert _merged(base, ours, theirs) == (ours, True)


def test_insert_stays_in_its_block() -> None:
    base, ours, theirs = STRIP_TRAILING_VS_INSERT
    assert _merged(base, ours, theirs) == (theirs, True)


@pytest.mark.parametrize("swap", [False, True])
def test_comment_context_change_left_for_human(swap: bool) -> None:
    base, ours, theirs = COMMENT_CONTEXT
    if swap:
        ours, theirs = theirs, ours
    text, clean = _merged(base, ours, theirs)
    assert not clean
    assert "<<<<<<<" in text
