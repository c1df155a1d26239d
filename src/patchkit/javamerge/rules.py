"""Apply the manifest's merge rules to a member changed on both sides that text merge could not settle."""

from __future__ import annotations

import re
from collections.abc import Sequence

from patchkit.javamerge.keepstatements import keep_fork_statements
from patchkit.javamerge.site import ConflictSite, RuleOutcome
from patchkit.javamerge.structure import Member
from patchkit.javamerge.union import union_entries
from patchkit.model import MergeRule, RuleKind


def glob_pattern(glob: str) -> re.Pattern[str]:
    """Compile a path glob: `**` crosses folders, `*` and `?` stay inside one folder."""
    parts: list[str] = []
    index = 0
    while index < len(glob):
        if glob.startswith("**/", index):
            parts.append("(?:.*/)?")
            index += 3
        elif glob.startswith("**", index):
            parts.append(".*")
            index += 2
        elif glob[index] == "*":
            parts.append("[^/]*")
            index += 1
        elif glob[index] == "?":
            parts.append("[^/]")
            index += 1
        else:
            parts.append(re.escape(glob[index]))
            index += 1
    return re.compile("".join(parts) + r"\Z")


def rule_applies(rule: MergeRule, site: ConflictSite) -> bool:
    """Tell whether a rule's scope (paths, class simple name, member name) covers the conflict."""
    if rule.paths and not any(glob_pattern(glob).match(site.path) for glob in rule.paths):
        return False
    if rule.type_name is not None and rule.type_name != site.type_name:
        return False
    if rule.member is not None and rule.member not in (site.name, f"{site.name}()", site.signature):
        return False
    return True


def apply_rules(rules: Sequence[MergeRule], site: ConflictSite) -> tuple[MergeRule | None, RuleOutcome]:
    """Try each rule in scope in order; return the first that resolves, or None and every decline reason."""
    reasons: list[str] = []
    for rule in rules:
        if not rule_applies(rule, site):
            continue
        if rule.kind is RuleKind.PREFER_UPSTREAM:
            outcome = _take(site.theirs, "upstream")
        elif rule.kind is RuleKind.PREFER_FORK:
            outcome = _take(site.ours, "the fork")
        elif rule.kind is RuleKind.UNION:
            outcome = union_entries(site)
        else:
            outcome = keep_fork_statements(rule, site)
        if outcome.lines is not None:
            return rule, outcome
        reasons.append(f"rule '{rule.name}' declined: {outcome.reason}")
    return None, RuleOutcome(None, " ".join(reasons))


def _take(member: Member | None, side: str) -> RuleOutcome:
    if member is None:
        return RuleOutcome((), f"took {side}'s side, which deletes the member")
    return RuleOutcome(member.core, f"took {side}'s version of the member")
