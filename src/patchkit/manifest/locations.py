"""Key paths into a parsed manifest, their display form and their line numbers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Union

KeyPath = tuple[Union[str, int], ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a manifest, before it becomes a ManifestError.

    `line` and `column` are 1-based; `line` is None when the problem has no
    place in the file (a missing top-level key).
    """

    line: int | None
    key: str | None
    text: str
    column: int = 0

    def sort_key(self) -> tuple[int, int, int]:
        """Order problems as they appear in the file, those without a line last."""
        if self.line is None:
            return (1, 0, 0)
        return (0, self.line, self.column)


def format_key_path(path: KeyPath) -> str | None:
    """Write a key path the way the manifest's reader thinks of it: `patches[2].decision`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text or None


def locate(document: Any, path: KeyPath) -> tuple[int, int] | None:
    """Return the 1-based line and column of the key or item at `path`.

    `document` is ruamel's round-trip data, whose mappings and sequences carry
    the position of each key and item (`.lc`). The empty path, and a path that
    leaves the document, have no position.
    """
    if not path:
        return None
    container = document
    for part in path[:-1]:
        try:
            container = container[part]
        except (KeyError, IndexError, TypeError):
            return None
    return _position_in(container, path[-1])


def _position_in(container: Any, part: str | int) -> tuple[int, int] | None:
    lc = getattr(container, "lc", None)
    if lc is None:
        return None
    try:
        line, column = lc.item(part) if isinstance(part, int) else lc.key(part)
    except (KeyError, IndexError, TypeError):
        return None
    return line + 1, column + 1


def problem_at(document: Any, path: KeyPath, text: str) -> Problem:
    """Build a Problem placed at the key or item `path` names."""
    position = locate(document, path)
    if position is None:
        return Problem(line=None, key=format_key_path(path), text=text)
    line, column = position
    return Problem(line=line, key=format_key_path(path), text=text, column=column)


def show(value: Any) -> str:
    """Quote a manifest value for a message, in YAML's spelling, cut to a readable length."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "an empty list" if not value else "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, str):
        text = repr(str(value))
    else:
        text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."
