"""Parsing rendered reports with markdown-it-py, the way GitHub-flavoured Markdown reads them."""

from __future__ import annotations

import re
from collections.abc import Iterator

from markdown_it import MarkdownIt
from markdown_it.token import Token

from patchkit.report.escape import WORD_JOINER

# The only raw HTML a report may contain: its own conflict blocks.
OWN_HTML_BLOCK = re.compile(
    r"<details>\n<summary>Conflict in <code>[^<>]*</code>(?:, <code>[^<>]*</code>)?: [^<>]*</summary>\n"
    r"|</details>\n?"
)
# Text the GitHub and GitLab autolinkers would turn into a mention, reference,
# link or emoji.
AUTOLINKABLE = re.compile(
    r"[@#!$%&~]\w|(?i:https?|ftp|mailto|javascript):|(?i:www)\.|\b[0-9a-fA-F]{7,40}\b|:[\w+-]+:"
)


def parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def parse(markdown: str) -> list[Token]:
    return parser().parse(markdown)


def walk(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from walk(token.children)


def inline_plain_text(markdown: str) -> str:
    """Return the text content of a one-paragraph document, without word joiners."""
    tokens = parse(markdown)
    parts = []
    for token in walk(tokens):
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type == "softbreak":
            parts.append("\n")
    return "".join(parts).replace(WORD_JOINER, "")


def text_tokens(tokens: list[Token]) -> list[str]:
    """Return the content of every text token, where autolinkers would look."""
    return [token.content for token in walk(tokens) if token.type == "text"]


def table_rows(tokens: list[Token]) -> list[int]:
    """Return the cell count of every table row, in document order."""
    counts: list[int] = []
    for token in tokens:
        if token.type == "tr_open":
            counts.append(0)
        elif token.type in ("th_open", "td_open"):
            counts[-1] += 1
    return counts
