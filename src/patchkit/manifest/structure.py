"""Check a manifest's YAML event stream before ruamel builds any value from it.

The check walks the events once, tracking the key path of every node, and
rejects what a manifest has no use for or what would make its errors point at
the wrong line: anchors and aliases, tags other than `!!str`, keys that are
not scalars, duplicate keys, and nesting far deeper than the format has.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NoReturn

from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
)

from patchkit.errors import ManifestError
from patchkit.manifest.locations import KeyPath, format_key_path

# The format itself nests four levels (patches, a patch, expect_conflicts, an
# entry). The bound stops pathological input before ruamel's recursive
# composer runs out of stack.
MAX_DEPTH = 20

# `!!str` forces a string (`upstream_sha: !!str 8850023811`), and `!` is YAML's
# non-specific tag, which also yields a string. Every other tag would build a
# value the format has no field for.
_ALLOWED_TAGS = frozenset({"tag:yaml.org,2002:str", "!"})


@dataclass
class _Frame:
    path: KeyPath
    is_mapping: bool
    next_index: int = 0
    pending_key: str | None = None
    seen_keys: dict[str, int] = field(default_factory=dict)


@dataclass
class _Walk:
    shown: str
    stack: list[_Frame] = field(default_factory=list)


def check_events(events: Iterable[Any], shown: str) -> None:
    """Raise ManifestError for the first unsupported construct in `events`.

    `events` is ruamel's event stream (`YAML.parse`); ruamel's own syntax errors
    pass through as raised while iterating.
    """
    walk = _Walk(shown)
    for event in events:
        if isinstance(event, NodeEvent):
            _enter_node(walk, event)
        elif isinstance(event, CollectionEndEvent):
            walk.stack.pop()


def _enter_node(walk: _Walk, event: Any) -> None:
    path = _node_path(walk, event)
    _check_node(walk.shown, path, event)
    if isinstance(event, CollectionStartEvent):
        if len(walk.stack) >= MAX_DEPTH:
            _fail(walk.shown, (), event, f"nesting is deeper than {MAX_DEPTH} levels; a manifest needs at most 4")
        walk.stack.append(_Frame(path=path, is_mapping=isinstance(event, MappingStartEvent)))


def _node_path(walk: _Walk, event: Any) -> KeyPath:
    """Return the key path of the node `event` starts, and advance its parent's position."""
    if not walk.stack:
        return ()
    parent = walk.stack[-1]
    if not parent.is_mapping:
        parent.next_index += 1
        return parent.path + (parent.next_index - 1,)
    if parent.pending_key is not None:
        key = parent.pending_key
        parent.pending_key = None
        return parent.path + (key,)
    return _enter_key(walk.shown, parent, event)


def _enter_key(shown: str, parent: _Frame, event: Any) -> KeyPath:
    if not isinstance(event, ScalarEvent):
        _fail(shown, parent.path, event, "a key must be a plain string, not a list, mapping or alias")
    key = str(event.value)
    path = parent.path + (key,)
    line = event.start_mark.line + 1
    first_line = parent.seen_keys.get(key)
    if first_line is not None:
        _fail(shown, path, event, f"duplicate key '{key}'; it already appears on line {first_line}")
    parent.seen_keys[key] = line
    parent.pending_key = key
    return path


def _check_node(shown: str, path: KeyPath, event: Any) -> None:
    # Aliases are rejected outright rather than bounded. A manifest is short and
    # hand-written, so repeating a value costs little, while an alias makes one
    # value sit at two key paths (errors would point at the anchor's line), and
    # nested aliases expand exponentially ("billion laughs") with no limit in
    # ruamel. An anchor is useless without an alias, so it is rejected too.
    if isinstance(event, AliasEvent):
        _fail(shown, path, event, f"YAML aliases (*{event.anchor}) are not supported; write the value out")
    if event.anchor is not None:
        _fail(shown, path, event, f"YAML anchors (&{event.anchor}) are not supported; write each value out")
    tag = getattr(event, "tag", None)
    if tag is not None and str(tag) not in _ALLOWED_TAGS:
        shown_tag = str(tag).replace("tag:yaml.org,2002:", "!!")
        _fail(shown, path, event, f"YAML tag '{shown_tag}' is not supported; only !!str is allowed")


def _fail(shown: str, path: KeyPath, event: Any, problem: str) -> NoReturn:
    raise ManifestError(shown, event.start_mark.line + 1, format_key_path(path), problem)
