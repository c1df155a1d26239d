"""Line-level merge of configuration files, where each setting is usually on a line of its own.

git's file merge calls two changes a conflict when no unchanged line separates
them. In a pom.xml that is the common case of a dependency bump on a release
branch: `<jettison.version>` changed upstream, `<jetty.version>` on the line below
changed in the fork. The line-level merge takes both when each side rewrote its
own lines one for one.

It leaves the conflict to a human when the sides changed the same line
differently. It also does so when a change that adds or removes lines sits right
next to the other side's change, because there the order of the lines may carry
meaning: a comment above the setting it explains, or a setting both sides added
with different values. Last, it gives up when its result differs from git's
outside git's conflict hunks, since its own line matching may pair lines
differently from git's.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from patchkit.javamerge.gitmerge import git_merge
from patchkit.javamerge.textmerge import MergeLabels, split_lines

# Files whose lines are mostly independent settings: Maven and other XML
# configuration, YAML (CI workflows), Java properties and Eclipse classpaths.
LINE_MERGED_SUFFIXES = (".xml", ".yml", ".yaml", ".properties", ".classpath")

# Kinds of clash between two changes of different sides.
_SAME_LINES = "same lines"
_BESIDE = "beside"


@dataclass(frozen=True)
class _Change:
    """Base lines [start, end) replaced by `lines` on one side."""

    start: int
    end: int
    lines: tuple[str, ...]

    @property
    def reshapes(self) -> bool:
        """Return whether the change adds or removes lines, rather than rewriting each line in place."""
        return len(self.lines) != self.end - self.start


def is_line_merged(path: str) -> bool:
    """Return whether files at `path` get the line-level merge when git's merge conflicts."""
    return path.lower().endswith(LINE_MERGED_SUFFIXES)


@dataclass(frozen=True)
class LineMerge:
    """The merged text, or None with the reason the line-level merge left the conflict."""

    text: str | None
    declined_because: str = ""


def merge_apart_lines(base: str, ours: str, theirs: str, labels: MergeLabels) -> LineMerge:
    """Merge LF texts (see `textform`) whose two sides changed different lines.

    A text git merges cleanly comes back as git merged it.
    """
    base_lines, our_lines, their_lines = (split_lines(text) for text in (base, ours, theirs))
    ours_changes = _changes(base_lines, our_lines)
    theirs_changes = _changes(base_lines, their_lines)
    clashes = [_clash(mine, other) for mine in ours_changes for other in theirs_changes]
    if _SAME_LINES in clashes:
        return LineMerge(None, "both sides changed the same lines")
    if _BESIDE in clashes:
        return LineMerge(None, "one side added or removed lines right next to the other side's change")
    git_result = git_merge(base, ours, theirs, (labels.ours, labels.theirs))
    if git_result is not None and git_result.clean:
        return LineMerge(git_result.text)
    merged = "".join(_apply(base_lines, {*ours_changes, *theirs_changes}))
    if git_result is None or not _agrees_outside_hunks(merged, git_result.text, labels):
        return LineMerge(None, "its line matching differs from git's outside the conflicting lines")
    return LineMerge(merged)


def _changes(base: Sequence[str], side: Sequence[str]) -> list[_Change]:
    matcher = difflib.SequenceMatcher(None, base, side, autojunk=False)
    return [
        _Change(first, last, tuple(side[start:stop]))
        for tag, first, last, start, stop in matcher.get_opcodes()
        if tag != "equal"
    ]


def _clash(mine: _Change, other: _Change) -> str | None:
    """Return the clash of two changes of different sides: the same lines, beside each other where order matters, or None."""
    if mine == other:
        return None
    if mine.start < other.end and other.start < mine.end:
        return _SAME_LINES
    if mine.start == mine.end and other.start == other.end and mine.start == other.start:
        return _SAME_LINES
    if other.start < mine.start < other.end or mine.start < other.start < mine.end:
        return _SAME_LINES
    adjacent = mine.end == other.start or other.end == mine.start
    return _BESIDE if adjacent and (mine.reshapes or other.reshapes) else None


def _apply(base: Sequence[str], changes: set[_Change]) -> list[str]:
    merged: list[str] = []
    position = 0
    for change in sorted(changes, key=lambda c: (c.start, c.end)):
        merged.extend(base[position:change.start])
        merged.extend(change.lines)
        position = change.end
    merged.extend(base[position:])
    return merged


def _agrees_outside_hunks(merged: str, conflicted: str, labels: MergeLabels) -> bool:
    """Return whether `merged` has git's merged lines, in order and unchanged, around each conflict hunk."""
    segments = _clean_segments(split_lines(conflicted), labels)
    if segments is None:
        return False
    lines = split_lines(merged)
    first, *middle, last = segments
    if lines[:len(first)] != first or (last and lines[-len(last):] != last):
        return False
    position = len(first)
    for segment in middle:
        found = _find(lines, segment, position)
        if found is None:
            return False
        position = found + len(segment)
    return position <= len(lines) - len(last)


def _clean_segments(lines: Sequence[str], labels: MergeLabels) -> list[list[str]] | None:
    """Split git's conflicted output into the runs of lines outside its hunks.

    Returns None when the conflict markers do not pair up.
    """
    starts, middle, ends = f"<<<<<<< {labels.ours}\n", "=======\n", f">>>>>>> {labels.theirs}\n"
    segments: list[list[str]] = [[]]
    state = "clean"
    for line in lines:
        if state == "clean" and line == starts:
            state = "ours"
        elif state == "ours" and line == middle:
            state = "theirs"
        elif state == "theirs" and line == ends:
            state = "clean"
            segments.append([])
        elif state == "clean":
            segments[-1].append(line)
    return segments if state == "clean" else None


def _find(lines: Sequence[str], segment: Sequence[str], start: int) -> int | None:
    if not segment:
        return start
    for index in range(start, len(lines) - len(segment) + 1):
        if lines[index:index + len(segment)] == list(segment):
            return index
    return None
