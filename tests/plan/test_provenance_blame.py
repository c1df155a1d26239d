from __future__ import annotations

from pathlib import Path

import pygit2

from patchkit.provenance import _blamed_lines

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
