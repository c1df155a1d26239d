"""Forecast of a manifest run: every pick replayed in memory, nothing of the user's changed.

The replay follows `apply` step by step: the same commit resolution, the same
already-present checks, the same `pick()` with path mapping and merge rules,
each patch on top of the previous result. The objects it writes go to a scratch
repository (see `scratch.py`), so the user's refs, index, work tree and `.git/`
stay as they were, except for what plan keeps under `.git/patchkit/cache/` for
the next plan: the loaded manifest, the parses of Java files, the file merges,
the detected renames and commits' changed paths, the commits' patch-ids and the
blames of conflict provenance (see `manifest/stored.py`, `parsestore.py`,
`mergestore.py`, `pick.diff_cache`, `present.py` and `provenance.blame_cache`). Where `apply` would stop for a human, the plan records the
conflict with its provenance and goes on with the next patches on top of the
last clean result.
"""

from __future__ import annotations

import enum
import logging
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import pygit2

from patchkit.build.project import check_maven_project
from patchkit.cachefiles import JsonCache, cache_root
from patchkit.errors import ManifestError, PatchResolutionError, RepositoryError
from patchkit.expectations import conflict_site, real_conflicts, site_matches
from patchkit.forkrefs import resolve_manifest_ref
from patchkit.gitrepo import open_repository
from patchkit.javacache import keeping_parses_in
from patchkit.manifest import load_manifest
from patchkit.manifest.stored import load_manifest_stored
from patchkit.mergestore import MergeStore
from patchkit.model import (
    ConflictRecord,
    Decision,
    Manifest,
    PatchOutcome,
    PatchSpec,
    PatchStatus,
    ResolutionKind,
    RevertInfo,
)
from patchkit.outcomes import base_outcome, pick_outcome, status_of
from patchkit.parsestore import ParseStore
from patchkit.pick import PickContext, PickResult, diff_cache
from patchkit.present import PresentIndex, patch_id_cache
from patchkit.provenance import add_provenance, blame_cache, simple_member_name
from patchkit.resolve import UpstreamRange, resolve_patch, upstream_range
from patchkit.reverts import find_reverts, revert_warning
from patchkit.resolutions.store import ResolutionStore
from patchkit.runner import fork_point_of
from patchkit.sequencer import pick_step
from patchkit.startchecks import UnsafeCommitError, repository_problems, unsafe_commit_error
from patchkit.scratch import scratch_repository

log = logging.getLogger("patchkit.plan")

# Commits the replay writes exist only in the scratch repository; a fixed identity keeps them reproducible.
_REPLAY_SIGNATURE = ("patchkit plan", "plan@patchkit.invalid")


class Forecast(str, enum.Enum):
    """The expected result of `apply` for one patch."""

    CLEAN = "clean"
    RESOLVED = "resolved"
    CONFLICT = "conflict"
    ALREADY_PRESENT = "already-present"
    NOT_FOUND = "not-found"
    REJECTED = "rejected"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class ExpectationCheck:
    """The manifest's `expect_conflicts` of one patch against the forecast, as `path#member` sites."""

    expected: tuple[str, ...] = ()
    unexpected: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()


def check_expectations(spec: PatchSpec, conflicts: Sequence[ConflictRecord]) -> ExpectationCheck:
    """Compare the patch's expected conflicts with the forecast ones.

    As in apply's warnings, a conflict counts as unexpected only when the
    patch lists `expect_conflicts`.
    """
    real = real_conflicts(conflicts)
    expected = [c for c in real if any(site_matches(site, c) for site in spec.expect_conflicts)]
    unexpected = [c for c in real if c not in expected] if spec.expect_conflicts else []
    missing = [site for site in spec.expect_conflicts if not any(site_matches(site, c) for c in real)]
    return ExpectationCheck(
        tuple(conflict_site(c) for c in expected), tuple(conflict_site(c) for c in unexpected), tuple(missing)
    )


