from __future__ import annotations

import json
from pathlib import Path

import pygit2
import pytest

from patchkit.provenance import _blamed_lines, blame_cache

LINES = [f"line {number}\n" for number in range(1, 13)]


def _commit(repo: pygit2.Repository, lines: list[str], parents: list[pygit2.Oid], message: str) -> pygit2.Oid:
    index = pygit2.Index()
    index.add(pygit2.IndexEntry("Runner.java", repo.create_blob("".join(lines).encode()), pygit2.enums.FileMode.BLOB))
    signature = pygit2.Signature("test", "test@example.org", 1_700_000_000 + len(parents), 0)
    return repo.create_commit(None, signature, signature, message, index.write_tree(repo), parents)


def _history(tmp_path: Path) -> tuple[pygit2.Repository, pygit2.Oid, list[pygit2.Oid]]:
    """Return a repository, its fork point, and three later commits that each rewrite some lines."""
    repo = pygit2.init_repository(str(tmp_path / "repo"), bare=True)
    fork_point = _commit(repo, LINES, [], "release")
    lines = list(LINES)
    commits: list[pygit2.Oid] = []
    parent = fork_point
    for changed in ((2, 3), (8,), (3, 11)):
        for number in changed:
            lines[number - 1] = f"line {number} after {len(commits)}\n"
        parent = _commit(repo, lines, [parent], f"change {len(commits)}")
        commits.append(parent)
    return repo, fork_point, commits


def test_blamed_lines_range_independent(tmp_path: Path) -> None:
    repo, fork_point, commits = _history(tmp_path)
    tip = repo[commits[-1]].peel(pygit2.Commit)
    wanted = [1, 2, 3, 8, 11, 12]
    by_line = _blamed_lines(repo, "Runner.java", tip, str(fork_point), wanted)
    for number in wanted:
        alone = _blamed_lines(repo, "Runner.java", tip, str(fork_point), [number])
        assert by_line[number] == alone[number], number


def test_blamed_lines_writers(tmp_path: Path) -> None:
    repo, fork_point, commits = _history(tmp_path)
    tip = repo[commits[-1]].peel(pygit2.Commit)
    by_line = _blamed_lines(repo, "Runner.java", tip, str(fork_point), [1, 2, 3, 8, 11])
    assert by_line[1] is None
    assert by_line[2] == commits[0]
    assert by_line[3] == commits[2]
    assert by_line[8] == commits[1]
    assert by_line[11] == commits[2]


def test_blamed_lines_empty(tmp_path: Path) -> None:
    repo, fork_point, commits = _history(tmp_path)
    tip = repo[commits[-1]].peel(pygit2.Commit)
    assert _blamed_lines(repo, "Runner.java", tip, str(fork_point), []) == {}


def _only_entry(root: Path) -> Path:
    (entry,) = (root / "blame").rglob("*.json")
    return entry


def test_blamed_lines_stored_then_read(tmp_path: Path) -> None:
    repo, fork_point, commits = _history(tmp_path)
    tip = repo[commits[-1]].peel(pygit2.Commit)
    numbers = [1, 2, 8]
    first = _blamed_lines(repo, "Runner.java", tip, str(fork_point), numbers, blame_cache(tmp_path / "cache"))
    assert first == _blamed_lines(repo, "Runner.java", tip, str(fork_point), numbers)
    entry = _only_entry(tmp_path / "cache")
    document = json.loads(entry.read_bytes())
    document["lines"]["1"] = str(commits[2])
    entry.write_text(json.dumps(document), encoding="utf-8")
    again = _blamed_lines(repo, "Runner.java", tip, str(fork_point), numbers, blame_cache(tmp_path / "cache"))
    assert again[1] == commits[2]


@pytest.mark.parametrize("damage", [
    {"key": "another"},
    {"lines": {"1": None}},
    {"lines": {"1": "not an id", "2": None, "8": None}},
    {"lines": ["1", "2", "8"]},
])
def test_blamed_lines_damaged_entry_blamed_again(tmp_path: Path, damage: dict[str, object]) -> None:
    repo, fork_point, commits = _history(tmp_path)
    tip = repo[commits[-1]].peel(pygit2.Commit)
    numbers = [1, 2, 8]
    expected = _blamed_lines(repo, "Runner.java", tip, str(fork_point), numbers, blame_cache(tmp_path / "cache"))
    entry = _only_entry(tmp_path / "cache")
    entry.write_text(json.dumps({**json.loads(entry.read_bytes()), **damage}), encoding="utf-8")
    assert _blamed_lines(repo, "Runner.java", tip, str(fork_point), numbers, blame_cache(tmp_path / "cache")) == expected
