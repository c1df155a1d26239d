"""One process-wide cache of parsed Java files, keyed by the SHA-256 of the text.

A javalang parse of one file of the sample fork takes a few milliseconds.
Conflict provenance splits the same two versions of a file once per
conflicting member, and `survey` splits every version of a file that the
commits it reads touch. The merger and the recorded-resolution lookup parse
the versions of each conflicted file. All go through `parse_java`, so each
distinct text is parsed once per process while it stays in the cache. Within a
`keeping_parses_in` block, a parse the process lacks is also looked up in, and
added to, a store on disk (see `parsestore.py`), which outlives the process.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections import OrderedDict
from collections.abc import Iterator

from patchkit.javamerge.api import ParsedFile, UnreadableError, parse_file
from patchkit.parsestore import ParseStore

# A plan touches a few files in three versions each; survey keeps its own cache
# by blob id. The bound keeps a long survey from holding every parsed file.
MAX_CACHED_FILES = 256

# Either the parsed file, or the reason the text is unreadable, so a text that
# fails to parse is not parsed again either.
_cache: OrderedDict[bytes, ParsedFile | str] = OrderedDict()

# The store on disk that `keeping_parses_in` opened, if any.
_store: ParseStore | None = None


def parse_java(text: str) -> ParsedFile:
    """Parse LF Java text like `javamerge.api.parse_file`, reusing an earlier parse of the same text.

    Raises UnreadableError, with the same message each time, for a text
    javalang rejects or that cannot be split into members.
    """
    key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()
    found = _cache.get(key)
    if found is None:
        found = _stored_or_parsed(text, key.hex())
        _cache[key] = found
        if len(_cache) > MAX_CACHED_FILES:
            _cache.popitem(last=False)
    else:
        _cache.move_to_end(key)
    if isinstance(found, str):
        raise UnreadableError(found)
    return found


def _stored_or_parsed(text: str, key: str) -> ParsedFile | str:
    store = _store
    if store is None:
        return _parse_or_reason(text)
    found = store.read(text, key)
    if found is None:
        found = _parse_or_reason(text)
        store.write(key, found)
    return found


def _parse_or_reason(text: str) -> ParsedFile | str:
    try:
        return parse_file(text)
    except UnreadableError as error:
        return str(error)


@contextlib.contextmanager
def keeping_parses_in(store: ParseStore) -> Iterator[None]:
    """Within the block, read parses the process lacks from `store` and add new ones to it.

    A text whose parse is still in the process's cache is not looked up in the
    store, so it is not added to the store either.
    """
    global _store
    previous = _store
    _store = store
    try:
        yield
    finally:
        _store = previous


def clear_java_cache() -> None:
    """Forget every cached parse of this process, so the next `parse_java` of each text parses again.

    A store on disk is left as it is.
    """
    _cache.clear()


def cached_file_count() -> int:
    return len(_cache)
