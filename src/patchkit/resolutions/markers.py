"""Split a file with git-style conflict markers into fixed context and conflict hunks."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

OURS_MARKER = "<<<<<<<"
BASE_MARKER = "|||||||"
SPLIT_MARKER = "======="
THEIRS_MARKER = ">>>>>>>"


class MarkerError(ValueError):
    """The conflict markers of a file are not nested the way git writes them."""


@dataclass(frozen=True)
class Hunk:
    """One conflict: the fork's lines and upstream's lines, each ending in a newline.

    `line` is the 1-based line where the hunk's text starts in the fork's view of
    the file (the file with every hunk replaced by its fork side).
    """

    ours: tuple[str, ...]
    theirs: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class MarkedFile:
    """A file with markers: `contexts` has one more entry than `hunks`, and they alternate."""

    contexts: tuple[tuple[str, ...], ...]
    hunks: tuple[Hunk, ...]
    newline: str

    def ours_text(self) -> str:
        """Return the fork's view: every hunk replaced by its fork side."""
        lines: list[str] = list(self.contexts[0])
        for hunk, context in zip(self.hunks, self.contexts[1:]):
            lines += hunk.ours
            lines += context
        return "".join(lines)

    def join(self, resolutions: list[tuple[str, ...]]) -> str:
        """Return the file with hunk i replaced by `resolutions[i]`, in the file's line endings."""
        lines: list[str] = list(self.contexts[0])
        for resolution, context in zip(resolutions, self.contexts[1:]):
            lines += resolution
            lines += context
        text = "".join(lines)
        return text.replace("\n", self.newline) if self.newline != "\n" else text


def _starts(line: str, marker: str) -> bool:
    # git writes a marker alone or followed by a space and a label.
    return line.startswith(marker) and (len(line) == len(marker) or line[len(marker)] in " \n")


def parse_marked(text: str) -> MarkedFile:
    """Split `text` at its conflict markers; raise MarkerError when they are unbalanced.

    Line endings become LF inside the result and `newline` remembers CRLF files.
    A diff3-style base section (`|||||||`) is dropped, because a record keys on the two sides.
    """
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.replace("\r\n", "\n").splitlines(keepends=True)
    contexts: list[tuple[str, ...]] = []
    hunks: list[Hunk] = []
    current: list[str] = []
    ours_line = 1
    index = 0
    while index < len(lines):
        line = lines[index]
        if not _starts(line, OURS_MARKER):
            current.append(line)
            ours_line += 1
            index += 1
            continue
        ours, theirs, index = _read_hunk(lines, index + 1)
        contexts.append(tuple(current))
        hunks.append(Hunk(ours, theirs, ours_line))
        ours_line += len(ours)
        current = []
    contexts.append(tuple(current))
    return MarkedFile(tuple(contexts), tuple(hunks), newline)


def _read_hunk(lines: list[str], index: int) -> tuple[tuple[str, ...], tuple[str, ...], int]:
    """Read one hunk from just after its `<<<<<<<` line; return both sides and the index after `>>>>>>>`."""
    start = index
    sections: list[list[str]] = [[]]
    while index < len(lines):
        line = lines[index]
        if _starts(line, OURS_MARKER):
            raise MarkerError(f"a second '{OURS_MARKER}' at line {index + 1} before the hunk of line {start} closed")
        if _starts(line, THEIRS_MARKER):
            return _sides(sections, start), tuple(_terminated(sections[-1])), index + 1
        if _starts(line, BASE_MARKER) or _starts(line, SPLIT_MARKER):
            sections.append([])
        else:
            sections[-1].append(line)
        index += 1
    raise MarkerError(f"the hunk opened at line {start} has no '{THEIRS_MARKER}' line")


def _sides(sections: list[list[str]], start: int) -> tuple[str, ...]:
    if len(sections) not in (2, 3):
        raise MarkerError(f"the hunk opened at line {start} has {len(sections) - 1} separators, not 1 or 2")
    return tuple(_terminated(sections[0]))


def _terminated(lines: list[str]) -> list[str]:
    if lines and not lines[-1].endswith("\n"):
        return lines[:-1] + [lines[-1] + "\n"]
    return lines


def normalize(lines: tuple[str, ...]) -> str:
    """Return the lines with trailing whitespace removed, joined by LF."""
    return "".join(line.rstrip() + "\n" for line in lines)


def hunk_key(hunk: Hunk, scope: str) -> str:
    """Return the hex id of a hunk: a SHA-256 of its scope and its normalized sides.

    `scope` is the member that holds the hunk (`KubernetesWorkItem.shutdown()`),
    or the file name when no member is known.
    """
    digest = hashlib.sha256()
    for part in (scope, normalize(hunk.ours), normalize(hunk.theirs)):
        digest.update(part.encode("utf-8", "surrogateescape"))
        digest.update(b"\0")
    return digest.hexdigest()
