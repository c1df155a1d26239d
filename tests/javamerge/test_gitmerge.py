"""git_merge: libgit2's file merge on texts in memory, cross-checked against `git merge-file`."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from patchkit.javamerge import merge_java_file
from patchkit.javamerge.gitmerge import git_merge
from patchkit.textcodec import decode_text, encode_text

BASE = "a\nb\nc\nd\ne\nf\n"


def git_merge_file(tmp_path: Path, base: str, ours: str, theirs: str) -> tuple[str, bool]:
    paths = []
    for name, text in (("ours", ours), ("base", base), ("theirs", theirs)):
        path = tmp_path / name
        path.write_bytes(encode_text(text))
        paths.append(str(path))
    done = subprocess.run(["git", "merge-file", "-p", *paths], capture_output=True, check=False)
    merged = decode_text(done.stdout)
    assert merged is not None
    return merged, done.returncode == 0


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        ("a\nB\nc\nd\ne\nf\n", "a\nb\nc\nd\nE\nf\n"),
        ("a\nB\nc\nd\ne\nf\n", "a\nb\nC\nd\ne\nf\n"),
        ("a\nb\nc\nd\ne\nf\nx\n", "a\nb\nc\nd\ne\nf\ny\n"),
        ("a\r\nB\r\nc\r\nd\r\ne\r\nf\r\n", "a\nb\nc\nd\nE\nf\n"),
        ("b\nc\nd\ne\nf\n", "a\nb\nc\nd\ne\n"),
    ],
)
def test_git_merge_matches_cli(tmp_path: Path, ours: str, theirs: str) -> None:
    expected_text, expected_clean = git_merge_file(tmp_path, BASE, ours, theirs)
    merged = git_merge(BASE, ours, theirs, (str(tmp_path / "ours"), str(tmp_path / "theirs")))
    assert merged is not None
    assert merged.clean == expected_clean
    assert merged.text == expected_text


def test_git_merge_keeps_non_utf8_bytes() -> None:
    latin = decode_text("caf\xe9\n".encode("latin-1"))
    assert latin is not None
    merged = git_merge(BASE, "a\nB\nc\nd\ne\nf\n", BASE.replace("f\n", latin))
    assert merged is not None
    assert merged.clean
    assert encode_text(merged.text) == b"a\nB\nc\nd\ne\ncaf\xe9\n"


def test_git_merge_declines_nul() -> None:
    assert git_merge(BASE, "a\0\n" + BASE, BASE + "g\n") is None


def test_git_merge_empty_texts() -> None:
    merged = git_merge("", "", "")
    assert merged is not None
    assert merged.text == ""
    assert merged.clean


def test_merge_keeps_git_clean_bytes() -> None:
    base = "class A\r\n{\r\n  int a;\r\n\r\n  int b;\r\n}\r\n"
    ours = "\ufeffclass A\r\n{\r\n  int a = 1;\r\n\r\n  int b;\r\n}\r\n"
    theirs = "class A\r\n{\r\n  int a;\r\n\r\n  int b = 2;\r\n}\r\n"
    result = merge_java_file(base, ours, theirs, path="src/A.java")
    assert result.text == "\ufeffclass A\r\n{\r\n  int a = 1;\r\n\r\n  int b = 2;\r\n}\r\n"
    assert result.clean
    assert result.conflicts == ()
    assert result.fallback_reason is None
