from __future__ import annotations

import json
from pathlib import Path

import pygit2
import pytest

from patchkit.pick import _changes, diff_cache
from patchkit.renames import detect_renames, stored_renames
from tests.repobuilder import RepoBuilder

BODY = "".join(f"line {number} of a file long enough for rename detection\n" for number in range(40))


@pytest.fixture
def moved(tmp_path: Path) -> tuple[pygit2.Repository, pygit2.Commit, pygit2.Commit]:
    """Return a repository, a commit adding two files and one moving the first and changing the second."""
    builder = RepoBuilder.init(tmp_path / "repo")
    first = builder.commit("main", "Add files", {"old/App.java": BODY, "Notes.txt": "one\n"})
    second = builder.commit("main", "Move App (#3)", {"old/App.java": None, "new/App.java": BODY, "Notes.txt": "two\n"})
    repo = builder.repo
    return repo, repo[first].peel(pygit2.Commit), repo[second].peel(pygit2.Commit)


def _stored(cache_root: Path, key: str) -> Path:
    (path,) = (cache_root / "diffs").rglob(f"{key}.json")
    return path


def test_renames_stored_then_read(tmp_path: Path, moved: tuple[pygit2.Repository, pygit2.Commit, pygit2.Commit]) -> None:
    repo, first, second = moved
    cache = diff_cache(tmp_path / "cache")
    found = stored_renames(repo, first.tree, second.tree, cache)
    assert found == detect_renames(repo, first.tree, second.tree) == {"new/App.java": "old/App.java"}
    entry = _stored(tmp_path / "cache", f"renames-{first.tree.id}-{second.tree.id}")
    key = f"renames-{first.tree.id}-{second.tree.id}"
    entry.write_text(json.dumps({"key": key, "renames": {"elsewhere/App.java": "old/App.java"}}), encoding="utf-8")
    assert stored_renames(repo, first.tree, second.tree, diff_cache(tmp_path / "cache")) == {
        "elsewhere/App.java": "old/App.java"
    }


@pytest.mark.parametrize("damage", [
    '{"renames": ["new/App.java"]}', '{"renames": {"new/App.java": 7}}', '{"new/App.java": "old/App.java"}', '{"stamp": ',
    '{"renames": {}}', '{"key": "renames-0-1", "renames": {}}',
])
def test_renames_damaged_entry_detected_again(
    tmp_path: Path, moved: tuple[pygit2.Repository, pygit2.Commit, pygit2.Commit], damage: str
) -> None:
    repo, first, second = moved
    cache = diff_cache(tmp_path / "cache")
    stored_renames(repo, first.tree, second.tree, cache)
    _stored(tmp_path / "cache", f"renames-{first.tree.id}-{second.tree.id}").write_text(damage, encoding="utf-8")
    assert stored_renames(repo, first.tree, second.tree, cache) == {"new/App.java": "old/App.java"}


def test_changes_stored_then_read(tmp_path: Path, moved: tuple[pygit2.Repository, pygit2.Commit, pygit2.Commit]) -> None:
    repo, _, second = moved
    expected = sorted([("old/App.java", "new/App.java"), ("Notes.txt", "Notes.txt")], key=str)
    assert sorted(_changes(repo, second, None), key=str) == expected
    cache = diff_cache(tmp_path / "cache")
    assert sorted(_changes(repo, second, cache), key=str) == expected
    entry = _stored(tmp_path / "cache", f"changes-{second.id}")
    entry.write_text(json.dumps({"key": f"changes-{second.id}", "changes": [["Notes.txt", None]]}), encoding="utf-8")
    assert _changes(repo, second, diff_cache(tmp_path / "cache")) == [("Notes.txt", None)]


@pytest.mark.parametrize("damage", [
    '{"changes": [["Notes.txt"]]}', '{"changes": [[null, null]]}', '{"changes": [[1, "Notes.txt"]]}',
    '[["Notes.txt", null]]', '{"changes": {"a": 1}}', '{"changes": []}', '{"key": "changes-0", "changes": []}',
])
def test_changes_damaged_entry_diffed_again(
    tmp_path: Path, moved: tuple[pygit2.Repository, pygit2.Commit, pygit2.Commit], damage: str
) -> None:
    repo, _, second = moved
    cache = diff_cache(tmp_path / "cache")
    expected = _changes(repo, second, cache)
    _stored(tmp_path / "cache", f"changes-{second.id}").write_text(damage, encoding="utf-8")
    assert _changes(repo, second, cache) == expected


def test_renames_missing_blob_not_stored(tmp_path: Path) -> None:
    builder = RepoBuilder.init(tmp_path / "repo")
    first = builder.commit("main", "Add App", {"old/App.java": BODY})
    second = builder.commit("main", "Move and edit App", {"old/App.java": None, "new/App.java": BODY + "end\n"})
    repo = builder.repo
    # A partial clone lacks blobs it never fetched: remove the edited file's object.
    blob = repo[second].peel(pygit2.Commit).tree["new/App.java"].id
    (Path(repo.path) / "objects" / str(blob)[:2] / str(blob)[2:]).unlink()
    old, new = repo[first].peel(pygit2.Commit).tree, repo[second].peel(pygit2.Commit).tree
    assert stored_renames(repo, old, new, diff_cache(tmp_path / "cache")) == {}
    assert not list((tmp_path / "cache").rglob("renames-*.json"))
