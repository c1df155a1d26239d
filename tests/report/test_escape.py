from __future__ import annotations

import html.parser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from patchkit.report.escape import (
    REPLACEMENT,
    WORD_JOINER,
    break_autolinks,
    clean_text,
    code_block,
    code_fence,
    code_span,
    html_text,
    inline_text,
    table_cell,
)
from tests.report.markdown_check import (
    AUTOLINKABLE,
    inline_plain_text,
    parse,
    table_rows,
    text_tokens,
    walk,
)
from tests.report.sample_records import HOSTILE

# Text biased towards what Markdown, HTML and terminals treat specially.
SPECIAL = st.text(
    alphabet=st.sampled_from(list("`*_[]()<>!|~&$#@+-=.:/\\ \t\n\r\x1b\x00\x07\u202e{}\"'aZ19")),
    max_size=40,
)
ANY_TEXT = st.one_of(SPECIAL, st.text(max_size=40))

SNIPPETS = [
    "<details>",
    "</summary>",
    "a | b | c",
    "`code` and ``more``",
    "[click](javascript:alert(1))",
    "![x](http://evil.example/x.png)",
    "@octocat please look",
    "fixes #123",
    "line one\nline two",
    "\x1b[31mred\x1b[0m",
    "<img src=x onerror=alert(1)>",
    "# heading",
    "- item",
    "1. first",
    "> quote",
    "*emphasis* and __strong__",
    "~~struck~~",
    "$x^2$",
    "&amp; &lt;",
    "<https://evil.example>",
    "trailing backslash \\",
    HOSTILE,
]


def _visible(text: str) -> str:
    """Return what a reader should see of `text` on one line, ignoring word joiners."""
    return clean_text(text).strip().replace(WORD_JOINER, "")


def test_clean_text_drops_ansi_sequences() -> None:
    assert clean_text("\x1b[1;31mred\x1b[0m plain") == "red plain"
    assert clean_text("\x1b]0;title\x07after") == "after"
    assert clean_text("\x1b]0;unterminated") == "0;unterminated"


def test_clean_text_replaces_control_characters() -> None:
    assert clean_text("a\x00b\x07c\x7fd") == f"a{REPLACEMENT}b{REPLACEMENT}c{REPLACEMENT}d"


def test_clean_text_replaces_bidi_overrides() -> None:
    assert clean_text("user\u202etxt.exe") == f"user{REPLACEMENT}txt.exe"


def test_clean_text_newlines() -> None:
    assert clean_text("a\r\nb\tc") == "a b c"
    assert clean_text("a\r\nb\tc", keep_newlines=True) == "a\nb c"


@pytest.mark.parametrize(
    "text",
    [
        "@octocat",
        "#123",
        "group/project#123",
        "!45",
        "~bug",
        "%v1",
        "$7",
        "&8",
        ":tada:",
        "http://x.example",
        "www.x.example",
        "dev@x.example",
        "1b220b2504",
    ],
)
def test_break_autolinks_snippets(text: str) -> None:
    broken = break_autolinks(text)
    assert WORD_JOINER in broken
    assert AUTOLINKABLE.search(broken) is None
    assert broken.replace(WORD_JOINER, "") == text


def test_break_autolinks_keeps_plain_words() -> None:
    assert break_autolinks("no links here, user") == "no links here, user"
    assert break_autolinks("Task.java:88 error at 20:03") == "Task.java:88 error at 20:03"


@pytest.mark.parametrize("text", SNIPPETS)
def test_inline_text_snippets_render_literally(text: str) -> None:
    rendered = inline_text(text)
    tokens = parse(rendered)
    assert [token.type for token in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    assert {token.type for token in walk(tokens)} <= {
        "paragraph_open",
        "inline",
        "paragraph_close",
        "text",
    }
    assert inline_plain_text(rendered) == _visible(text)
    assert not any(AUTOLINKABLE.search(content) for content in text_tokens(tokens))


@given(ANY_TEXT)
def test_inline_text_any_text_renders_literally(text: str) -> None:
    rendered = inline_text(text)
    expected = _visible(text)
    if not clean_text(text).strip():
        assert rendered == ""
        return
    tokens = parse(rendered)
    assert {token.type for token in walk(tokens)} <= {
        "paragraph_open",
        "inline",
        "paragraph_close",
        "text",
    }
    assert inline_plain_text(rendered) == expected


@given(ANY_TEXT, ANY_TEXT)
def test_table_cell_any_text_keeps_columns(first: str, second: str) -> None:
    table = f"| a | b |\n| --- | --- |\n| {table_cell(first)} | {table_cell(second)} |\n"
    tokens = parse(table)
    assert table_rows(tokens) == [2, 2]
    cells = [token for token in tokens if token.type == "inline"][2:]
    assert [inline_plain_text(cell.content) for cell in cells] == [_visible(first), _visible(second)]


def test_table_cell_empty_is_blank() -> None:
    assert table_cell("") == " "


@given(ANY_TEXT)
def test_code_span_any_text_is_one_span(text: str) -> None:
    cleaned = clean_text(text)
    if not cleaned.strip():
        return
    tokens = parse(f"x {code_span(text)}")
    spans = [token for token in walk(tokens) if token.type == "code_inline"]
    assert len(spans) == 1
    assert spans[0].content == cleaned


@given(ANY_TEXT)
def test_code_block_any_text_is_one_fence(code: str) -> None:
    tokens = parse(code_block(code, "diff") + "after\n")
    fences = [token for token in tokens if token.type == "fence"]
    assert len(fences) == 1
    assert fences[0].info == "diff"
    expected = clean_text(code, keep_newlines=True)
    assert fences[0].content == (expected if expected.endswith("\n") else expected + "\n")
    assert tokens[-2].content == "after"


def test_code_fence_longer_than_backtick_runs() -> None:
    assert code_fence("no ticks") == "```"
    assert code_fence("a ```` b") == "`````"


class _TextCollector(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_endtag(self, tag: str) -> None:
        self.tags.append("/" + tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@given(ANY_TEXT)
def test_html_text_any_text_is_only_text(text: str) -> None:
    collector = _TextCollector()
    collector.feed(f"<summary>{html_text(text)}</summary>")
    collector.close()
    assert collector.tags == ["summary", "/summary"]
    assert "".join(collector.text).replace(WORD_JOINER, "") == _visible(text)


def test_html_text_escapes_quotes() -> None:
    assert html_text("a\"b'c") == "a&quot;b&#x27;c"
