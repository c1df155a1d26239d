from __future__ import annotations

import os
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


def _entry_names(tmp_path: Path) -> list[str]:
    return sorted(path.name for path in (tmp_path / "kind" / "stamp").iterdir())


def test_cache_removes_oldest_entries_above_limit(tmp_path: Path) -> None:
    first = JsonCache(tmp_path, "kind", "stamp", limit=8)
    for number in range(10):
        first.write(f"key{number}", [number])
        # Distinct modification times, oldest first, whatever the file system's clock resolution.
        os.utime(tmp_path / "kind" / "stamp" / f"key{number}.json", ns=(number * 10**9, number * 10**9))
    assert len(_entry_names(tmp_path)) == 10
    second = JsonCache(tmp_path, "kind", "stamp", limit=8)
    second.write("new", [10])
    assert _entry_names(tmp_path) == sorted([f"key{number}.json" for number in range(4, 10)] + ["new.json"])
    assert second.read("key9") == [9]
    assert second.read("key0") is None


def test_cache_under_limit_keeps_every_entry(tmp_path: Path) -> None:
    for number in range(8):
        JsonCache(tmp_path, "kind", "stamp", limit=8).write(f"key{number}", [number])
    assert len(_entry_names(tmp_path)) == 8


def test_cache_keeps_text_that_is_not_utf8(tmp_path: Path) -> None:
    cache = JsonCache(tmp_path, "kind", "stamp")
    # A file with a Latin-1 byte, decoded with surrogate escapes as patchkit decodes files.
    text = b"// Jos\xe9\n".decode("utf-8", errors="surrogateescape")
    cache.write("key", {"text": text})
    assert JsonCache(tmp_path, "kind", "stamp").read("key") == {"text": text}


def test_cache_ignores_pipe_entry(tmp_path: Path) -> None:
    cache = JsonCache(tmp_path, "kind", "stamp")
    cache.write("other", [1])
    os.mkfifo(tmp_path / "kind" / "stamp" / "key.json")
    assert cache.read("key") is None


def test_cache_ignores_linked_entry(tmp_path: Path) -> None:
    cache = JsonCache(tmp_path, "kind", "stamp")
    cache.write("real", [1])
    (tmp_path / "kind" / "stamp" / "key.json").symlink_to(tmp_path / "kind" / "stamp" / "real.json")
    assert cache.read("key") is None


def test_cache_behind_link_unused(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    (victim / "important").mkdir(parents=True)
    (victim / "important" / "data.txt").write_text("keep\n", encoding="utf-8")
    root = tmp_path / "cache"
    root.mkdir()
    (root / "kind").symlink_to(victim)
    cache = JsonCache(root, "kind", "stamp")
    cache.write("key", [1])
    assert cache.read("key") is None
    assert (victim / "important" / "data.txt").read_text(encoding="utf-8") == "keep\n"
    assert sorted(path.name for path in victim.iterdir()) == ["important"]


def test_cache_prunes_past_a_folder_entry(tmp_path: Path) -> None:
    first = JsonCache(tmp_path, "kind", "stamp", limit=4)
    folder = tmp_path / "kind" / "stamp"
    for number in range(6):
        first.write(f"key{number}", [number])
        os.utime(folder / f"key{number}.json", ns=((number + 1) * 10**9, (number + 1) * 10**9))
    (folder / "aaa.json").mkdir()
    # The folder is the oldest name ending in .json, so it comes first among the candidates.
    os.utime(folder / "aaa.json", ns=(0, 0))
    JsonCache(tmp_path, "kind", "stamp", limit=4).write("new", [6])
    assert sorted(path.name for path in folder.iterdir()) == ["aaa.json", "key3.json", "key4.json", "key5.json", "new.json"]


def test_keyed_entry_copied_elsewhere_ignored(tmp_path: Path) -> None:
    cache = JsonCache(tmp_path, "kind", "stamp")
    cache.write_keyed("one", {"value": 1})
    folder = tmp_path / "kind" / "stamp"
    (folder / "two.json").write_bytes((folder / "one.json").read_bytes())
    assert cache.read_keyed("one") == {"key": "one", "value": 1}
    assert cache.read_keyed("two") is None
    assert cache.read_keyed("three") is None
