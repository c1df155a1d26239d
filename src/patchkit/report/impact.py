"""Deployment impact: which components the applied patches touched."""

from __future__ import annotations

from collections.abc import Sequence

from patchkit.javamerge.rules import glob_pattern
from patchkit.model import Component, ComponentImpact, PatchOutcome, PatchStatus

# Patches whose changes are on the work branch. Skipped, dropped, stopped and
# already-present patches change nothing that must be deployed.
_CHANGING_STATUSES = frozenset({PatchStatus.APPLIED, PatchStatus.RESOLVED})


def compute_impact(
    components: Sequence[Component], patches: Sequence[PatchOutcome]
) -> tuple[ComponentImpact, ...]:
    """Match the files of applied and resolved patches against each component's globs.

    `PatchOutcome.files` contains fork paths, so the globs are those of the fork.
    Components keep their order. Patches and files are listed once each, in the
    order the patches were applied.
    """
    changing = [patch for patch in patches if patch.status in _CHANGING_STATUSES]
    return tuple(_component_impact(component, changing) for component in components)


def _component_impact(component: Component, patches: Sequence[PatchOutcome]) -> ComponentImpact:
    labels: list[str] = []
    files: list[str] = []
    for patch in patches:
        matched = [path for path in patch.files if matches_any(path, component.paths)]
        if not matched:
            continue
        labels.append(patch_label(patch))
        files.extend(path for path in matched if path not in files)
    return ComponentImpact(
        name=component.name,
        deploy=component.deploy,
        touched=bool(files),
        patches=tuple(labels),
        files=tuple(files),
    )


def patch_label(patch: PatchOutcome) -> str:
    """Return the label of a patch: `#<PR>` when it has a PR number, else its id."""
    return f"#{patch.pr}" if patch.pr is not None else patch.id


def matches_any(path: str, globs: Sequence[str]) -> bool:
    """Return whether `path` matches one of `globs`, with the glob syntax of merge rules.

    `**` matches any number of folders (none included), `*` and `?` match within
    one folder name, and every other character matches itself.
    """
    return any(glob_pattern(glob).match(path) for glob in globs)
