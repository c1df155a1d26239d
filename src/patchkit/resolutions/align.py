"""Find what a human wrote in place of each conflict hunk, by aligning the marked file with the resolved one."""

from __future__ import annotations

from collections.abc import Sequence

from patchkit.resolutions.markers import MarkedFile


class AlignmentError(ValueError):
    """The resolved file changed lines outside the conflict hunks, so no per-hunk resolution exists."""


def hunk_resolutions(marked: MarkedFile, resolved_text: str) -> list[tuple[str, ...]]:
    """Return the lines that replace each hunk of `marked` in `resolved_text`.

    The context between hunks must appear unchanged and in order. The first
    context is a prefix and the last a suffix. Each context in between is matched
    at its earliest position, so lines of a resolution that repeat the next
    context are attributed to the later hunk.
    """
    lines = resolved_text.replace("\r\n", "\n").splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n") and marked.contexts[-1] and marked.contexts[-1][-1].endswith("\n"):
        lines[-1] += "\n"
    contexts = marked.contexts
    head, tail = len(contexts[0]), len(contexts[-1])
    if head + tail > len(lines) or tuple(lines[:head]) != contexts[0] or tuple(lines[len(lines) - tail:]) != contexts[-1]:
        raise AlignmentError("the lines before the first conflict or after the last one were changed")
    bounds = _place(lines, contexts[1:-1], head, len(lines) - tail)
    if bounds is None:
        raise AlignmentError("the lines between two conflicts were changed")
    edges = [head] + [edge for start, end in bounds for edge in (start, end)] + [len(lines) - tail]
    return [tuple(lines[edges[i]:edges[i + 1]]) for i in range(0, len(edges), 2)]


def _place(
    lines: Sequence[str], middles: Sequence[tuple[str, ...]], start: int, stop: int
) -> list[tuple[int, int]] | None:
    """Return (start, end) of each middle context in lines[start:stop], in order, or None when they do not fit."""
    if not middles:
        return []
    first, rest = middles[0], middles[1:]
    size = len(first)
    for position in range(start, stop - size + 1):
        if tuple(lines[position:position + size]) != first:
            continue
        placed = _place(lines, rest, position + size, stop)
        if placed is not None:
            return [(position, position + size)] + placed
    return None
