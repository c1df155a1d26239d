"""The keep-fork-statements rule: upstream's member with the fork's matching statements put back.

Each kept statement goes back into the block it sat in: after the statement it
followed in the fork, else before the one it preceded, else at the block's start.
A statement that was last in the fork's block goes to the block's end. The rule
declines whenever the placement or the names it reads are uncertain.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from patchkit.javamerge import names
from patchkit.javamerge.site import ConflictSite, RuleOutcome
from patchkit.javamerge.statements import Block, Statement, body_open, parse_block, text_of
from patchkit.javamerge.structure import MemberKind, TypeBody
from patchkit.javamerge.tokens import PARSE_ERRORS, Token, check_parses, matching_close, tokenize
from patchkit.model import MergeRule


class Decline(Exception):
    """The rule cannot resolve the conflict safely; the message gives the reason."""


@dataclass(frozen=True)
class Version:
    """One side's member: its lines, tokens and the block tree of its body."""

    lines: tuple[str, ...]
    tokens: tuple[Token, ...]
    body: Block
    parameters: frozenset[str]
    hidden: frozenset[int] = frozenset()
    """Token indexes of the kept statements, left out when the fork's statements are compared."""


@dataclass(frozen=True)
class Placement:
    """A kept statement's destination: a block of upstream's member and the insertion index in it."""

    block: Block
    slot: int


def keep_fork_statements(rule: MergeRule, site: ConflictSite) -> RuleOutcome:
    """Resolve with upstream's member plus each statement the fork added that matches `rule.pattern`."""
    try:
        lines = _resolve(rule, site)
    except Decline as decline:
        return RuleOutcome(None, str(decline))
    return RuleOutcome(tuple(lines), f"took upstream's {site.name}() and kept the fork's statements matching {rule.pattern!r}")


def _resolve(rule: MergeRule, site: ConflictSite) -> list[str]:
    if site.base is None or site.ours is None or site.theirs is None:
        raise Decline("the member does not exist on all three sides")
    if site.ours.kind not in (MemberKind.METHOD, MemberKind.CONSTRUCTOR):
        raise Decline("it applies to methods and constructors only")
    if not rule.pattern:
        raise Decline("the rule has no pattern")
    try:
        pattern = re.compile(rule.pattern)
    except re.error as error:
        raise Decline(f"the pattern {rule.pattern!r} is not a valid regular expression ({error})") from error
    base, ours, theirs = (_version(m.core) for m in (site.base, site.ours, site.theirs))

    base_texts = Counter(_texts(base))
    added = [s for _, s in _walk(ours.body) if not s.compound and pattern.search(_text(ours, s))
             and _text(ours, s) not in base_texts]
    if not added:
        raise Decline(f"the fork added no statement matching {rule.pattern!r}")
    _check_other_fork_changes(base, ours, theirs, added)

    # A statement upstream already has (it adopted the fork's line) is not inserted again.
    their_texts = set(_texts(theirs))
    kept = [s for s in added if _text(ours, s) not in their_texts]
    ours = dataclasses.replace(ours, hidden=_token_indexes(kept))

    placements: dict[int, Placement] = {}
    kept_ids = {id(s) for s in kept}
    for statement in kept:
        placements[id(statement)] = _place(statement, ours, theirs, base_texts, placements, kept_ids, site)
    result = _insert(ours, theirs, kept, placements)
    problem = check_parses("class Check {\n" + "".join(result) + "}\n")
    if problem is not None:
        raise Decline(f"the resolved member does not parse ({problem})")
    return result


def _version(lines: Sequence[str]) -> Version:
    text = "".join(lines)
    try:
        tokens = tuple(tokenize(text))
        opening = body_open(tokens)
        if opening < 0 or tokens[opening].value != "{":
            raise Decline("a side of the member has no body")
        body = parse_block(tokens, opening, "body")
    except PARSE_ERRORS as error:
        raise Decline(f"a side of the member cannot be tokenized ({error})") from error
    except (ValueError, IndexError) as error:
        raise Decline(f"a side of the member has statements the rule cannot follow ({error})") from error
    paren = next(i for i, t in enumerate(tokens) if t.value == "(")
    params = names.parameter_names(tokens, paren, matching_close(tokens, paren))
    return Version(tuple(text.splitlines(keepends=True)), tokens, body, frozenset(params))


