from __future__ import annotations

from patchkit.javamerge.rules import ConflictSite, RuleOutcome
from patchkit.model import MergeRule


def keep_fork_statements(rule: MergeRule, site: ConflictSite) -> RuleOutcome:
    return RuleOutcome(None, "not built yet")