@dataclass(frozen=True)
class PlannedPatch:
    """The forecast of one patch.

    `outcome` is what a run record would hold, except that `new_commit` stays
    None because the plan creates no commit in the user's repository, and a
    patch that cannot be found has status `pending` with the error in `notes`.
    `after_conflict` is True when an earlier patch is forecast to stop for a
    human, so this forecast assumes that patch was skipped.
    """

    outcome: PatchOutcome
    forecast: Forecast
    after_conflict: bool = False
    expectations: ExpectationCheck = ExpectationCheck()
    explanations: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlanResult:
    manifest_path: str
    repository: str
    patchset: str
    fork: str
    fork_commit: str
    upstream: str
    upstream_tip: str
    fork_point: str
    patches: tuple[PlannedPatch, ...]
    warnings: tuple[str, ...] = ()
    blockers: tuple[str, ...] = ()

    @property
    def conflicts_forecast(self) -> int:
        return sum(1 for patch in self.patches if patch.forecast is Forecast.CONFLICT)


@dataclass
class StepTimes:
    """Wall-clock seconds spent in each step of one plan, by step name."""

    seconds: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        """Add the time the `with` block takes to step `name`."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start


# Each patch resolves to its upstream commit, or to the error `apply` would stop with.
_Resolved = dict[str, "pygit2.Commit | PatchResolutionError"]


@dataclass
class _Replay:
    """The moving parts of one replay: the scratch repository and the tip built so far."""

    repo: pygit2.Repository
    manifest: Manifest
    upstream: UpstreamRange
    context: PickContext
    present: PresentIndex
    store: ResolutionStore | None
    resolved: _Resolved
    reverts: dict[str, RevertInfo]
    tip: pygit2.Commit
    blocked_by: list[str]
    times: StepTimes
    blames: JsonCache | None = None


def plan_run(manifest_path: Path, repo_path: Path) -> PlanResult:
    """Replay the manifest's patches in memory and return what `apply` is expected to do.

    The time of each step (load, resolve, picks, provenance) goes to the
    `patchkit.plan` logger at DEBUG level, as the record's `plan_seconds` dict.
    """
    times = StepTimes()
    with times.step("load"):
        manifest, repo = _load(manifest_path, repo_path)
    with times.step("resolve"):
        fork = resolve_manifest_ref(repo, manifest, "fork")
        tip = resolve_manifest_ref(repo, manifest, "upstream")
        fork_point = fork_point_of(repo, manifest, fork, tip)
    # The caches under .git/patchkit/cache/ are the only place plan writes to.
    with scratch_repository(repo) as scratch, keeping_parses_in(ParseStore(cache_root(repo))):
        # Look the commits up again in the scratch repository, so the objects the picks write land there.
        sides = [scratch[commit.id].peel(pygit2.Commit) for commit in (fork, tip, fork_point)]
        with times.step("resolve"):
            replay = _start(scratch, manifest, sides[0], sides[1], sides[2], times, cache_root(repo))
        planned = [_plan_patch(replay, spec) for spec in manifest.apply_order()]
        planned += [_skipped(replay, spec) for spec in manifest.patches if spec.decision is Decision.SKIP]
    _log_times(times)
    return PlanResult(
        manifest_path=str(manifest_path),
        repository=str(Path(repo.workdir).resolve()),
        patchset=manifest.patchset,
        fork=manifest.fork,
        fork_commit=str(fork.id),
        upstream=manifest.upstream,
        upstream_tip=str(tip.id),
        fork_point=str(fork_point.id),
        patches=tuple(planned),
        warnings=_warnings(manifest, planned),
        blockers=_blockers(repo, manifest, fork, planned),
    )


def _load(manifest_path: Path, repo_path: Path) -> tuple[Manifest, pygit2.Repository]:
    """Load the manifest through the repository's cache, and open the repository.

    When the repository cannot be opened, the manifest is loaded without the
    cache first, so that its problems are reported before the repository's.
    """
    try:
        repo = open_repository(repo_path)
    except RepositoryError:
        load_manifest(manifest_path)
        raise
    return load_manifest_stored(manifest_path, cache_root(repo)), repo


def _blockers(
    repo: pygit2.Repository, manifest: Manifest, fork: pygit2.Commit, planned: list[PlannedPatch]
) -> tuple[str, ...]:
    """Return why `apply` would refuse to start, as plan cannot tell from the picks alone.

    The messages are apply's own (see `startchecks.py`).
    """
    found = [str(problem) for problem in repository_problems(repo, manifest)]
    try:
        check_maven_project(manifest, fork, f"the fork branch '{manifest.fork}'")
    except ManifestError as error:
        found.append(str(error))
    # apply resolves every patch, `skip` ones included, before its first pick, so
    # a patch whose commit is not found or is rejected stops it at the start.
    found += [patch.outcome.notes[0] for patch in planned if patch.outcome.upstream_commit is None and patch.outcome.notes]
    return tuple(found)


def _log_times(times: StepTimes) -> None:
    spent = ", ".join(f"{name} {seconds * 1000:.1f} ms" for name, seconds in times.seconds.items())
    log.debug("plan steps: %s", spent, extra={"plan_seconds": dict(times.seconds)})


def _start(
    repo: pygit2.Repository, manifest: Manifest, fork: pygit2.Commit, tip: pygit2.Commit, fork_point: pygit2.Commit,
    times: StepTimes, cache: Path,
) -> _Replay:
    upstream = upstream_range(repo, tip, fork_point)
    context = PickContext(repo, fork_point, manifest.rules, manifest.fork, manifest_map=manifest.path_map,
                          merges=MergeStore(cache), diffs=diff_cache(cache))
    present = PresentIndex.of_fork(repo, fork, fork_point, patch_id_cache(cache))
    store = ResolutionStore(Path(manifest.resolutions_dir)) if manifest.resolutions_dir else None
    resolved = _resolve_all(repo, manifest, upstream)
    replay = _Replay(repo, manifest, upstream, context, present, store, resolved, {}, fork, [], times, blame_cache(cache))
    apply_commits = {
        spec.id: found for spec in manifest.apply_order() if isinstance(found := resolved[spec.id], pygit2.Commit)
    }
    replay.reverts = find_reverts(repo, tip, apply_commits, manifest)
    return replay


def _resolve_all(repo: pygit2.Repository, manifest: Manifest, upstream: UpstreamRange) -> _Resolved:
    """Resolve every patch once, so that no step scans the upstream range for the same patch again."""
    resolved: _Resolved = {}
    applied = {spec.id for spec in manifest.apply_order()}
    for spec in manifest.patches:
        try:
            commit = resolve_patch(repo, manifest, spec, upstream)
        except PatchResolutionError as error:
            resolved[spec.id] = error
            continue
        # apply checks the trees of the commits it picks only.
        unsafe = unsafe_commit_error(repo, manifest, spec, commit) if spec.id in applied else None
        resolved[spec.id] = unsafe or commit
    return resolved


def _resolve(replay: _Replay, spec: PatchSpec) -> pygit2.Commit:
    """Return the patch's upstream commit; raise the PatchResolutionError its resolution met."""
    found = replay.resolved[spec.id]
    if isinstance(found, PatchResolutionError):
        raise found
    return found