def _walk(block: Block) -> Iterator[tuple[Block, Statement]]:
    for statement in block.statements:
        yield block, statement
        for inner in statement.blocks:
            yield from _walk(inner)


def _text(version: Version, statement: Statement) -> str:
    return statement.head if statement.compound else text_of(version.tokens, statement.start, statement.end)


def _texts(version: Version) -> list[str]:
    return [_text(version, s) for _, s in _walk(version.body)]


def _token_indexes(statements: Sequence[Statement]) -> frozenset[int]:
    return frozenset(i for s in statements for i in range(s.start, s.end + 1))


def _check_other_fork_changes(base: Version, ours: Version, theirs: Version, kept: list[Statement]) -> None:
    kept_ids = {id(s) for s in kept}
    hidden = _token_indexes(kept)
    our_rest = Counter(_text(ours, s) for _, s in _walk(ours.body) if id(s) not in kept_ids)
    base_all = Counter(_texts(base))
    removed = list((base_all - our_rest).elements())
    added = list((our_rest - base_all).elements())
    their_all = Counter(_texts(theirs))
    for text in removed:
        source_text = _source_of(base, text)
        if text in their_all:
            raise Decline(f"the fork changed `{source_text}`, which this rule does not carry over")
        raise Decline(f"both sides changed the statement `{source_text}`")
    if added:
        raise Decline(f"the fork added `{_source_of(ours, added[0])}`, which does not match the pattern")
    our_values = [t.value for i, t in enumerate(ours.tokens) if i not in hidden]
    if our_values != [t.value for t in base.tokens]:
        raise Decline("the fork changed the member beyond the statements the rule keeps (its declaration or order)")


def _source(version: Version, statement: Statement) -> str:
    """Return a simple statement's source text on one line, or a compound statement's head."""
    if statement.compound:
        first = version.tokens[statement.start].line
        return version.lines[first - 1].strip()
    first, last = version.tokens[statement.start].line, version.tokens[statement.end].line
    return " ".join(line.strip() for line in version.lines[first - 1:last])


def _source_of(version: Version, text: str) -> str:
    return next((_source(version, s) for _, s in _walk(version.body) if _text(version, s) == text), text)


def _path(block: Block, target: Statement, path: tuple[tuple[str, int, str], ...] = ()) -> tuple[tuple[str, int, str], ...] | None:
    """Return the path to the block that contains `target`, as (statement head, occurrence, block label) steps."""
    if any(s is target for s in block.statements):
        return path
    seen: Counter[str] = Counter()
    for statement in block.statements:
        for inner in statement.blocks:
            found = _path(inner, target, (*path, (statement.head, seen[statement.head], inner.label)))
            if found is not None:
                return found
        seen[statement.head] += 1
    return None


def _follow(block: Block, path: tuple[tuple[str, int, str], ...]) -> tuple[Block, list[Block]] | None:
    """Find the block at `path` in another version; also return the enclosing blocks, outermost first."""
    enclosing: list[Block] = []
    for head, occurrence, label in path:
        candidates = [s for s in block.statements if s.compound and s.head == head]
        if len(candidates) <= occurrence:
            return None
        branches = [b for b in candidates[occurrence].blocks if b.label == label]
        if not branches:
            return None
        enclosing.append(block)
        block = branches[0]
    return block, enclosing


def _place(
    statement: Statement, ours: Version, theirs: Version, base_texts: Counter[str],
    placements: dict[int, Placement], kept_ids: set[int], site: ConflictSite,
) -> Placement:
    source_text = _source(ours, statement)
    path = _path(ours.body, statement)
    assert path is not None
    found = _follow(theirs.body, path)
    if found is None:
        raise Decline(f"the block that held `{source_text}` is gone upstream")
    target, enclosing = found
    our_block = _follow(ours.body, path)
    assert our_block is not None
    siblings = our_block[0].statements
    index = next(i for i, s in enumerate(siblings) if s is statement)

    placement, successor = _anchor(siblings, index, ours, theirs, target, placements, kept_ids, source_text)
    placement = _before_jump(_after_writes(placement, statement, ours, theirs, base_texts, successor, source_text), theirs)
    _check_names(statement, ours, our_block, theirs, placement, enclosing, site, source_text)
    return placement


