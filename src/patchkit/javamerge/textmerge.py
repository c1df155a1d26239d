"""Plain three-way text merge with git's conflict markers: git's own file merge, or merge3 where git cannot run."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import merge3

from patchkit.javamerge import textform
from patchkit.javamerge.gitmerge import git_merge


@dataclass(frozen=True)
class MergeLabels:
    """The names written after the conflict markers for each side."""

    ours: str = "fork"
    theirs: str = "upstream"


def split_lines(text: str) -> list[str]:
    """Split text into lines that keep their ending; only LF ends a line, as for git and javalang.

    A CR stays inside its line, so a CRLF line keeps its CR and a lone CR does not
    start a new line.
    """
    lines = text.split("\n")
    last = lines.pop()
    return [line + "\n" for line in lines] + ([last] if last else [])


def _terminated(lines: Sequence[str]) -> list[str]:
    # A conflict side that ends the file without a newline would glue the next marker to code.
    result = list(lines)
    if result and not result[-1].endswith("\n"):
        result[-1] += "\n"
    return result


def merge_lines(
    base: Sequence[str], ours: Sequence[str], theirs: Sequence[str], labels: MergeLabels
) -> tuple[list[str], bool]:
    """Merge three lists of lines; return the merged lines and whether no conflict is left.

    git's merge decides, so that a text git merges cleanly comes out as git
    writes it and a change git calls a conflict stays one. merge3 runs only on
    text git's merge cannot take (see `git_merge`).
    """
    merged_by_git = git_merge("".join(base), "".join(ours), "".join(theirs), (labels.ours, labels.theirs))
    if merged_by_git is not None:
        return split_lines(merged_by_git.text), merged_by_git.clean
    return _merge3_lines(base, ours, theirs, labels)


def _merge3_lines(
    base: Sequence[str], ours: Sequence[str], theirs: Sequence[str], labels: MergeLabels
) -> tuple[list[str], bool]:
    merger = merge3.Merge3(list(base), list(ours), list(theirs))
    merged: list[str] = []
    clean = True
    for region in merger.merge_regions():
        kind = region[0]
        bounds: tuple[int, ...] = tuple(region[1:])
        if kind == "unchanged":
            merged.extend(base[bounds[0]:bounds[1]])
        elif kind in ("same", "a"):
            merged.extend(ours[bounds[0]:bounds[1]])
        elif kind == "b":
            merged.extend(theirs[bounds[0]:bounds[1]])
        else:
            clean = False
            merged.extend(conflict_block(ours[bounds[2]:bounds[3]], theirs[bounds[4]:bounds[5]], labels))
    return merged, clean


def conflict_block(ours: Sequence[str], theirs: Sequence[str], labels: MergeLabels) -> list[str]:
    """Return the lines of one conflict: both sides between git-style markers."""
    return [
        f"<<<<<<< {labels.ours}\n",
        *_terminated(ours),
        "=======\n",
        *_terminated(theirs),
        f">>>>>>> {labels.theirs}\n",
    ]


def merge_text(
    base: str, ours: str, theirs: str, labels: MergeLabels = MergeLabels()
) -> tuple[str, bool]:
    """Merge three texts line by line; return the merged text and whether it has no conflict markers.

    The result keeps the fork's line endings and byte-order mark unless only upstream
    changed them. When a version mixes line endings, every line keeps its own.
    """
    if ours == base or ours == theirs:
        return theirs, True
    if theirs == base:
        return ours, True
    form = textform.merged_form(base, ours, theirs)
    merged, clean = merge_lines(
        split_lines(textform.normalize(base, form)),
        split_lines(textform.normalize(ours, form)),
        split_lines(textform.normalize(theirs, form)),
        labels,
    )
    return textform.restore("".join(merged), form), clean
