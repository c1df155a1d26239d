"""One process-wide cache of parsed Java files, keyed by the SHA-256 of the text.

A javalang parse of one file of the sample fork takes a few milliseconds.
Conflict provenance splits the same two versions of a file once per
conflicting member, and `survey` splits every version of a file that the
commits it reads touch. Both go through `parse_java`, so each distinct text is
parsed once per process while it stays in the cache.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict

from patchkit.javamerge.api import ParsedFile, UnreadableError, parse_file

# A plan touches a few files in three versions each; survey keeps its own cache
# by blob id. The bound keeps a long survey from holding every parsed file.
MAX_CACHED_FILES = 256

# Either the parsed file, or the reason the text is unreadable, so a text that
# fails to parse is not parsed again either.
_cache: OrderedDict[bytes, ParsedFile | str] = OrderedDict()


def parse_java(text: str) -> ParsedFile:
    """Parse LF Java text like `javamerge.api.parse_file`, reusing an earlier parse of the same text.

    Raises UnreadableError, with the same message each time, for a text
    javalang rejects or that cannot be split into members.
    """
    key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()
    found = _cache.get(key)
    if found is None:
        found = _parse_or_reason(text)
        _cache[key] = found
        if len(_cache) > MAX_CACHED_FILES:
            _cache.popitem(last=False)
    else:
        _cache.move_to_end(key)
    if isinstance(found, str):
        raise UnreadableError(found)
    return found


def _parse_or_reason(text: str) -> ParsedFile | str:
    try:
        return parse_file(text)
    except UnreadableError as error:
        return str(error)


def clear_java_cache() -> None:
    """Forget every cached parse, so the next `parse_java` of each text parses again."""
    _cache.clear()


def cached_file_count() -> int:
    return len(_cache)