def _plan_patch(replay: _Replay, spec: PatchSpec) -> PlannedPatch:
    after_conflict = bool(replay.blocked_by)
    try:
        upstream = _resolve(replay, spec)
    except PatchResolutionError as error:
        outcome = replace(base_outcome(spec, None, PatchStatus.PENDING), notes=(str(error),))
        forecast = Forecast.REJECTED if isinstance(error, UnsafeCommitError) else Forecast.NOT_FOUND
        return PlannedPatch(outcome, forecast, after_conflict)
    planned = _replay_pick(replay, spec, upstream)
    revert = replay.reverts.get(spec.id)
    outcome = replace(planned.outcome, reverted_by=revert)
    if after_conflict:
        note = f"forecast on top of the last clean result, without {', '.join(replay.blocked_by)}"
        outcome = replace(outcome, notes=outcome.notes + (note,))
    if planned.forecast is Forecast.CONFLICT:
        replay.blocked_by.append(spec.label)
    expectations = check_expectations(spec, outcome.conflicts)
    return replace(planned, outcome=outcome, after_conflict=after_conflict, expectations=expectations)


def _replay_pick(replay: _Replay, spec: PatchSpec, upstream: pygit2.Commit) -> PlannedPatch:
    """Pick one patch the way the sequencer does, moving the replay's tip on success."""
    with replay.times.step("picks"):
        step = pick_step(replay.context, replay.store, replay.present, spec, upstream, replay.tip)
    if step.settled is not None:
        resolved = step.settled.status is PatchStatus.RESOLVED
        return PlannedPatch(step.settled, Forecast.RESOLVED if resolved else Forecast.ALREADY_PRESENT)
    assert step.result is not None
    if step.tree is None:
        return _with_provenance(replay, spec, step.result, PatchStatus.CONFLICT, Forecast.CONFLICT, step.notes)

    replay.tip = _commit(replay.repo, upstream, step.tree, replay.tip)
    status = status_of(step.result)
    forecast = Forecast.RESOLVED if status is PatchStatus.RESOLVED else Forecast.CLEAN
    return _with_provenance(replay, spec, step.result, status, forecast, step.notes)


