"""Commit subjects and author names with Markdown, HTML, ANSI escapes and control characters.

Each case of the `bad-inputs/subjects` corpus starts with `author: <name>`; the rest of
the file is the upstream commit's message. After a real `apply`, the terminal output
must contain no raw escape or control character, the Markdown report must show the
text as literal text, and the JSON report must keep it byte for byte.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pygit2
import pytest

from tests.report.markdown_check import OWN_HTML_BLOCK, parse, parser, walk
from tests.safety.harness import run_patchkit
from tests.safety.twosided import two_sided

CORPUS = Path(__file__).resolve().parents[1] / "bad-inputs" / "subjects"
CASES = sorted(CORPUS.glob("*.txt"))
# C0 and C1 controls other than newline and tab, DEL, and the bidirectional overrides and isolates.
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _read_case(path: Path) -> tuple[str, str]:
    first, _, message = path.read_bytes().decode("utf-8").partition("\n")
    return first.removeprefix("author: "), message


def _patch(document: dict[str, Any]) -> dict[str, Any]:
    patches = document["patches"]
    return next(patch for patch in patches if patch["id"] == "change")


@pytest.fixture(params=CASES, ids=lambda path: path.stem)
def hostile_run(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, str, Path, str]:
    """Apply the case's commit to a small fork; return author, subject, repository and terminal output."""
    author, message = _read_case(request.param)
    signature = pygit2.Signature(author, "someone@upstream.example", 1_700_000_000, 0)
    scenario = two_sided(tmp_path, {"a.txt": b"a\n"}, {"fork.txt": b"fork\n"}, {"a.txt": b"b\n"}, message=message, author=signature)
    result = scenario.apply()
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr
    return author, message.split("\n")[0], scenario.path, result.stdout + result.stderr


def test_corpus_size() -> None:
    assert len(CASES) >= 15


def test_terminal_output_safe(hostile_run: tuple[str, str, Path, str]) -> None:
    _, _, _, output = hostile_run

    assert "\x1b" not in output
    assert UNSAFE.search(output) is None, repr(UNSAFE.search(output))


def test_markdown_report_literal(hostile_run: tuple[str, str, Path, str]) -> None:
    _, _, repo, _ = hostile_run
    markdown = (repo / ".git" / "patchkit" / "reports" / "report.md").read_text(encoding="utf-8")

    tokens = parse(markdown)
    types = {token.type for token in walk(tokens)}
    html = parser().render(markdown)

    assert UNSAFE.search(markdown) is None, repr(UNSAFE.search(markdown))
    assert "link_open" not in types
    assert "image" not in types
    assert "html_inline" not in types
    for token in tokens:
        if token.type == "html_block":
            assert OWN_HTML_BLOCK.fullmatch(token.content), token.content
    assert "<script" not in html
    assert "<img" not in html
    assert "<details open" not in html


def test_json_report_intact(hostile_run: tuple[str, str, Path, str]) -> None:
    _, subject, repo, _ = hostile_run
    document = json.loads((repo / ".git" / "patchkit" / "reports" / "report.json").read_text(encoding="utf-8"))
    # pygit2 1.21 (libgit2 1.9) drops a leading control character from a signature's name,
    # so the expected author is the one stored in the commit, not the case file's.
    upstream = pygit2.Repository(str(repo)).references["refs/heads/upstream"].peel(pygit2.Commit)

    patch = _patch(document)

    assert patch["subject"] == subject
    assert patch["author"] == f"{upstream.author.name} <{upstream.author.email}>"


def test_json_output_intact(tmp_path: Path) -> None:
    author, message = _read_case(CORPUS / "ansi-colour.txt")
    signature = pygit2.Signature(author, "someone@upstream.example", 1_700_000_000, 0)
    scenario = two_sided(tmp_path, {"a.txt": b"a\n"}, {"fork.txt": b"fork\n"}, {"a.txt": b"b\n"}, message=message, author=signature)

    result = run_patchkit("apply", str(scenario.manifest), "--repo", str(scenario.path), "--json")

    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout
    document = json.loads(result.stdout)
    assert _patch(document["run"])["subject"] == message.split("\n")[0]
