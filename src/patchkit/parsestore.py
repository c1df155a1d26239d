"""Parsed Java structure kept as JSON files under `.git/patchkit/cache/`, so a later process reuses it.

A javalang parse of one version of a file takes a few milliseconds, and a plan
parses the same versions again each time it runs. The store keeps what the
merger needs of a parse: each type's header, members and tail, written as line
counts, plus the reason when the text cannot be parsed. The lines themselves
come from the text being parsed, so a stored entry cannot change any code.

Entries are keyed by the SHA-256 of the text and kept in a folder named after
a stamp of the parser: the store's format version, patchkit's version, javalang's
version and the source of the modules that split Java text. A change to any of
them starts an empty folder and removes the folders of other stamps. An entry
that is unreadable, of another text or inconsistent with the text is ignored
and written again. Entries are plain JSON, so one written by another process
can at worst make the merge see a wrong structure, never run code.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import shutil
from pathlib import Path
from typing import Any

import javalang
import pygit2

import patchkit
from patchkit.javamerge import api, structure, textmerge, tokens
from patchkit.javamerge.api import ParsedFile
from patchkit.javamerge.structure import Member, MemberKind, TypeBody
from patchkit.scratch import object_folder
from patchkit.state import atomic_write

log = logging.getLogger("patchkit.parsestore")

FORMAT_VERSION = 1

# The modules whose code decides the stored structure; a change to any of them invalidates the store.
_PARSER_MODULES = (api, structure, textmerge, tokens)


class InvalidEntry(ValueError):
    """A stored entry is not a document of this format, or does not fit the text it is stored for."""


def cache_folder(repo: pygit2.Repository) -> Path:
    """Return `.git/patchkit/cache` of the repository, the main `.git/` for a linked work tree."""
    return object_folder(repo).parent / "patchkit" / "cache"


@functools.lru_cache(maxsize=1)
def parser_stamp() -> str:
    """Return a short hash of everything that decides how Java text is split into members."""
    digest = hashlib.sha256(f"{FORMAT_VERSION}\0{patchkit.__version__}\0{javalang.__version__}".encode())
    for module in _PARSER_MODULES:
        assert module.__file__ is not None
        digest.update(b"\0" + Path(module.__file__).read_bytes())
    return digest.hexdigest()[:16]


class ParseStore:
    """The stored parses of one repository, in `folder`/java/<parser stamp>/<text SHA-256>.json."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder / "java" / parser_stamp()
        if not self.folder.is_dir():
            _remove_other_stamps(self.folder)

    def read(self, text: str, key: str) -> ParsedFile | str | None:
        """Return the stored parse of `text` (or why it is unreadable), or None when none is usable.

        `key` is the SHA-256 of the text, in hex.
        """
        try:
            document = json.loads(self._path(key).read_bytes())
            return decode(document, text, key)
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as error:
            log.debug("ignored the stored parse %s because it is invalid: %s", key, error)
            return None

    def write(self, key: str, parsed: ParsedFile | str) -> None:
        """Store a parse, or the reason a text is unreadable; a failed write only costs a parse later."""
        data = json.dumps(encode(parsed, key), ensure_ascii=False, separators=(",", ":")).encode()
        try:
            atomic_write(self._path(key), data)
        except OSError as error:
            log.debug("failed to store the parse %s: %s", key, error)

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.json"


def _remove_other_stamps(current: Path) -> None:
    """Remove the stores of other parser stamps, which this version never reads."""
    if not current.parent.is_dir():
        return
    for other in current.parent.iterdir():
        if other.is_dir() and other != current:
            shutil.rmtree(other, ignore_errors=True)


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
