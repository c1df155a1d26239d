"""Tokenizing and parsing Java source with javalang, plus bracket matching on the token stream."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import javalang

OPENERS = {"(": ")", "[": "]", "{": "}"}
CLOSERS = {")", "]", "}"}
# javalang raises these for source it cannot read; anything else from it is a bug worth seeing.
PARSE_ERRORS = (javalang.parser.JavaSyntaxError, javalang.tokenizer.LexerError)


@dataclass(frozen=True)
class Token:
    """One Java token: its text and 1-based line."""

    value: str
    line: int
    kind: str


def tokenize(text: str) -> list[Token]:
    """Tokenize Java text; raises one of PARSE_ERRORS on text that is not Java tokens."""
    return _converted(javalang.tokenizer.tokenize(text + "\n"))


def parse_tokens(text: str) -> list[Token]:
    """Tokenize and parse Java text as a compilation unit; raises one of PARSE_ERRORS when it is not valid."""
    # javalang 0.13's tokenizer raises TypeError on a number literal at the very end of
    # its input, so it always gets a final newline. The newline changes no token or line.
    raw = list(javalang.tokenizer.tokenize(text + "\n"))
    _parse(raw)
    return _converted(raw)


def _converted(raw: Iterable[javalang.tokenizer.JavaToken]) -> list[Token]:
    return [Token(token.value, token.position.line, type(token).__name__) for token in raw]


def check_parses(text: str) -> str | None:
    """Parse `text` as a compilation unit; return None when it parses, else the parser's complaint."""
    try:
        _parse(list(javalang.tokenizer.tokenize(text + "\n")))
    except PARSE_ERRORS as error:
        return describe_error(error)
    return None


def _parse(raw: list[javalang.tokenizer.JavaToken]) -> None:
    try:
        javalang.parser.Parser(raw).parse()
    except (IndexError, StopIteration) as error:
        # javalang 0.13's parser runs off the end of the token list on some truncated
        # input instead of raising its own syntax error.
        raise javalang.parser.JavaSyntaxError("the source ends in the middle of a declaration") from error


def describe_error(error: Exception) -> str:
    """Return a one-line description of a javalang error, with its position when javalang gives one."""
    at = getattr(error, "at", None)
    position = getattr(at, "position", None)
    where = f" at line {position.line}" if position is not None else ""
    detail = getattr(error, "description", None) or str(error) or type(error).__name__
    return f"{detail}{where}"


def matching_close(tokens: Sequence[Token], index: int) -> int:
    """Return the index of the bracket closing the one at `index`, or -1 when it is never closed."""
    depth = 0
    for position in range(index, len(tokens)):
        value = tokens[position].value
        if value in OPENERS:
            depth += 1
        elif value in CLOSERS:
            depth -= 1
            if depth == 0:
                return position
    return -1


def find_at_depth_zero(tokens: Sequence[Token], start: int, end: int, values: set[str]) -> int:
    """Return the first index in [start, end) whose token is in `values` outside brackets, or -1."""
    depth = 0
    for position in range(start, end):
        value = tokens[position].value
        if depth == 0 and value in values:
            return position
        if value in OPENERS:
            depth += 1
        elif value in CLOSERS:
            depth -= 1
    return -1