def _anchor(
    siblings: list[Statement], index: int, ours: Version, theirs: Version, target: Block,
    placements: dict[int, Placement], kept_ids: set[int], source_text: str,
) -> tuple[Placement, int | None]:
    """Choose the slot from the fork's neighbours; also return the successor's index upstream, if used."""
    if index > 0:
        previous = siblings[index - 1]
        if id(previous) in placements:
            return placements[id(previous)], None
        match = _match(previous, ours, theirs, target, source_text)
        if match is not None:
            return Placement(target, match + 1), None
    following = [s for s in siblings[index + 1:] if id(s) not in kept_ids]
    if not following:
        # The statement ended its block in the fork, so it ends the block upstream too.
        return Placement(target, len(target.statements)), None
    match = _match(following[0], ours, theirs, target, source_text)
    if match is not None:
        return Placement(target, match), match
    return Placement(target, 0), None


def _match(statement: Statement, ours: Version, theirs: Version, target: Block, source_text: str) -> int | None:
    expected_text = _full_text(ours, statement)
    hits = [i for i, s in enumerate(target.statements) if _full_text(theirs, s) == expected_text]
    if len(hits) > 1:
        raise Decline(f"the statement next to `{source_text}` occurs {len(hits)} times upstream, so its place is ambiguous")
    return hits[0] if hits else None


def _full_text(version: Version, statement: Statement) -> str:
    """Return a statement's whole normalized text, without the kept statements inside it."""
    indexes = range(statement.start, statement.end + 1)
    return " ".join(version.tokens[i].value for i in indexes if i not in version.hidden)


def _after_writes(
    placement: Placement, statement: Statement, ours: Version, theirs: Version,
    base_texts: Counter[str], successor: int | None, source_text: str,
) -> Placement:
    """Move the slot past later statements upstream added that write a local the kept statement reads.

    Passing a variable to a method counts as writing it, as `Files.copy(in, file)` fills
    `file`. Fields are left out, because a call that takes `taskId` rarely changes it.
    """
    read = set(names.read_names(ours.tokens, statement.start, statement.end)) & _all_locals(theirs)
    slot = placement.slot
    for index in range(placement.slot, len(placement.block.statements)):
        later = placement.block.statements[index]
        if _full_text(theirs, later) in base_texts:
            continue
        if read & names.written_names(theirs.tokens, later.start, later.end):
            slot = index + 1
    if successor is not None and slot > successor:
        raise Decline(f"`{source_text}` reads a name upstream writes after the statement it preceded")
    return Placement(placement.block, slot)


def _before_jump(placement: Placement, theirs: Version) -> Placement:
    """Move a slot that would follow a return, throw, break or continue to just before it."""
    slot = placement.slot
    if slot > 0:
        previous = placement.block.statements[slot - 1]
        if theirs.tokens[previous.start].value in ("return", "throw", "break", "continue"):
            return Placement(placement.block, slot - 1)
    return placement


def _all_locals(version: Version) -> set[str]:
    declared = set(version.parameters)
    for block, statement in _walk(version.body):
        declared |= names.header_names(block.header)
        if not statement.compound:
            name = names.declared_name(version.tokens, statement.start, statement.end)
            if name is not None:
                declared.add(name)
    return declared


def _declared_before(version: Version, blocks: Sequence[Block], inner: Block, slot: int) -> set[str]:
    declared = set(version.parameters)
    chain = [*blocks, inner]
    for depth, block in enumerate(chain):
        declared |= names.header_names(block.header)
        limit = slot if depth == len(chain) - 1 else _index_holding(block, chain[depth + 1])
        for statement in block.statements[:limit]:
            if not statement.compound:
                name = names.declared_name(version.tokens, statement.start, statement.end)
                if name is not None:
                    declared.add(name)
    return declared


