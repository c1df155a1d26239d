"""A member changed on both sides, as the merge rules see it, and a rule's result."""

from __future__ import annotations

from dataclasses import dataclass

from patchkit.javamerge.structure import Member, TypeBody


@dataclass(frozen=True)
class ConflictSite:
    """A member changed on both sides: the three versions (None where a side lacks it) and where it sits."""

    path: str
    type_name: str
    name: str
    signature: str
    base: Member | None
    ours: Member | None
    theirs: Member | None
    our_type: TypeBody | None
    their_type: TypeBody | None
    imports: tuple[str, ...]
    our_imports: tuple[str, ...]


@dataclass(frozen=True)
class RuleOutcome:
    """A rule's result: the resolved member lines (empty when the member goes), or None and a reason."""

    lines: tuple[str, ...] | None
    reason: str
