"""Split Java source into its header, types and members, each with its exact lines.

javalang checks that the file parses. The split itself walks javalang's token
stream, because javalang records start positions for only some declarations
and no end positions at all. Everything keeps the original lines, so a merge
never re-prints code.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from patchkit.javamerge.tokens import Token, find_at_depth_zero, matching_close

MODIFIERS = {
    "public", "protected", "private", "static", "final", "abstract", "native",
    "synchronized", "transient", "volatile", "strictfp", "default",
}
TYPE_KEYWORDS = {"class", "interface", "enum"}


class MemberKind(str, enum.Enum):
    FIELD = "field"
    METHOD = "method"
    CONSTRUCTOR = "constructor"
    TYPE = "type"
    INITIALIZER = "initializer"
    CONSTANTS = "constants"


class LayoutError(Exception):
    """The source parses but shares a line between parts the merge must keep apart."""


@dataclass(frozen=True)
class Member:
    """One member of a type (or one top-level type), with the blank lines and comments above it."""

    key: str
    kind: MemberKind
    name: str
    signature: str
    lines: tuple[str, ...]
    lead: int
    body: TypeBody | None = None

    @property
    def core(self) -> tuple[str, ...]:
        """The member's lines without the blank lines that separate it from the one before."""
        return self.lines[self.lead:]


@dataclass(frozen=True)
class TypeBody:
    """A type split into the lines up to its `{`, its members, and the lines from the last member on."""

    name: str
    header: tuple[str, ...]
    members: tuple[Member, ...]
    tail: tuple[str, ...]


def split_unit(lines: Sequence[str], tokens: Sequence[Token]) -> TypeBody:
    """Split a parsed compilation unit: header (package, imports), top-level types, trailing lines."""
    start = _skip_unit_header(tokens)
    header_end = tokens[start - 1].line if start > 0 else 0
    members = _split_members(lines, tokens, start, len(tokens), header_end, "", enum_body=False)
    last_line = members[-1][1] if members else header_end
    return TypeBody("", tuple(lines[:header_end]), tuple(m for m, _ in members), tuple(lines[last_line:]))


def _skip_unit_header(tokens: Sequence[Token]) -> int:
    index = 0
    while index < len(tokens) and tokens[index].value in ("package", "import", ";"):
        if tokens[index].value == ";":
            index += 1
            continue
        end = find_at_depth_zero(tokens, index, len(tokens), {";"})
        if end < 0:
            raise LayoutError("an import or package declaration has no ';'")
        index = end + 1
    return index


def _split_members(
    lines: Sequence[str],
    tokens: Sequence[Token],
    start: int,
    limit: int,
    first_line: int,
    type_name: str,
    enum_body: bool,
) -> list[tuple[Member, int]]:
    """Split tokens[start:limit] into members; return each with its last line (1-based)."""
    spans: list[tuple[int, int]] = []
    index = start
    if enum_body and index < limit:
        end = find_at_depth_zero(tokens, index, limit, {";"})
        spans.append((index, end if end >= 0 else limit - 1))
        index = spans[-1][1] + 1
    while index < limit:
        if tokens[index].value == ";":
            index += 1
            continue
        end = _member_end(tokens, index, limit)
        spans.append((index, end))
        index = end + 1
    return _build_members(lines, tokens, spans, first_line, type_name, enum_body)


def _member_end(tokens: Sequence[Token], start: int, limit: int) -> int:
    """Return the index of a member's last token: its ';' or the '}' closing its body."""
    depth = 0
    initializer = False
    for index in range(start, limit):
        value = tokens[index].value
        if depth == 0 and value in ("=", "default") and index > start:
            initializer = True
        if depth == 0 and value == "{" and not initializer:
            close = matching_close(tokens, index)
            if close < 0 or close >= limit:
                raise LayoutError(f"the block opened on line {tokens[index].line} is not closed")
            return close
        if depth == 0 and value == ";":
            return index
        if value in "([{":
            depth += 1
        elif value in ")]}":
            depth -= 1
    raise LayoutError(f"the member starting on line {tokens[start].line} has no end")


def _build_members(
    lines: Sequence[str],
    tokens: Sequence[Token],
    spans: Sequence[tuple[int, int]],
    first_line: int,
    type_name: str,
    enum_body: bool,
) -> list[tuple[Member, int]]:
    built: list[tuple[Member, int]] = []
    seen: dict[str, int] = {}
    previous_end = first_line
    for number, (start, end) in enumerate(spans):
        if tokens[start].line <= previous_end:
            raise LayoutError(f"line {tokens[start].line} contains the end of one member and the start of another")
        constants = enum_body and number == 0
        member = _describe(lines, tokens, start, end, previous_end, type_name, constants)
        seen[member.key] = seen.get(member.key, 0) + 1
        if seen[member.key] > 1:
            member = Member(f"{member.key}#{seen[member.key]}", member.kind, member.name,
                            member.signature, member.lines, member.lead, member.body)
        built.append((member, tokens[end].line))
        previous_end = tokens[end].line
    return built


