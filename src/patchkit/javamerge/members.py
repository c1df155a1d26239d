"""Three-way merge of Java types member by member, with text merge and rules for members both sides changed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from patchkit.javamerge.layout import merge_layout
from patchkit.javamerge.ordering import merge_order
from patchkit.javamerge.result import MemberConflict, resolved_conflict, unresolved_conflict
from patchkit.javamerge.rules import apply_rules
from patchkit.javamerge.site import ConflictSite
from patchkit.javamerge.structure import Member, TypeBody
from patchkit.javamerge.textmerge import MergeLabels, conflict_block, merge_lines
from patchkit.model import MergeRule, ResolutionKind


@dataclass
class MergeState:
    """Settings and conflicts shared by every level of one file's merge."""

    path: str
    rules: Sequence[MergeRule]
    labels: MergeLabels
    imports: tuple[str, ...] = ()
    our_imports: tuple[str, ...] = ()
    conflicts: list[MemberConflict] = field(default_factory=list)
    clean: bool = True


def pick(base: Sequence[str], ours: Sequence[str], theirs: Sequence[str]) -> list[str]:
    """Return the side that changed `base`, the fork's when both did."""
    if list(ours) == list(base):
        return list(theirs)
    return list(ours)


def merge_text_part(
    base: Sequence[str], ours: Sequence[str], theirs: Sequence[str], name: str, state: MergeState
) -> list[str]:
    """Merge lines between members (a class header, a closing brace) as text."""
    merged, clean = merge_lines(base, ours, theirs, state.labels)
    if not clean:
        state.clean = False
        state.conflicts.append(unresolved_conflict(name, f"both sides changed the same lines of {name}", theirs))
    return merged


def merge_body(base: TypeBody | None, ours: TypeBody, theirs: TypeBody, owner: str, state: MergeState) -> list[str]:
    """Merge one type's members; `owner` is the type's dotted name ('' for the file itself)."""
    empty = TypeBody(ours.name, (), (), ())
    base_body = base or empty
    label = owner or "the file"
    lines: list[str] = []
    if owner:
        lines += merge_text_part(base_body.header, ours.header, theirs.header, f"{owner} (declaration)", state)

    keys = [[m.key for m in body.members] for body in (base_body, ours, theirs)]
    keys[1] = _follow_signature_changes(base_body.members, ours.members)
    keys[2] = _follow_signature_changes(base_body.members, theirs.members)
    by_key = [dict(zip(side_keys, body.members)) for side_keys, body in zip(keys, (base_body, ours, theirs))]
    keep = {key for key in set(keys[1]) | set(keys[2]) if _survives(*(side.get(key) for side in by_key))}
    for key in merge_order(keys[0], keys[1], keys[2], keep):
        versions = tuple(side.get(key) for side in by_key)
        lines += _merge_member(versions[0], versions[1], versions[2], owner, ours, theirs, state)

    lines += merge_text_part(base_body.tail, ours.tail, theirs.tail, f"{label} (end)", state)
    return lines


def _follow_signature_changes(base: Sequence[Member], side: Sequence[Member]) -> list[str]:
    """Return the side's member keys, a changed signature keyed as the base member it replaces.

    Say a side removed the only base member of a kind and name and added exactly
    one of the same kind and name, as when a parameter is added. Then the two are
    one member whose declaration changed, so the other side's changes meet it.
    """
    base_keys = {m.key for m in base}
    side_keys = {m.key for m in side}
    removed = [m for m in base if m.key not in side_keys]
    added = [m for m in side if m.key not in base_keys]
    renames: dict[str, str] = {}
    for member in added:
        same_name = [m for m in removed if (m.kind, m.name) == (member.kind, member.name)]
        in_base = [m for m in base if (m.kind, m.name) == (member.kind, member.name)]
        in_added = [m for m in added if (m.kind, m.name) == (member.kind, member.name)]
        if len(same_name) == 1 and len(in_base) == 1 and len(in_added) == 1:
            renames[member.key] = same_name[0].key
    return [renames.get(m.key, m.key) for m in side]


def _survives(base: Member | None, ours: Member | None, theirs: Member | None) -> bool:
    if base is None:
        return True
    if ours is None:
        return theirs is not None and theirs.core != base.core
    if theirs is None:
        return ours.core != base.core
    return True