def _with_provenance(
    replay: _Replay, spec: PatchSpec, result: PickResult, status: PatchStatus, forecast: Forecast,
    notes: tuple[str, ...],
) -> PlannedPatch:
    """Plan a pick, with the upstream commits behind each conflict left for a human or settled by a record."""
    outcome = pick_outcome(spec, result, status, None)
    with replay.times.step("provenance"):
        outcome, explanations = add_provenance(
            replay.repo, replay.upstream, replay.manifest, spec.label, result, outcome, replay.blames
        )
    return PlannedPatch(replace(outcome, notes=outcome.notes + notes), forecast, explanations=explanations)


def _commit(repo: pygit2.Repository, upstream: pygit2.Commit, tree: pygit2.Oid, parent: pygit2.Commit) -> pygit2.Commit:
    """Write the replayed pick as a commit of the scratch repository, so the next pick builds on it."""
    committer = pygit2.Signature(*_REPLAY_SIGNATURE, upstream.commit_time, upstream.commit_time_offset)
    oid = repo.create_commit(None, upstream.author, committer, upstream.message, tree, [parent.id])
    return repo[oid].peel(pygit2.Commit)


def _skipped(replay: _Replay, spec: PatchSpec) -> PlannedPatch:
    try:
        upstream = _resolve(replay, spec)
    except PatchResolutionError as error:
        outcome = replace(base_outcome(spec, None, PatchStatus.SKIPPED), notes=(str(error),))
        return PlannedPatch(outcome, Forecast.SKIPPED)
    return PlannedPatch(base_outcome(spec, upstream, PatchStatus.SKIPPED), Forecast.SKIPPED)


def _warnings(manifest: Manifest, planned: list[PlannedPatch]) -> tuple[str, ...]:
    """Return a warning per applied patch that upstream reverted, unless the manifest acknowledges it.

    A patch whose commit is not found is not warned about here: it stops apply at
    the start, so it is among the blockers.
    """
    labels = {spec.id: spec.label for spec in manifest.patches}
    warnings = []
    for patch in planned:
        revert = patch.outcome.reverted_by
        if revert is not None and not revert.acknowledged:
            warnings.append(revert_warning(labels[patch.outcome.id], revert))
    return tuple(warnings)
