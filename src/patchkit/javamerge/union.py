"""The union rule: keep both sides' additions to an enum's constants or a one-entry-per-line list initializer."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

from patchkit.javamerge.ordering import merge_order
from patchkit.javamerge.site import ConflictSite, RuleOutcome
from patchkit.javamerge.structure import Member, MemberKind


class Decline(Exception):
    """The entries cannot be combined safely; the message gives the reason."""


@dataclass(frozen=True)
class EntryList:
    """A member split into the lines before its entries, one line per entry, and the lines after."""

    before: tuple[str, ...]
    indents: dict[str, str]
    order: tuple[str, ...]
    after: tuple[str, ...]
    terminator: str
    separator: str = ","


def union_entries(site: ConflictSite) -> RuleOutcome:
    """Keep every entry either side added, the fork's first; decline when both sides changed entries."""
    if site.base is None or site.ours is None or site.theirs is None:
        return RuleOutcome(None, "the member does not exist on all three sides")
    try:
        lines = _union(site.base, site.ours, site.theirs)
    except Decline as decline:
        return RuleOutcome(None, str(decline))
    return RuleOutcome(tuple(lines), "kept the entries both sides added, the fork's first")


def _union(base: Member, ours: Member, theirs: Member) -> list[str]:
    base_list, our_list, their_list = (_split(member) for member in (base, ours, theirs))
    if not (base_list.before == our_list.before == their_list.before):
        raise Decline("the lines before the entries changed")
    if not (base_list.after == our_list.after == their_list.after):
        raise Decline("the lines after the entries changed")
    our_removed = set(base_list.order) - set(our_list.order)
    their_removed = set(base_list.order) - set(their_list.order)
    if our_removed and their_removed and our_removed != their_removed:
        raise Decline(f"both sides changed or removed entries ({sorted(our_removed | their_removed)[0]} among them)")
    keep = (set(our_list.order) | set(their_list.order)) - our_removed - their_removed
    order = merge_order(base_list.order, our_list.order, their_list.order, keep)

    indents = {**their_list.indents, **our_list.indents}
    body = []
    for number, key in enumerate(order):
        separator = our_list.terminator if number == len(order) - 1 else our_list.separator
        body.append(f"{indents[key]}{key}{separator}\n")
    return [*our_list.before, *body, *our_list.after]


def _split(member: Member) -> EntryList:
    lines = list(member.core)
    comments = 0
    while comments < len(lines) and lines[comments].lstrip().startswith(("//", "/*", "*")):
        comments += 1
    before, lines = lines[:comments], lines[comments:]
    if member.kind is MemberKind.CONSTANTS:
        after: list[str] = []
        if lines and lines[-1].strip() == ";":
            after = [lines.pop()]
        return _entries(lines, before, after)
    opening = next((i for i, line in enumerate(lines) if re.search(r"[({\[]\s*$", line)), -1)
    if member.kind is MemberKind.FIELD and opening == 0 and len(lines) >= 3:
        return _entries(lines[1:-1], [*before, lines[0]], [lines[-1]])
    if member.kind is MemberKind.INITIALIZER and opening >= 0 and lines[-1].strip() == "}":
        # A static registry: one statement per line, such as `REGISTRY.put("csv", new CsvFormat());`.
        entries = _entries(lines[opening + 1:-1], [*before, *lines[:opening + 1]], [lines[-1]])
        if entries.terminator != ";":
            raise Decline("the initializer's lines are not one statement each")
        return dataclasses.replace(entries, separator=";")
    raise Decline("it applies to enum constants, list initializers and registry blocks with one entry per line")


def _entries(lines: Sequence[str], before: list[str], after: list[str]) -> EntryList:
    indents: dict[str, str] = {}
    order: list[str] = []
    terminator = ""
    for line in lines:
        code = line.strip()
        if not code or "//" in code or "/*" in code or code.startswith("*"):
            raise Decline("the entries have blank or comment lines between them")
        terminator = code[-1] if code[-1] in ",;" else ""
        key = code.rstrip(",;").rstrip()
        if _unbalanced(key):
            raise Decline(f"the entry `{key}` spans more than one line")
        if key in indents:
            raise Decline(f"the entry `{key}` occurs twice")
        indents[key] = line[: len(line) - len(line.lstrip())]
        order.append(key)
    return EntryList(tuple(before), indents, tuple(order), tuple(after), terminator)


def _unbalanced(text: str) -> bool:
    return any(text.count(o) != text.count(c) for o, c in ("()", "{}", "[]"))
