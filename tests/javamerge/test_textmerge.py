"""merge_text: clean merges, git-style markers, and the file's line endings."""

from __future__ import annotations

from patchkit.javamerge import MergeLabels, merge_text


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