def _describe(
    lines: Sequence[str],
    tokens: Sequence[Token],
    start: int,
    end: int,
    previous_end: int,
    type_name: str,
    constants: bool,
) -> Member:
    chunk = tuple(lines[previous_end:tokens[end].line])
    lead = 0
    while lead < len(chunk) and not chunk[lead].strip():
        lead += 1
    if constants:
        return Member("constants", MemberKind.CONSTANTS, "constants", "constants", chunk, lead)
    head = _skip_annotations_and_modifiers(tokens, start, end)
    value = tokens[head].value
    if value == "{":
        static = any(tokens[i].value == "static" for i in range(start, head))
        name = "static {}" if static else "{}"
        return Member(f"initializer:{name}", MemberKind.INITIALIZER, name, name, chunk, lead)
    if value in TYPE_KEYWORDS or value == "@":
        return _describe_type(lines, tokens, head, end, chunk, lead, previous_end)
    return _describe_callable_or_field(tokens, head, end, chunk, lead, type_name)


def _skip_annotations_and_modifiers(tokens: Sequence[Token], index: int, end: int) -> int:
    while index < end:
        value = tokens[index].value
        if value == "@" and tokens[index + 1].value != "interface":
            index += 2
            while index + 1 < end and tokens[index].value == "." and tokens[index + 1].kind == "Identifier":
                index += 2
            if tokens[index].value == "(":
                index = matching_close(tokens, index) + 1
        elif value in MODIFIERS:
            index += 1
        else:
            return index
    return index


def _describe_type(
    lines: Sequence[str],
    tokens: Sequence[Token],
    head: int,
    end: int,
    chunk: tuple[str, ...],
    lead: int,
    previous_end: int,
) -> Member:
    keyword_index = head + 1 if tokens[head].value == "@" else head
    name = tokens[keyword_index + 1].value
    member = Member(f"type:{name}", MemberKind.TYPE, name, name, chunk, lead)
    brace = find_at_depth_zero(tokens, keyword_index, end + 1, {"{"})
    if tokens[brace + 1].line == tokens[brace].line or tokens[end].line == tokens[end - 1].line:
        # A one-line type such as `enum Mode { ON, OFF }` stays a single unit.
        return member
    enum_body = tokens[keyword_index].value == "enum"
    inner = _split_members(lines, tokens, brace + 1, end, tokens[brace].line, name, enum_body)
    last_line = inner[-1][1] if inner else tokens[brace].line
    body = TypeBody(
        name,
        tuple(lines[previous_end + lead:tokens[brace].line]),
        tuple(m for m, _ in inner),
        tuple(lines[last_line:tokens[end].line]),
    )
    return Member(member.key, member.kind, name, name, chunk, lead, body)


def _describe_callable_or_field(
    tokens: Sequence[Token], head: int, end: int, chunk: tuple[str, ...], lead: int, type_name: str
) -> Member:
    stop = _declaration_stop(tokens, head, end + 1)
    if stop >= 0 and tokens[stop].value == "(":
        name = tokens[stop - 1].value
        close = matching_close(tokens, stop)
        signature = f"{name}({', '.join(parameter_types(tokens[stop + 1:close]))})"
        kind = MemberKind.CONSTRUCTOR if name == type_name else MemberKind.METHOD
        return Member(f"{kind.value}:{signature}", kind, name, signature, chunk, lead)
    name_index = stop - 1
    while name_index > head and tokens[name_index].value in ("[", "]"):
        name_index -= 1
    name = tokens[name_index].value
    return Member(f"field:{name}", MemberKind.FIELD, name, name, chunk, lead)


def _declaration_stop(tokens: Sequence[Token], start: int, end: int) -> int:
    """Return the index of the `(`, `=`, `;` or `,` that ends a member's type and name, or -1.

    Commas inside type arguments, as in `Map<String, String> names;`, are skipped.
    """
    angle = 0
    position = start
    while position < end:
        position = find_at_depth_zero(tokens, position, end, {"(", "=", ";", ",", "<", ">", ">>", ">>>"})
        if position < 0:
            return -1
        value = tokens[position].value
        if value.startswith("<"):
            angle += 1
        elif value.startswith(">"):
            angle -= len(value)
        elif angle <= 0:
            return position
        position += 1
    return -1


def parameter_types(tokens: Sequence[Token]) -> list[str]:
    """Return the type of each parameter as written, without type arguments: `List`, `Map.Entry`, `int[]`."""
    types: list[str] = []
    current: list[Token] = []
    angle = 0
    for token in [*tokens, Token(",", 0, "Separator")]:
        value = token.value
        if value.startswith("<") and value.strip("<") == "":
            angle += len(value)
        elif value.startswith(">") and value.strip(">") == "":
            angle -= len(value)
        elif value == "," and angle == 0:
            if current:
                types.append(_simple_type(current))
            current = []
            continue
        current.append(token)
    return types


def _simple_type(tokens: Sequence[Token]) -> str:
    angle = 0
    words: list[str] = []
    for token in tokens:
        value = token.value
        if set(value) == {"<"}:
            angle += len(value)
        elif set(value) == {">"}:
            angle -= len(value)
        elif angle == 0 and value not in ("final", "@"):
            words.append(value)
    # A qualified name stays whole, so `isEnabled(JsonParser.Feature)` and
    # `isEnabled(JsonGenerator.Feature)` are two overloads, not one signature.
    parts = [w for w in words[:-1] if w not in ("[", "]", "...")]
    base = parts[-1] if parts else "?"
    position = len(parts) - 2
    while position >= 1 and parts[position] == ".":
        base = f"{parts[position - 1]}.{base}"
        position -= 2
    dims = words.count("[") * "[]"
    return base + dims + ("..." if "..." in words else "")
