"""Command-line values that may be pasted from a report: commit ids, refs and resolution ids."""

from __future__ import annotations

import click

# The Markdown report puts a WORD JOINER (U+2060) after the sixth digit of each commit id
# and after the `#` of each PR number, so that GitHub links neither. The character is
# invisible, so an id copied from the rendered report carries it. ZERO WIDTH SPACE
# (U+200B), which is just as invisible, is removed too.
_INVISIBLE = str.maketrans("", "", "\u2060\u200b")


def strip_invisible(text: str) -> str:
    """Remove the WORD JOINER and ZERO WIDTH SPACE characters from `text`."""
    return text.translate(_INVISIBLE)


def pasted_id(context: click.Context, parameter: click.Parameter, value: str | None) -> str | None:
    """Clean a commit id, ref or resolution id as click parses it (use as an option's `callback`)."""
    return strip_invisible(value) if value is not None else None