def _merge_member(
    base: Member | None,
    ours: Member | None,
    theirs: Member | None,
    owner: str,
    our_type: TypeBody,
    their_type: TypeBody,
    state: MergeState,
) -> list[str]:
    if ours is None or theirs is None:
        present = ours or theirs
        assert present is not None
        if base is None:
            return list(present.lines)
        return _delete_modify(base, ours, theirs, owner, our_type, their_type, state)

    if ours.core == theirs.core:
        core = list(ours.core)
    elif base is not None and ours.core == base.core:
        core = list(theirs.core)
    elif base is not None and theirs.core == base.core:
        core = list(ours.core)
    else:
        core = _merge_both(base, ours, theirs, owner, our_type, their_type, state)
    base_lead = base.lines[:base.lead] if base is not None else ours.lines[:ours.lead]
    return pick(base_lead, ours.lines[:ours.lead], theirs.lines[:theirs.lead]) + core


def _display(owner: str, member: Member) -> str:
    return f"{owner}.{member.signature}" if owner else member.signature


def _site(
    base: Member | None, ours: Member | None, theirs: Member | None,
    owner: str, our_type: TypeBody, their_type: TypeBody, state: MergeState,
) -> ConflictSite:
    any_side = ours or theirs or base
    assert any_side is not None
    return ConflictSite(
        path=state.path,
        type_name=owner.rsplit(".", 1)[-1],
        name=any_side.name,
        signature=any_side.signature,
        base=base,
        ours=ours,
        theirs=theirs,
        our_type=our_type,
        their_type=their_type,
        imports=state.imports,
        our_imports=state.our_imports,
    )


def _merge_both(
    base: Member | None, ours: Member, theirs: Member,
    owner: str, our_type: TypeBody, their_type: TypeBody, state: MergeState,
) -> list[str]:
    name = _display(owner, ours)
    if ours.body is not None and theirs.body is not None and (base is None or base.body is not None):
        nested_owner = f"{owner}.{ours.name}" if owner else ours.name
        return merge_body(base.body if base else None, ours.body, theirs.body, nested_owner, state)

    base_core = list(base.core) if base is not None else []
    merged, clean = merge_lines(base_core, ours.core, theirs.core, state.labels)
    if clean:
        reason = "both sides changed different lines of the member, so a text merge combined them"
        state.conflicts.append(resolved_conflict(name, ResolutionKind.MEMBER_MERGE, None, reason, theirs.core, merged))
        return merged

    site = _site(base, ours, theirs, owner, our_type, their_type, state)
    rule, outcome = apply_rules(state.rules, site)
    if rule is not None and outcome.lines is not None:
        state.conflicts.append(
            resolved_conflict(name, ResolutionKind.RULE, rule.name, outcome.reason, theirs.core, outcome.lines)
        )
        return list(outcome.lines)

    layout = merge_layout(base_core, ours.core, theirs.core)
    if layout is not None:
        lines, reason = layout
        state.conflicts.append(resolved_conflict(name, ResolutionKind.MEMBER_MERGE, None, reason, theirs.core, lines))
        return lines

    state.clean = False
    what = "added" if base is None else "changed"
    reason = f"both sides {what} the same lines of {name}"
    if outcome.reason:
        reason += f"; {outcome.reason}"
    state.conflicts.append(unresolved_conflict(name, reason, theirs.core))
    return merged


def _delete_modify(
    base: Member, ours: Member | None, theirs: Member | None,
    owner: str, our_type: TypeBody, their_type: TypeBody, state: MergeState,
) -> list[str]:
    name = _display(owner, base)
    deleter, changer = ("the fork", "upstream") if ours is None else ("upstream", "the fork")
    site = _site(base, ours, theirs, owner, our_type, their_type, state)
    rule, outcome = apply_rules(state.rules, site)
    present = ours or theirs
    assert present is not None
    lead = list(present.lines[:present.lead])
    if rule is not None and outcome.lines is not None:
        upstream = theirs.core if theirs is not None else None
        state.conflicts.append(
            resolved_conflict(name, ResolutionKind.RULE, rule.name, outcome.reason, upstream, outcome.lines)
        )
        return lead + list(outcome.lines) if outcome.lines else []

    state.clean = False
    reason = f"{deleter} deleted {name}, which {changer} changed"
    if outcome.reason:
        reason += f"; {outcome.reason}"
    state.conflicts.append(unresolved_conflict(name, reason, theirs.core if theirs is not None else None))
    return lead + conflict_block(ours.core if ours else (), theirs.core if theirs else (), state.labels)
