"""Escaping of untrusted text (commit subjects, names, paths, code) for Markdown and HTML.

Everything a report shows from a commit or a file passes through one of these
functions, so that it renders literally on GitHub and GitLab: no link, image,
mention, issue reference, HTML element or table cell comes from it.

GitHub and GitLab turn `@name`, `#123`, bare URLs and e-mail addresses in plain
text into links after Markdown is rendered, and GitLab also `!123`, `~label`,
`%milestone`, `$123` and `&123`, so backslash escapes cannot stop them. The
functions insert an invisible WORD JOINER (U+2060) instead, which no mention,
reference or URL pattern accepts after its prefix.

NOTE: the tests check the output against those patterns with markdown-it-py,
not against github.com or a GitLab server.
"""

from __future__ import annotations

import html
import re
import unicodedata

WORD_JOINER = "\u2060"
REPLACEMENT = "\ufffd"

# ECMA-48 escape sequences as terminals print them: CSI (colours, cursor moves),
# OSC (window titles, hyperlinks) and the two-byte forms.
_ANSI_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
    r"|\x1b[@-Z\\-_]"
)
# Bidirectional formatting characters reorder how text displays ("Trojan Source").
_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

# Characters that start Markdown inline constructs anywhere in a line. `|` splits
# table cells and `$` starts math on GitHub.
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<>!|~&$])")
# Characters that start a block (heading, list, quote) only at the start of a line.
_BLOCK_START = re.compile(r"^([#+\-=>])")
_ORDERED_LIST_START = re.compile(r"^(\d{1,9})([.)])")

# Prefixes of GitHub and GitLab mentions and references.
_MENTION_OR_REFERENCE = re.compile(r"([@#!$%&~])(?=\w)")
_EMOJI_SHORTCODE = re.compile(r":(?=[\w+-]+:)")
_URL_SCHEME = re.compile(r"(?i)\b(https?|ftp|mailto|javascript|data|vbscript)(?=:)")
_WWW = re.compile(r"(?i)\b(www)(?=\.)")
# GitHub turns a word of 7 to 40 hex digits into a link when it names a commit of the repository.
_COMMIT_ID = re.compile(r"\b[0-9a-f]{7,40}\b", re.IGNORECASE)


def clean_text(text: str, *, keep_newlines: bool = False) -> str:
    """Drop terminal escape sequences and replace other control characters.

    Tabs become spaces. Newlines stay when `keep_newlines` is set, else they
    become spaces too. Any other control or bidirectional formatting character
    becomes U+FFFD, so that its presence still shows.
    """
    text = _ANSI_SEQUENCE.sub("", text.replace("\r\n", "\n"))
    characters: list[str] = []
    for character in text:
        if character == "\n" and keep_newlines:
            characters.append(character)
        elif character in "\t\n":
            characters.append(" ")
        elif unicodedata.category(character) == "Cc" or character in _BIDI_CONTROLS:
            characters.append(REPLACEMENT)
        else:
            characters.append(character)
    return "".join(characters)


def break_autolinks(text: str) -> str:
    """Insert WORD JOINERs so no mention, reference, URL, commit id or emoji shortcode is recognized."""
    text = _MENTION_OR_REFERENCE.sub(r"\1" + WORD_JOINER, text)
    text = _EMOJI_SHORTCODE.sub(":" + WORD_JOINER, text)
    text = _URL_SCHEME.sub(r"\1" + WORD_JOINER, text)
    text = _WWW.sub(r"\1" + WORD_JOINER, text)
    return _break_commit_ids(text)


def _break_commit_ids(text: str) -> str:
    return _COMMIT_ID.sub(lambda match: match.group(0)[:6] + WORD_JOINER + match.group(0)[6:], text)


def inline_text(text: str) -> str:
    """Escape one line of untrusted text for a Markdown paragraph, list item or heading."""
    text = clean_text(text).strip()
    text = _MARKDOWN_INLINE.sub(r"\\\1", text)
    text = _ORDERED_LIST_START.sub(r"\1\\\2", text)
    text = _BLOCK_START.sub(r"\\\1", text)
    return break_autolinks(text)


def table_cell(text: str) -> str:
    """Escape untrusted text for one GitHub-flavoured Markdown table cell."""
    escaped = inline_text(text)
    return escaped if escaped else " "


def code_span(text: str) -> str:
    """Wrap one line of untrusted text in a code span that no backtick inside can close.

    Not for table cells: a `|` inside a code span still ends the cell there.
    """
    text = clean_text(text)
    fence = "`" * (_longest_backtick_run(text) + 1)
    if text.startswith(("`", " ")) or text.endswith(("`", " ")):
        # CommonMark strips one space from each side when both are present.
        text = f" {text} "
    return f"{fence}{text}{fence}"


def html_text(text: str) -> str:
    """Escape one line of untrusted text for an HTML element such as `<summary>`.

    Markdown is not rendered inside an HTML block, so only HTML escaping and
    autolink breaking apply. Quotes are escaped too, so the result is also safe
    in a double- or single-quoted attribute value.
    """
    return html.escape(break_autolinks(clean_text(text).strip()), quote=True)


def code_fence(code: str) -> str:
    """Return a backtick fence longer than any backtick run in `code` (at least three)."""
    return "`" * max(3, _longest_backtick_run(code) + 1)


def code_block(code: str, info: str = "") -> str:
    """Put untrusted code in a fenced block that nothing inside it can close."""
    code = clean_text(code, keep_newlines=True)
    if not code.endswith("\n"):
        code += "\n"
    fence = code_fence(code)
    return f"{fence}{info}\n{code}{fence}\n"


def _longest_backtick_run(text: str) -> int:
    runs = re.findall(r"`+", text)
    return max((len(run) for run in runs), default=0)
