"""Java-aware file merges kept as JSON under `.git/patchkit/cache/merges/`, so a later plan reuses them.

A file merge depends only on the three texts, the file's path, the conflict
labels, the rules and the merger's code. plan merges the same conflicted files
each time it runs, and the rules re-tokenize and re-parse the members they
resolve, which is most of what a plan with the parses stored still spends on
the sample fork. The store keeps each merge's result under the SHA-256 of
everything it depends on, with a stamp of the merger's source, javalang's
version and libgit2's (see `cachefiles.py`).

Only plan reads the store. apply merges every file again, so a stored entry
never reaches a commit. An entry that is unreadable or not a stored merge is
ignored, and the file is merged again.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import importlib
import importlib.metadata
import json
import logging
import pkgutil
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import javalang
import pygit2

import patchkit.javamerge
from patchkit import model
from patchkit.cachefiles import JsonCache, source_stamp
from patchkit.javamerge import FileMerge, MergeLabels, merge_java_file
from patchkit.javamerge.result import MemberConflict
from patchkit.model import MergeRule, ResolutionKind

log = logging.getLogger("patchkit.mergestore")

FORMAT_VERSION = 1

# An entry contains the merged file and the resolved members, tens of kB for a large
# Java file, so the store keeps fewer entries than the other caches.
MAX_MERGES = 1_000


class InvalidEntry(ValueError):
    """A stored entry is not a document of this format."""


def _merger_modules() -> list[ModuleType]:
    package = patchkit.javamerge
    names = sorted(info.name for info in pkgutil.iter_modules(package.__path__))
    return [package, model, *(importlib.import_module(f"{package.__name__}.{name}") for name in names)]


@functools.lru_cache(maxsize=1)
def merger_stamp() -> str:
    """Return a short hash of everything besides its inputs that decides a file merge's result."""
    versions = [str(FORMAT_VERSION), javalang.__version__, pygit2.LIBGIT2_VERSION, importlib.metadata.version("merge3")]
    return source_stamp(versions, _merger_modules())


class MergeStore:
    """The stored merges of one repository, under the cache folder `root` (see `cachefiles.cache_root`)."""

    def __init__(self, root: Path) -> None:
        self.entries = JsonCache(root, "merges", merger_stamp(), limit=MAX_MERGES)

    def merge(
        self, base: str, ours: str, theirs: str, *, path: str, rules: Sequence[MergeRule], labels: MergeLabels
    ) -> FileMerge:
        """Return `merge_java_file`'s result for these inputs, from the store when it has it."""
        key = merge_key(base, ours, theirs, path, rules, labels)
        document = self.entries.read(key)
        if document is not None:
            try:
                merged = decode(document, key)
            except InvalidEntry as error:
                log.debug("ignored the stored merge %s because it is invalid: %s", key, error)
            else:
                if merged.fallback_reason is not None and path.endswith(".java"):
                    # The merger logs why it merged a Java file as text, so it is logged again for a stored result.
                    log.warning("%s", merged.fallback_reason)
                return merged
        merged = merge_java_file(base, ours, theirs, path=path, rules=rules, labels=labels)
        self.entries.write(key, encode(merged, key))
        return merged


def merge_key(
    base: str, ours: str, theirs: str, path: str, rules: Sequence[MergeRule], labels: MergeLabels
) -> str:
    """Return the SHA-256, in hex, of every input of one file merge."""
    # A rule's manifest line only places error messages, so moving the rule keeps the stored merges.
    rule_fields = [{**dataclasses.asdict(rule), "kind": rule.kind.value, "line": 0} for rule in rules]
    facts = json.dumps([path, labels.ours, labels.theirs, rule_fields], ensure_ascii=False)
    digest = hashlib.sha256(facts.encode("utf-8", "surrogatepass"))
    for text in (base, ours, theirs):
        # Each text's length goes first, so no two lists of texts hash the same bytes.
        encoded = text.encode("utf-8", "surrogatepass")
        digest.update(b"\0%d\0" % len(encoded) + encoded)
    return digest.hexdigest()


def encode(merged: FileMerge, key: str) -> dict[str, Any]:
    """Return the JSON document of a file merge."""
    return {
        "stamp": merger_stamp(),
        "key": key,
        "text": merged.text,
        "clean": merged.clean,
        "fallback_reason": merged.fallback_reason,
        "line_merge": merged.line_merge,
        "conflicts": [
            {**dataclasses.asdict(conflict), "resolution": conflict.resolution.value}
            for conflict in merged.conflicts
        ],
    }


def decode(document: Any, key: str) -> FileMerge:
    """Rebuild a file merge from its JSON document; raise InvalidEntry when it is not one."""
    try:
        if not isinstance(document, dict) or document["stamp"] != merger_stamp() or document["key"] != key:
            raise InvalidEntry("the entry is for another merger or other inputs")
        conflicts = tuple(_decode_conflict(item) for item in document["conflicts"])
        return FileMerge(
            _typed(document["text"], str), _typed(document["clean"], bool), conflicts,
            _optional(document["fallback_reason"], str), _optional(document["line_merge"], str),
        )
    except InvalidEntry:
        raise
    except (KeyError, TypeError, ValueError) as error:
        raise InvalidEntry(f"the entry is not a stored merge: {error!r}") from error


def _decode_conflict(item: dict[str, Any]) -> MemberConflict:
    return MemberConflict(
        member=_typed(item["member"], str),
        resolution=ResolutionKind(item["resolution"]),
        rule=_optional(item["rule"], str),
        reason=_typed(item["reason"], str),
        upstream_text=_optional(item["upstream_text"], str),
        resolved_text=_optional(item["resolved_text"], str),
        diff=_optional(item["diff"], str),
        extra_lines=_typed(item["extra_lines"], int),
    )


def _typed(value: Any, kind: type) -> Any:
    if type(value) is not kind:
        raise InvalidEntry(f"expected {kind.__name__}, found {value!r}")
    return value


def _optional(value: Any, kind: type) -> Any:
    return None if value is None else _typed(value, kind)
