from __future__ import annotations

from pathlib import Path

import pygit2

from patchkit.cachefiles import JsonCache, cache_root, source_stamp


def test_cache_write_then_read(tmp_path: Path) -> None:
    JsonCache(tmp_path, "kind", "stamp").write("key", {"value": [1, "two"]})
    assert JsonCache(tmp_path, "kind", "stamp").read("key") == {"value": [1, "two"]}
    assert [path.name for path in (tmp_path / "kind" / "stamp").iterdir()] == ["key.json"]


def test_cache_write_replaces(tmp_path: Path) -> None:
    cache = JsonCache(tmp_path, "kind", "stamp")
    cache.write("key", [1])
    cache.write("key", [2])
    assert cache.read("key") == [2]


def test_cache_missing_entry(tmp_path: Path) -> None:
    assert JsonCache(tmp_path, "kind", "stamp").read("key") is None


def test_cache_unreadable_entry(tmp_path: Path) -> None:
    cache = JsonCache(tmp_path, "kind", "stamp")
    cache.write("key", [1])
    (tmp_path / "kind" / "stamp" / "key.json").write_bytes(b"[1")
    assert cache.read("key") is None


def test_cache_unwritable_root(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    root.write_text("a file where the folder should be\n", encoding="utf-8")
    cache = JsonCache(root, "kind", "stamp")
    cache.write("key", [1])
    assert cache.read("key") is None
    assert root.read_text(encoding="utf-8") == "a file where the folder should be\n"


def test_cache_removes_other_stamps(tmp_path: Path) -> None:
    JsonCache(tmp_path, "kind", "old").write("key", [1])
    JsonCache(tmp_path, "other-kind", "old").write("key", [1])
    JsonCache(tmp_path, "kind", "new")
    assert not (tmp_path / "kind" / "old").exists()
    assert (tmp_path / "other-kind" / "old" / "key.json").is_file()


def test_source_stamp_changes(tmp_path: Path) -> None:
    source = tmp_path / "source.py"
    source.write_text("one\n", encoding="utf-8")
    first = source_stamp(["1.0"], (), [source])
    assert source_stamp(["1.0"], (), [source]) == first
    assert source_stamp(["1.1"], (), [source]) != first
    source.write_text("two\n", encoding="utf-8")
    assert source_stamp(["1.0"], (), [source]) != first


def test_cache_root_in_git_dir(tmp_path: Path) -> None:
    repo = pygit2.init_repository(str(tmp_path / "repo"))
    assert cache_root(repo) == Path(repo.path) / "patchkit" / "cache"
