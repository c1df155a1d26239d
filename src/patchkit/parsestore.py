"""Parsed Java structure kept as JSON under `.git/patchkit/cache/java/`, so a later process reuses it.

A javalang parse of one version of a file takes a few milliseconds, and a plan
parses the same versions again each time it runs. The store keeps what the
merger needs of a parse: each type's header, members and tail, written as line
counts, plus the reason when the text cannot be parsed. The lines themselves
come from the text being parsed, so a stored entry cannot change any code.

Entries are keyed by the SHA-256 of the text, under a stamp of the store's
format, javalang's version and the source of the modules that split Java text
(see `cachefiles.py`). An entry that is unreadable, of another text or
inconsistent with the text is ignored and written again.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import Any

import javalang

from patchkit.cachefiles import JsonCache, source_stamp
from patchkit.javamerge import api, structure, textmerge, tokens
from patchkit.javamerge.api import ParsedFile
from patchkit.javamerge.structure import Member, MemberKind, TypeBody

log = logging.getLogger("patchkit.parsestore")

FORMAT_VERSION = 1


class InvalidEntry(ValueError):
    """A stored entry is not a document of this format, or does not fit the text it is stored for."""


@functools.lru_cache(maxsize=1)
def parser_stamp() -> str:
    """Return a short hash of everything that decides how Java text is split into members."""
    return source_stamp([str(FORMAT_VERSION), javalang.__version__], (api, structure, textmerge, tokens))


class ParseStore:
    """The stored parses of one repository, under the cache folder `root` (see `cachefiles.cache_root`)."""

    def __init__(self, root: Path) -> None:
        self.entries = JsonCache(root, "java", parser_stamp())

    def read(self, text: str, key: str) -> ParsedFile | str | None:
        """Return the stored parse of `text` (or why it is unreadable), or None when none is usable.

        `key` is the SHA-256 of the text, in hex.
        """
        document = self.entries.read(key)
        if document is None:
            return None
        try:
            return decode(document, text, key)
        except InvalidEntry as error:
            log.debug("ignored the stored parse %s because it is invalid: %s", key, error)
            return None

    def write(self, key: str, parsed: ParsedFile | str) -> None:
        """Store a parse, or the reason a text is unreadable."""
        self.entries.write(key, encode(parsed, key))


def encode(parsed: ParsedFile | str, key: str) -> dict[str, Any]:
    """Return the JSON document of a parse, or of the reason the text is unreadable."""
    if isinstance(parsed, str):
        return {"stamp": parser_stamp(), "sha256": key, "unreadable": parsed}
    return {"stamp": parser_stamp(), "sha256": key, "unit": _encode_body(parsed.unit)}


def _encode_body(body: TypeBody) -> dict[str, Any]:
    members = [_encode_member(member) for member in body.members]
    return {"name": body.name, "header": len(body.header), "members": members, "tail": len(body.tail)}


def _encode_member(member: Member) -> dict[str, Any]:
    return {
        "key": member.key, "kind": member.kind.value, "name": member.name, "signature": member.signature,
        "lines": len(member.lines), "lead": member.lead,
        "body": None if member.body is None else _encode_body(member.body),
    }


def decode(document: Any, text: str, key: str) -> ParsedFile | str:
    """Rebuild the parse of `text` from its JSON document; raise InvalidEntry when it does not fit."""
    try:
        return _decode(document, text, key)
    except InvalidEntry:
        raise
    except (KeyError, TypeError, ValueError) as error:
        raise InvalidEntry(f"the entry is not a stored parse: {error!r}") from error


def _decode(document: Any, text: str, key: str) -> ParsedFile | str:
    if not isinstance(document, dict):
        raise InvalidEntry("the entry is not a JSON object")
    if document["stamp"] != parser_stamp() or document["sha256"] != key:
        raise InvalidEntry("the entry is for another parser or another text")
    if "unreadable" in document:
        return _string(document["unreadable"])
    lines = tuple(textmerge.split_lines(text))
    return ParsedFile(lines, _decode_body(document["unit"], lines, 0, len(lines)))


def _decode_body(data: dict[str, Any], lines: tuple[str, ...], start: int, end: int) -> TypeBody:
    """Rebuild a type whose header, members and tail are exactly lines[start:end]."""
    header_end = start + _count(data["header"])
    position = header_end
    members = []
    for item in data["members"]:
        member = _decode_member(item, lines, position, end)
        members.append(member)
        position += len(member.lines)
    if position + _count(data["tail"]) != end:
        raise InvalidEntry("the stored line counts do not add up to the text's")
    return TypeBody(_string(data["name"]), lines[start:header_end], tuple(members), lines[position:end])


def _decode_member(data: dict[str, Any], lines: tuple[str, ...], start: int, limit: int) -> Member:
    end = start + _count(data["lines"])
    lead = _count(data["lead"])
    if end > limit or start + lead > end:
        raise InvalidEntry("a stored member reaches past its type")
    body = None if data["body"] is None else _decode_body(data["body"], lines, start + lead, end)
    return Member(
        _string(data["key"]), MemberKind(data["kind"]), _string(data["name"]), _string(data["signature"]),
        lines[start:end], lead, body,
    )


def _count(value: Any) -> int:
    if type(value) is not int or value < 0:
        raise InvalidEntry(f"expected a line count, found {value!r}")
    return value


def _string(value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidEntry(f"expected a string, found {value!r}")
    return value
