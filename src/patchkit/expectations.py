"""Comparing the conflicts a run met with those the manifest expected (`expect_conflicts`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from patchkit.model import ConflictRecord, Manifest, PatchOutcome, PatchStatus

_PICKED = (PatchStatus.APPLIED, PatchStatus.RESOLVED, PatchStatus.CONFLICT)


def _matches(expected: str, conflict: ConflictRecord) -> bool:
    """Tell whether `path#member` names this conflict; the member is matched by its simple name."""
    path, _, member = expected.partition("#")
    if path != conflict.path and path != conflict.upstream_path:
        return False
    if not member:
        return True
    if conflict.member is None:
        return False
    simple = member.split("(", 1)[0]
    name = conflict.member.split("(", 1)[0].rsplit(".", 1)[-1]
    return name == simple


def _label(outcome: PatchOutcome) -> str:
    return f"#{outcome.pr}" if outcome.pr is not None else outcome.id


def _where(conflict: ConflictRecord) -> str:
    return f"{conflict.path}#{conflict.member}" if conflict.member else conflict.path


def patch_warnings(expected: Sequence[str], outcome: PatchOutcome) -> Iterable[str]:
    """Yield a warning per expected conflict that did not happen and per unexpected one."""
    for entry in expected:
        if not any(_matches(entry, conflict) for conflict in outcome.conflicts):
            yield f"{_label(outcome)}: the manifest expected a conflict in {entry}, but there was none."
    for conflict in outcome.conflicts:
        if expected and not any(_matches(entry, conflict) for entry in expected):
            yield f"{_label(outcome)}: conflict in {_where(conflict)} was not in the manifest's expect_conflicts."


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
