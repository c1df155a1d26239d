from __future__ import annotations

from collections.abc import Iterator

import pytest

from patchkit.javacache import MAX_CACHED_FILES, cached_file_count, clear_java_cache, parse_java
from patchkit.javamerge.api import UnreadableError, parse_file

SOURCE = "package org.example;\n\nclass Runner\n{\n  void run() {}\n}\n"


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    clear_java_cache()
    yield
    clear_java_cache()


def test_parse_java_same_text_reused() -> None:
    first = parse_java(SOURCE)
    assert parse_java(SOURCE) is first
    assert cached_file_count() == 1


def test_parse_java_matches_parse_file() -> None:
    assert parse_java(SOURCE) == parse_file(SOURCE)


def test_parse_java_other_text_parsed() -> None:
    other = SOURCE.replace("run()", "stop()")
    assert parse_java(other) is not parse_java(SOURCE)
    assert cached_file_count() == 2


def test_parse_java_unreadable_cached() -> None:
    with pytest.raises(UnreadableError) as first:
        parse_java("class {")
    with pytest.raises(UnreadableError) as second:
        parse_java("class {")
    assert str(first.value) == str(second.value)
    assert str(first.value).startswith("does not parse with javalang")
    assert cached_file_count() == 1


def test_parse_java_bound_evicts_oldest() -> None:
    oldest = parse_java(SOURCE)
    for number in range(MAX_CACHED_FILES):
        parse_java(f"class Filler{number} {{}}\n")
    assert cached_file_count() == MAX_CACHED_FILES
    assert parse_java(SOURCE) is not oldest


def test_parse_java_recent_use_kept() -> None:
    recent = parse_java(SOURCE)
    for number in range(MAX_CACHED_FILES - 1):
        parse_java(f"class Filler{number} {{}}\n")
    assert parse_java(SOURCE) is recent
    parse_java("class OneMore {}\n")
    assert parse_java(SOURCE) is recent


def test_clear_java_cache_parses_again() -> None:
    first = parse_java(SOURCE)
    clear_java_cache()
    assert cached_file_count() == 0
    assert parse_java(SOURCE) is not first
