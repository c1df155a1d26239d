"""merge_text: clean merges, git-style markers, and the file's line endings."""

from __future__ import annotations

from patchkit.javamerge import MergeLabels, merge_text
from patchkit.javamerge.textmerge import split_lines


def test_merge_text_disjoint_changes() -> None:
    base = "a\nb\nc\nd\ne\n"
    ours = "a\nB\nc\nd\ne\n"
    theirs = "a\nb\nc\nd\nE\n"
    assert merge_text(base, ours, theirs) == ("a\nB\nc\nd\nE\n", True)


def test_merge_text_conflict_markers() -> None:
    text, clean = merge_text("x\n", "fork\n", "upstream\n", MergeLabels(ours="HEAD", theirs="abc123"))
    assert not clean
    assert text == "<<<<<<< HEAD\nfork\n=======\nupstream\n>>>>>>> abc123\n"


def test_merge_text_conflict_without_final_newline() -> None:
    text, clean = merge_text("x", "fork", "upstream")
    assert not clean
    assert text == "<<<<<<< fork\nfork\n=======\nupstream\n>>>>>>> upstream\n"


def test_merge_text_keeps_fork_crlf() -> None:
    base = "a\nb\n"
    ours = "a\r\nb\r\n"
    theirs = "a\nb\nc\n"
    assert merge_text(base, ours, theirs) == ("a\r\nb\r\nc\r\n", True)


def test_merge_text_keeps_byte_order_mark() -> None:
    base = "\ufeffa\n"
    assert merge_text(base, base + "b\n", base) == ("\ufeffa\nb\n", True)


def test_merge_text_keeps_mixed_line_endings() -> None:
    base = "a\r\nb\nc\r\n"
    ours = "a\r\nB\nc\r\n"
    theirs = "a\r\nb\nc\r\nd\n"
    assert merge_text(base, ours, theirs) == ("a\r\nB\nc\r\nd\n", True)


def test_merge_text_conflict_keeps_mixed_line_endings() -> None:
    text, clean = merge_text("a\r\nx\nz\r\n", "a\r\nmine\nz\r\n", "a\r\ntheirs\nz\r\n")
    assert not clean
    assert text.startswith("a\r\n")
    assert "\nmine\n" in text
    assert "\ntheirs\n" in text
    assert text.endswith("z\r\n")


def test_merge_text_conflict_keeps_lone_cr() -> None:
    # Only LF ends a line, so each file is one line and the conflict contains both whole.
    text, clean = merge_text("a\rx\r", "a\rmine\r", "a\rtheirs\r")
    assert not clean
    assert "\na\rmine\r" in text
    assert "\na\rtheirs\r" in text


def test_split_lines_ends_lines_at_lf_only() -> None:
    assert split_lines("a\r\nb\rc\nd") == ["a\r\n", "b\rc\n", "d"]
    assert split_lines("a\n") == ["a\n"]
    assert split_lines("") == []
