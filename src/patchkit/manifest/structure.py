"""Check a manifest's YAML event stream before ruamel builds any value from it.

The check walks the events once and tracks the key path of every node. It
rejects what a manifest has no use for, or what would make its errors point at
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

# `!!str` forces a string (`upstream_sha: !!str 8850023811`). Every other tag
# would build a value the format has no field for. YAML's non-specific tag `!`
# should force a string too, but ruamel 0.19.1 resolves `! 123` to an int, so
# it is rejected rather than accepted with a surprising type.
_ALLOWED_TAGS = frozenset({"tag:yaml.org,2002:str"})


@dataclass
class _Frame:
    path: KeyPath
    is_mapping: bool
    next_index: int = 0
    pending_key: str | None = None
    seen_keys: dict[str, int] = field(default_factory=dict)


@dataclass
class _Walk:
    display_path: str
    stack: list[_Frame] = field(default_factory=list)


def check_events(events: Iterable[Any], display_path: str) -> int | None:
    """Raise ManifestError for the first unsupported construct in `events`.

    Returns the 1-based line where the document's top-level value starts, or
    None for an empty stream. `events` is ruamel's event stream (`YAML.parse`),
    and ruamel's own syntax errors pass through as raised while iterating.
    """
    walk = _Walk(display_path)
    root_line = None
    for event in events:
        if isinstance(event, NodeEvent):
            if root_line is None:
                root_line = event.start_mark.line + 1
            _enter_node(walk, event)
        elif isinstance(event, CollectionEndEvent):
            walk.stack.pop()
    return root_line


def _enter_node(walk: _Walk, event: Any) -> None:
    path = _node_path(walk, event)
    _check_node(walk.display_path, path, event)
    if isinstance(event, CollectionStartEvent):
        if len(walk.stack) >= MAX_DEPTH:
            problem = f"nesting is deeper than {MAX_DEPTH} levels; a manifest needs at most 4"
            _fail(walk.display_path, (), event, problem)
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
    return _enter_key(walk.display_path, parent, event)


def _enter_key(display_path: str, parent: _Frame, event: Any) -> KeyPath:
    if not isinstance(event, ScalarEvent):
        _fail(display_path, parent.path, event, "a key must be a plain string, not a list, mapping or alias")
    key = str(event.value)
    path = parent.path + (key,)
    line = event.start_mark.line + 1
    first_line = parent.seen_keys.get(key)
    if first_line is not None:
        _fail(display_path, path, event, f"duplicate key '{key}'; it already appears on line {first_line}")
    parent.seen_keys[key] = line
    parent.pending_key = key
    return path


def _check_node(display_path: str, path: KeyPath, event: Any) -> None:
    # Aliases are rejected outright rather than bounded. A manifest is short and
    # hand-written, so repeating a value costs little. An alias puts one value
    # at two key paths, so an error would point at the anchor's line. Nested
    # aliases also expand exponentially ("billion laughs"), and ruamel sets no
    # limit. An anchor is useless without an alias, so it is rejected too.
    if isinstance(event, AliasEvent):
        _fail(display_path, path, event, f"YAML aliases (*{event.anchor}) are not supported; write the value out")
    if event.anchor is not None:
        _fail(display_path, path, event, f"YAML anchors (&{event.anchor}) are not supported; write each value out")
    tag = getattr(event, "tag", None)
    if tag is not None and str(tag) not in _ALLOWED_TAGS:
        display_tag = str(tag).replace("tag:yaml.org,2002:", "!!")
        _fail(display_path, path, event, f"YAML tag '{display_tag}' is not supported; only !!str is allowed")


def _fail(display_path: str, path: KeyPath, event: Any, problem: str) -> NoReturn:
    raise ManifestError(display_path, event.start_mark.line + 1, format_key_path(path), problem)
