from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from patchkit.javacache import clear_java_cache, keeping_parses_in, parse_java
from patchkit.javamerge.api import ParsedFile, UnreadableError, parse_file
from patchkit.parsestore import InvalidEntry, ParseStore, decode, encode, parser_stamp
from patchkit.textcodec import decode_text

ROOT = Path(__file__).resolve().parent.parent
JAVA_FILES = sorted((ROOT / "fixtures").rglob("*.java")) + sorted((ROOT / "tests" / "javamerge").rglob("*.java"))

SOURCE = (
    "package org.example;\n\nimport java.util.List;\n\n"
    "public class Runner\n{\n  private int count;\n\n"
    "  static class Inner\n  {\n    void step() {}\n  }\n\n"
    "  enum Mode\n  {\n    ON,\n    OFF;\n\n    boolean on() { return this == ON; }\n  }\n\n"
    "  void run(List<String> names)\n  {\n    count++;\n  }\n}\n"
)


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _parse_or_reason(text: str) -> ParsedFile | str:
    try:
        return parse_file(text)
    except UnreadableError as error:
        return str(error)


def _roundtrip(text: str) -> ParsedFile | str:
    document = json.loads(json.dumps(encode(_parse_or_reason(text), _key(text))))
    return decode(document, text, _key(text))


def test_roundtrip_nested_types() -> None:
    assert _roundtrip(SOURCE) == parse_file(SOURCE)


def test_roundtrip_unreadable() -> None:
    assert _roundtrip("class {") == _parse_or_reason("class {")


@pytest.mark.parametrize("path", JAVA_FILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_roundtrip_every_java_file(path: Path) -> None:
    text = decode_text(path.read_bytes())
    assert text is not None
    text = text.replace("\r\n", "\n")
    assert _roundtrip(text) == _parse_or_reason(text)


def test_store_write_then_read(tmp_path: Path) -> None:
    store = ParseStore(tmp_path)
    store.write(_key(SOURCE), parse_file(SOURCE))
    assert ParseStore(tmp_path).read(SOURCE, _key(SOURCE)) == parse_file(SOURCE)


def test_store_missing_entry(tmp_path: Path) -> None:
    assert ParseStore(tmp_path).read(SOURCE, _key(SOURCE)) is None


def _entry(folder: Path, text: str) -> Path:
    return folder / "java" / parser_stamp() / f"{_key(text)}.json"


@pytest.mark.parametrize(
    "content",
    [b"", b"{", b"[]", b"null", b'{"stamp": 1}', "\u00e9".encode("latin-1")],
    ids=["empty", "truncated", "list", "null", "wrong-type", "not-utf8"],
)
def test_store_unreadable_entry(tmp_path: Path, content: bytes) -> None:
    store = ParseStore(tmp_path)
    store.write(_key(SOURCE), parse_file(SOURCE))
    _entry(tmp_path, SOURCE).write_bytes(content)
    assert store.read(SOURCE, _key(SOURCE)) is None


def test_store_entry_of_other_text(tmp_path: Path) -> None:
    other = SOURCE.replace("count++", "count--")
    store = ParseStore(tmp_path)
    store.write(_key(other), parse_file(other))
    _entry(tmp_path, SOURCE).write_bytes(_entry(tmp_path, other).read_bytes())
    assert store.read(SOURCE, _key(SOURCE)) is None


def test_store_other_stamp_ignored(tmp_path: Path) -> None:
    store = ParseStore(tmp_path)
    document = encode(parse_file(SOURCE), _key(SOURCE))
    document["stamp"] = "0" * 16
    _entry(tmp_path, SOURCE).parent.mkdir(parents=True)
    _entry(tmp_path, SOURCE).write_text(json.dumps(document))
    assert store.read(SOURCE, _key(SOURCE)) is None


@pytest.mark.parametrize(
    "change",
    [
        lambda unit: unit.update(tail=unit["tail"] + 1),
        lambda unit: unit["members"][0].update(lines=10_000),
        lambda unit: unit["members"][0].update(lead=-1),
        lambda unit: unit["members"][0].update(lines=True),
        lambda unit: unit["members"][0].update(kind="macro"),
        lambda unit: unit["members"][0].update(name=7),
        lambda unit: unit["members"][0]["body"].update(header=0),
    ],
    ids=["tail", "too-long", "negative", "bool", "kind", "name", "nested-counts"],
)
def test_decode_rejects_inconsistent(change: Callable[[dict[str, Any]], object]) -> None:
    document = encode(parse_file(SOURCE), _key(SOURCE))
    change(document["unit"])
    with pytest.raises(InvalidEntry):
        decode(document, SOURCE, _key(SOURCE))


@pytest.fixture
def empty_cache() -> Iterator[None]:
    clear_java_cache()
    yield
    clear_java_cache()


def test_parse_java_reads_store(tmp_path: Path, empty_cache: None) -> None:
    store = ParseStore(tmp_path)
    store.write(_key(SOURCE), "was stored as unreadable")
    with keeping_parses_in(store), pytest.raises(UnreadableError, match="was stored as unreadable"):
        parse_java(SOURCE)


def test_parse_java_fills_store(tmp_path: Path, empty_cache: None) -> None:
    store = ParseStore(tmp_path)
    with keeping_parses_in(store):
        parse_java(SOURCE)
    assert store.read(SOURCE, _key(SOURCE)) == parse_file(SOURCE)


def test_parse_java_without_store(tmp_path: Path, empty_cache: None) -> None:
    store = ParseStore(tmp_path)
    with keeping_parses_in(store):
        pass
    parse_java(SOURCE)
    assert store.read(SOURCE, _key(SOURCE)) is None


def test_store_rewrites_bad_entry(tmp_path: Path, empty_cache: None) -> None:
    store = ParseStore(tmp_path)
    _entry(tmp_path, SOURCE).parent.mkdir(parents=True)
    _entry(tmp_path, SOURCE).write_bytes(b"{")
    with keeping_parses_in(store):
        assert parse_java(SOURCE) == parse_file(SOURCE)
    clear_java_cache()
    assert store.read(SOURCE, _key(SOURCE)) == parse_file(SOURCE)


def test_store_removes_other_stamps(tmp_path: Path) -> None:
    old = tmp_path / "java" / ("f" * 16)
    old.mkdir(parents=True)
    (old / "entry.json").write_text("{}")
    ParseStore(tmp_path)
    assert not old.exists()
    assert (tmp_path / "java").is_dir()
