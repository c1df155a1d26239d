"""Names a statement reads and writes, and the local names declared before a place in a method."""

from __future__ import annotations

from collections.abc import Sequence

from patchkit.javamerge.tokens import Token, find_at_depth_zero

_TYPE_ENDINGS = {">", "]"}
_ASSIGNMENTS = {"=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", ">>>="}
_KEYWORDS = {"this", "super", "null", "true", "false", "new", "return", "throw"}


def read_names(tokens: Sequence[Token], start: int, end: int) -> list[str]:
    """Return the simple names tokens[start..end] refers to: variables, fields and type names.

    Member selections (`a.b`), method names (`call(`) and keywords are left out.
    """
    names: list[str] = []
    for index in range(start, end + 1):
        token = tokens[index]
        if token.kind != "Identifier" or token.value in _KEYWORDS:
            continue
        if index > start and tokens[index - 1].value == ".":
            continue
        if index < end and tokens[index + 1].value == "(":
            continue
        if token.value not in names:
            names.append(token.value)
    return names


def written_names(tokens: Sequence[Token], start: int, end: int) -> set[str]:
    """Return names tokens[start..end] assigns, increments, or passes as a method argument."""
    written: set[str] = set()
    depth = 0
    for index in range(start, end + 1):
        token = tokens[index]
        value = token.value
        if value == "(":
            depth += 1
        elif value == ")":
            depth -= 1
        if token.kind != "Identifier" or (index > start and tokens[index - 1].value == "."):
            continue
        following = tokens[index + 1].value if index < end else ""
        preceding = tokens[index - 1].value if index > start else ""
        if following in _ASSIGNMENTS or following in ("++", "--") or preceding in ("++", "--"):
            written.add(value)
        elif depth > 0 and preceding in ("(", ",") and following in (")", ","):
            written.add(value)
    return written


def declared_name(tokens: Sequence[Token], start: int, end: int) -> str | None:
    """Return the variable a local declaration statement (or a header part like `Type e`) declares."""
    stop = find_at_depth_zero(tokens, start, end + 1, {"=", ";", ":", ")", ","})
    stop = end + 1 if stop < 0 else stop
    index = stop - 1
    while index > start and tokens[index].value in ("[", "]"):
        index -= 1
    if index <= start or tokens[index].kind != "Identifier":
        return None
    before = tokens[index - 1]
    if before.kind in ("Identifier", "BasicType") or before.value in _TYPE_ENDINGS:
        return tokens[index].value
    return None


def header_names(header: Sequence[Token]) -> set[str]:
    """Return the names a catch, for or try-with-resources header declares, e.g. `e` in `(IOException e)`."""
    names: set[str] = set()
    inner = list(header[1:-1]) if header and header[0].value == "(" else list(header)
    part_start = 0
    for index, token in enumerate([*inner, Token(";", 0, "Separator")]):
        if token.value == ";" or index == len(inner):
            name = declared_name(inner, part_start, index - 1) if index > part_start else None
            if name is not None:
                names.add(name)
            part_start = index + 1
    return names


def parameter_names(tokens: Sequence[Token], open_paren: int, close_paren: int) -> set[str]:
    """Return the parameter names of the parameter list between the two parentheses."""
    names: set[str] = set()
    part_start = open_paren + 1
    for index in range(open_paren + 1, close_paren + 1):
        if index == close_paren or (tokens[index].value == "," and _angle_depth(tokens, open_paren, index) == 0):
            if index > part_start:
                names.add(tokens[index - 1].value)
            part_start = index + 1
    return names


def _angle_depth(tokens: Sequence[Token], start: int, end: int) -> int:
    depth = 0
    for token in tokens[start:end]:
        if set(token.value) == {"<"}:
            depth += len(token.value)
        elif set(token.value) == {">"}:
            depth -= len(token.value)
    return depth
