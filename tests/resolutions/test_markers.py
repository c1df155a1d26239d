"""Splitting files at conflict markers, and hunk ids."""

from __future__ import annotations

import pytest

from patchkit.resolutions.markers import Hunk, MarkerError, hunk_key, parse_marked

MARKED = """a
<<<<<<< fork
b-fork
=======
b-upstream
>>>>>>> upstream 1234 (#5)
c
<<<<<<< fork
=======
d-upstream
>>>>>>> upstream 1234 (#5)
e
"""


def test_parse_splits_contexts_and_hunks() -> None:
    marked = parse_marked(MARKED)

    assert marked.contexts == (("a\n",), ("c\n",), ("e\n",))
    assert marked.hunks[0].ours == ("b-fork\n",)
    assert marked.hunks[0].theirs == ("b-upstream\n",)
    assert marked.hunks[1].ours == ()
    assert marked.hunks[1].theirs == ("d-upstream\n",)


def test_hunk_line_counts_fork_view() -> None:
    marked = parse_marked(MARKED)

    assert [hunk.line for hunk in marked.hunks] == [2, 4]
    assert marked.ours_text() == "a\nb-fork\nc\ne\n"


def test_join_replaces_each_hunk() -> None:
    marked = parse_marked(MARKED)

    assert marked.join([("B\n",), ()]) == "a\nB\nc\ne\n"


def test_diff3_base_section_dropped() -> None:
    text = "<<<<<<< ours\nx\n||||||| base\nold\n=======\ny\n>>>>>>> theirs\n"

    hunk = parse_marked(text).hunks[0]

    assert hunk.ours == ("x\n",)
    assert hunk.theirs == ("y\n",)


def test_crlf_file_keeps_crlf_on_join() -> None:
    marked = parse_marked(MARKED.replace("\n", "\r\n"))

    assert marked.newline == "\r\n"
    assert marked.hunks[0].ours == ("b-fork\n",)
    assert marked.join([("B\n",), ()]) == "a\r\nB\r\nc\r\ne\r\n"


@pytest.mark.parametrize(
    "text",
    [
        "<<<<<<< ours\nx\n=======\ny\n",
        "<<<<<<< ours\nx\n<<<<<<< ours\n=======\ny\n>>>>>>> theirs\n",
        "<<<<<<< ours\nx\n>>>>>>> theirs\n",
    ],
)
def test_unbalanced_markers_raise(text: str) -> None:
    with pytest.raises(MarkerError):
        parse_marked(text)


def test_marker_prefix_needs_space_or_end() -> None:
    text = "<<<<<<<<< not a marker\n"

    assert parse_marked(text).hunks == ()


def test_key_ignores_trailing_whitespace() -> None:
    plain = Hunk(("x = 1;\n",), ("x = 2;\n",), 1)
    padded = Hunk(("x = 1;   \n",), ("x = 2;\t\n",), 40)

    assert hunk_key(plain, "A.f()") == hunk_key(padded, "A.f()")


def test_key_depends_on_scope_and_sides() -> None:
    hunk = Hunk(("x = 1;\n",), ("x = 2;\n",), 1)

    assert hunk_key(hunk, "A.f()") != hunk_key(hunk, "A.g()")
    assert hunk_key(hunk, "A.f()") != hunk_key(Hunk(("x = 1;\n",), ("x = 3;\n",), 1), "A.f()")
    assert hunk_key(hunk, "A.f()") != hunk_key(Hunk(("x = 2;\n",), ("x = 1;\n",), 1), "A.f()")