def _index_holding(block: Block, inner: Block) -> int:
    for index, statement in enumerate(block.statements):
        if any(b is inner for b in statement.blocks):
            return index
    return len(block.statements)


def _check_names(
    statement: Statement, ours: Version, our_block: tuple[Block, list[Block]], theirs: Version,
    placement: Placement, enclosing: list[Block], site: ConflictSite, source_text: str,
) -> None:
    our_index = next(i for i, s in enumerate(our_block[0].statements) if s is statement)
    our_locals = _declared_before(ours, our_block[1], our_block[0], our_index)
    their_locals = _declared_before(theirs, enclosing, placement.block, placement.slot)
    our_fields, their_fields = _fields(site.our_type), _fields(site.their_type)
    for name in names.read_names(ours.tokens, statement.start, statement.end):
        if name in their_locals:
            continue
        if name in our_locals:
            raise Decline(f"`{source_text}` reads `{name}`, which is not declared before its new place")
        if name in our_fields and name not in their_fields:
            raise Decline(f"`{source_text}` reads the field `{name}`, which upstream removed")
        if _import_lost(name, site):
            raise Decline(f"`{source_text}` uses `{name}`, whose import is gone after the merge")


def _fields(body: TypeBody | None) -> set[str]:
    if body is None:
        return set()
    return {m.name for m in body.members if m.kind is MemberKind.FIELD}


def _import_lost(name: str, site: ConflictSite) -> bool:
    ending = re.compile(rf"[.\s]{re.escape(name)}\s*;")
    return any(ending.search(line) for line in site.our_imports) and not any(
        ending.search(line) for line in site.imports
    )


def _insert(ours: Version, theirs: Version, kept: list[Statement], placements: dict[int, Placement]) -> list[str]:
    """Insert the kept statements' lines into upstream's lines, bottom up so line numbers stay valid."""
    insertions: list[tuple[int, int, list[str]]] = []
    for order, statement in enumerate(kept):
        placement = placements[id(statement)]
        after_line, indent = _slot_line(theirs, placement)
        insertions.append((after_line, order, _statement_lines(ours, statement, indent)))
    result = list(theirs.lines)
    for after_line, _, lines in sorted(insertions, key=lambda item: (-item[0], -item[1])):
        result[after_line:after_line] = lines
    return result


def _slot_line(theirs: Version, placement: Placement) -> tuple[int, str]:
    """Return the 1-based line the slot follows and the indentation statements there use."""
    block, slot = placement.block, placement.slot
    statements = block.statements
    if slot > 0:
        previous = statements[slot - 1]
        line = theirs.tokens[previous.end].line
        if previous.end + 1 < len(theirs.tokens) and theirs.tokens[previous.end + 1].line == line:
            raise Decline(f"line {line} of upstream's member contains more than one statement")
        return line, _indent(theirs.lines[theirs.tokens[previous.start].line - 1])
    if block.open < 0:
        raise Decline("the kept statement's block has no braces upstream")
    line = theirs.tokens[block.open].line
    if theirs.tokens[block.open + 1].line == line:
        raise Decline(f"line {line} of upstream's member opens a block and also contains a statement")
    if statements:
        return line, _indent(theirs.lines[theirs.tokens[statements[0].start].line - 1])
    return line, _indent(theirs.lines[line - 1]) + "  "


def _statement_lines(ours: Version, statement: Statement, indent: str) -> list[str]:
    first, last = ours.tokens[statement.start].line, ours.tokens[statement.end].line
    shares_start = statement.start > 0 and ours.tokens[statement.start - 1].line == first
    shares_end = statement.end + 1 < len(ours.tokens) and ours.tokens[statement.end + 1].line == last
    if shares_start or shares_end:
        raise Decline(f"the fork's statement on line {first} shares its line with other code")
    lines = list(ours.lines[first - 1:last])
    old = _indent(lines[0])
    return [indent + line[len(old):] if line.startswith(old) else line for line in lines]


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" \t"))]
