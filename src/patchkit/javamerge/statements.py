"""A method body as a tree of blocks and statements, read from javalang's token stream."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from patchkit.javamerge.tokens import Token, find_at_depth_zero, matching_close

# NOTE: a switch, a synchronized block, and any branch without braces stay one
# statement, so the keep rule declines for fork statements inside them.
ATOMIC_KEYWORDS = {"switch", "synchronized"}


@dataclass
class Block:
    """Statements between a `{` and its `}`; `label` names the branch (`try`, `catch 0`, `then`, ...)."""

    label: str
    open: int
    close: int
    header: tuple[Token, ...] = ()
    statements: list[Statement] = field(default_factory=list)


@dataclass
class Statement:
    """A statement's token span; compound statements (if, try, loops) also hold their blocks."""

    start: int
    end: int
    head: str
    blocks: list[Block] = field(default_factory=list)

    @property
    def compound(self) -> bool:
        return bool(self.blocks)


def text_of(tokens: Sequence[Token], start: int, end: int) -> str:
    """Return tokens[start..end] joined by single spaces, the normalized text anchors match on."""
    return " ".join(token.value for token in tokens[start:end + 1])


def body_open(tokens: Sequence[Token]) -> int:
    """Return the index of the `{` opening a method or constructor body, or -1 when it has none."""
    paren = find_at_depth_zero(tokens, 0, len(tokens), {"("})
    if paren < 0:
        return -1
    after = matching_close(tokens, paren)
    return find_at_depth_zero(tokens, after + 1, len(tokens), {"{", ";"}) if after >= 0 else -1


def parse_block(tokens: Sequence[Token], open_index: int, label: str, header: tuple[Token, ...] = ()) -> Block:
    """Parse the block whose `{` is at `open_index`; raises ValueError on tokens it cannot follow."""
    close = matching_close(tokens, open_index)
    if close < 0:
        raise ValueError(f"the block opened on line {tokens[open_index].line} is not closed")
    block = Block(label, open_index, close, header)
    index = open_index + 1
    while index < close:
        statement = parse_statement(tokens, index, close)
        block.statements.append(statement)
        index = statement.end + 1
    return block


def parse_statement(tokens: Sequence[Token], index: int, limit: int) -> Statement:
    """Parse one statement starting at `index`, not past `limit`."""
    value = tokens[index].value
    if value == "{":
        block = parse_block(tokens, index, "block")
        return Statement(index, block.close, "{", [block])
    if value == "try":
        return _parse_try(tokens, index, limit)
    if value == "if":
        return _parse_if(tokens, index, limit)
    if value in ("for", "while") or value in ATOMIC_KEYWORDS:
        return _parse_loop(tokens, index, limit)
    if value == "do":
        block = parse_block(tokens, index + 1, "body")
        end = find_at_depth_zero(tokens, block.close + 1, limit, {";"})
        return Statement(index, _checked(end, tokens, index), "do", [block])
    end = find_at_depth_zero(tokens, index, limit, {";"})
    return Statement(index, _checked(end, tokens, index), text_of(tokens, index, end))


def _checked(end: int, tokens: Sequence[Token], start: int) -> int:
    if end < 0:
        raise ValueError(f"the statement on line {tokens[start].line} has no end")
    return end


def _parse_try(tokens: Sequence[Token], index: int, limit: int) -> Statement:
    position = index + 1
    resources: tuple[Token, ...] = ()
    if tokens[position].value == "(":
        close = matching_close(tokens, position)
        resources = tuple(tokens[position:close + 1])
        position = close + 1
    blocks = [parse_block(tokens, position, "try", resources)]
    position = blocks[-1].close + 1
    catches = 0
    while position < limit and tokens[position].value == "catch":
        close = matching_close(tokens, position + 1)
        blocks.append(parse_block(tokens, close + 1, f"catch {catches}", tuple(tokens[position + 1:close + 1])))
        catches += 1
        position = blocks[-1].close + 1
    if position < limit and tokens[position].value == "finally":
        blocks.append(parse_block(tokens, position + 1, "finally"))
        position = blocks[-1].close + 1
    return Statement(index, position - 1, "try" if not resources else text_of(tokens, index, index + len(resources)), blocks)


def _parse_if(tokens: Sequence[Token], index: int, limit: int) -> Statement:
    close = matching_close(tokens, index + 1)
    head = text_of(tokens, index, close)
    if tokens[close + 1].value != "{":
        return _atomic(tokens, index, close + 1, limit)
    blocks = [parse_block(tokens, close + 1, "then")]
    position = blocks[0].close + 1
    if position < limit and tokens[position].value == "else":
        if tokens[position + 1].value == "{":
            blocks.append(parse_block(tokens, position + 1, "else"))
            position = blocks[-1].close + 1
        else:
            nested = parse_statement(tokens, position + 1, limit)
            blocks.append(Block("else", -1, -1, (), [nested]))
            position = nested.end + 1
    return Statement(index, position - 1, head, blocks)


def _parse_loop(tokens: Sequence[Token], index: int, limit: int) -> Statement:
    close = matching_close(tokens, index + 1)
    head = text_of(tokens, index, close)
    if tokens[index].value in ATOMIC_KEYWORDS or tokens[close + 1].value != "{":
        return _atomic(tokens, index, close + 1, limit)
    block = parse_block(tokens, close + 1, "body", tuple(tokens[index + 1:close + 1]))
    return Statement(index, block.close, head, [block])


def _atomic(tokens: Sequence[Token], index: int, body: int, limit: int) -> Statement:
    # A statement whose parts are not braced blocks, or a switch, is one unit: nothing is inserted inside it.
    inner = parse_statement(tokens, body, limit)
    end = inner.end
    if tokens[index].value == "if" and end + 1 < limit and tokens[end + 1].value == "else":
        end = parse_statement(tokens, end + 2, limit).end
    return Statement(index, end, text_of(tokens, index, end))
