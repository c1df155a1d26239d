"""Comparing the conflicts a run met with those the manifest expected (`expect_conflicts`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from patchkit.model import ConflictRecord, Manifest, PatchOutcome, PatchStatus, ResolutionKind
from patchkit.provenance import simple_member_name

_PICKED = (PatchStatus.APPLIED, PatchStatus.RESOLVED, PatchStatus.CONFLICT)
# The merger combined these by itself, so they are no conflict a manifest would expect.
_MERGED = (ResolutionKind.MEMBER_MERGE, ResolutionKind.LINE_MERGE)


def site_matches(expected: str, conflict: ConflictRecord) -> bool:
    """Tell whether `path#member` names this conflict.

    The member matches by its simple name, or by its whole signature when
    `expected` gives one. A conflict of the whole file matches any member of it.
    """
    path, _, member = expected.partition("#")
    if path not in (conflict.path, conflict.upstream_path):
        return False
    if not member or conflict.member is None:
        return True
    return simple_member_name(conflict.member, "(" in member) == member


def conflict_site(conflict: ConflictRecord) -> str:
    """Return the conflict as `path#member`, the form `expect_conflicts` uses."""
    return f"{conflict.path}#{simple_member_name(conflict.member, False)}" if conflict.member else conflict.path


def real_conflicts(conflicts: Iterable[ConflictRecord]) -> list[ConflictRecord]:
    """Return the conflicts both sides made, leaving out what the merger combined by itself.

    One that a rule settled stays, because both sides changed it.
    """
    return [conflict for conflict in conflicts if conflict.resolution not in _MERGED]


def _label(outcome: PatchOutcome) -> str:
    return f"#{outcome.pr}" if outcome.pr is not None else outcome.id


def patch_warnings(expected: Sequence[str], outcome: PatchOutcome) -> Iterable[str]:
    """Yield a warning per expected conflict that did not happen and per unexpected one."""
    conflicts = real_conflicts(outcome.conflicts)
    for entry in expected:
        if not any(site_matches(entry, conflict) for conflict in conflicts):
            yield f"{_label(outcome)}: the manifest expected a conflict in {entry}, but there was none."
    for conflict in conflicts:
        if expected and not any(site_matches(entry, conflict) for entry in expected):
            yield f"{_label(outcome)}: conflict in {conflict_site(conflict)} was not in the manifest's expect_conflicts."


def expectation_warnings(manifest: Manifest, outcomes: Sequence[PatchOutcome]) -> tuple[str, ...]:
    """Return the warnings for every picked patch that lists `expect_conflicts`."""
    specs = {spec.id: spec for spec in manifest.patches}
    warnings: list[str] = []
    for outcome in outcomes:
        spec = specs.get(outcome.id)
        if spec is None or outcome.status not in _PICKED or not spec.expect_conflicts:
            continue
        warnings.extend(patch_warnings(spec.expect_conflicts, outcome))
    return tuple(warnings)
