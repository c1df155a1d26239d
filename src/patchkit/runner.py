"""The commands of a run: apply, continue, skip, abort and status.

Each command checks its preconditions before it changes anything, holds the
repository lock while it works, and returns a RunResult for the CLI to show.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import cattrs
import pygit2

from patchkit import workspace
from patchkit.build import BuildProgress, run_build
from patchkit.build.project import check_maven_project
from patchkit.errors import (
    EXIT_BUILD_FAILED,
    EXIT_OK,
    EXIT_STOPPED,
    StateError,
)
from patchkit.gitrepo import (
    current_head,
    git_dir,
    open_repository,
)
from patchkit.expectations import expectation_warnings
# Re-exported because plan imports fork_point_of from this module.
from patchkit.forkrefs import fork_point_of as fork_point_of
from patchkit.forkrefs import resolve_manifest_ref
from patchkit.manifest import load_manifest
from patchkit.model import (
    BuildOutcome,
    BuildStatus,
    Decision,
    Manifest,
    PatchOutcome,
    PatchStatus,
    RunRecord,
    RunStatus,
)
from patchkit.outcomes import base_outcome
from patchkit.pick import PickContext
from patchkit.present import PresentIndex
from patchkit.records import read_record, record_to_json
from patchkit.report import compute_impact, write_reports
from patchkit.resolutions.store import ResolutionStore
from patchkit.resolve import resolve_all, upstream_range
from patchkit.reverts import find_reverts, revert_warning
from patchkit.sequencer import (
    Session,
    UnresolvedConflicts,
    commit_human_resolution,
    drop_stopped,
    run_queue,
    stop_for_human,
)
from patchkit.startchecks import check_trees, repository_problems
from patchkit.state import (
    Phase,
    RunState,
    atomic_write,
    clear_state,
    last_run_path,
    load_state,
    patchkit_dir,
    repository_lock,
    save_state,
)

log = logging.getLogger("patchkit.runner")

ProgressCallback = Callable[[BuildProgress], None]


@dataclass(frozen=True)
class RunResult:
    """The outcome of a command: the run record, the exit code and the next step for the user."""

    record: RunRecord | None
    exit_code: int
    message: str
    report_paths: tuple[str, str] | None = None


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


def _session(repo: pygit2.Repository, manifest: Manifest, state: RunState) -> Session:
    commits = {pid: _commit(repo, oid) for pid, oid in state.upstream_commits.items()}
    fork_point = _commit(repo, state.fork_point)
    tip = _commit(repo, state.upstream_tip)
    context = PickContext(repo, fork_point, manifest.rules, manifest.fork, manifest_map=manifest.path_map)
    present = PresentIndex.of_fork(repo, _commit(repo, state.tip), fork_point)
    reverts = find_reverts(repo, tip, commits, manifest)
    store = ResolutionStore(Path(manifest.resolutions_dir)) if manifest.resolutions_dir else None
    return Session(repo, manifest, commits, context, present, upstream_range(repo, tip, fork_point), reverts, store)


def _commit(repo: pygit2.Repository, oid: str) -> pygit2.Commit:
    """Look up a commit the saved run state names."""
    try:
        return repo[oid].peel(pygit2.Commit)
    except (KeyError, ValueError, pygit2.GitError):
        raise StateError(
            f"The saved run names commit {oid}, which is not in {repo.workdir}. "
            "Run `patchkit abort` to restore the repository and start again."
        ) from None


def revert_warnings(session: Session) -> tuple[str, ...]:
    """Return a warning per applied patch that upstream reverted, unless the manifest acknowledges it."""
    warnings = []
    for spec in session.manifest.apply_order():
        revert = session.reverts.get(spec.id)
        if revert is not None and not revert.acknowledged:
            warnings.append(revert_warning(spec.label, revert))
    return tuple(warnings)


def _new_state(repo: pygit2.Repository, manifest: Manifest, options: dict[str, bool]) -> RunState:
    fork = resolve_manifest_ref(repo, manifest, "fork")
    if not options.get("no_build", False):
        check_maven_project(manifest, fork, f"the fork branch '{manifest.fork}'")
    tip = resolve_manifest_ref(repo, manifest, "upstream")
    fork_point = fork_point_of(repo, manifest, fork, tip)
    commits = resolve_all(repo, manifest, upstream_range(repo, tip, fork_point))
    check_trees(repo, manifest, commits)
    head_ref, head = current_head(repo)
    return RunState(
        manifest_path=str(Path(manifest.path).resolve()),
        repository=str(Path(repo.workdir).resolve()),
        started_at=_now(),
        original_head_ref=head_ref,
        original_head=head,
        fork_commit=str(fork.id),
        fork_point=str(fork_point.id),
        upstream_tip=str(tip.id),
        work_branch=manifest.work_branch,
        tip=str(fork.id),
        queue=tuple(spec.id for spec in manifest.apply_order()),
        upstream_commits={pid: str(commit.id) for pid, commit in commits.items()},
        outcomes=(),
        phase=Phase.PICKING,
        index_backup=workspace.backup_index(repo),
        head_log_size=workspace.head_log_size(repo),
        no_build=options.get("no_build", False),
        keep_worktree=options.get("keep_worktree", False),
    )


def apply(
    manifest_path: Path,
    repo_path: Path,
    *,
    no_build: bool = False,
    keep_worktree: bool = False,
    progress: ProgressCallback | None = None,
) -> RunResult:
    """Run the manifest's refresh from the start."""
    manifest = load_manifest(manifest_path)
    repo = open_repository(repo_path)
    problems = repository_problems(repo, manifest)
    if problems:
        raise problems[0]
    with repository_lock(git_dir(repo)):
        state = _new_state(repo, manifest, {"no_build": no_build, "keep_worktree": keep_worktree})
        session = _session(repo, manifest, state)
        for warning in revert_warnings(session):
            log.warning("%s", warning)
        save_state(git_dir(repo), state)
        return _drive(session, state, progress)


def _drive(session: Session, state: RunState, progress: ProgressCallback | None) -> RunResult:
    state, stopped = run_queue(session, state)
    if stopped is not None:
        return _stopped_result(session, state)
    return _finish(session, state, progress)


def _stopped_result(session: Session, state: RunState) -> RunResult:
    assert state.stopped is not None
    record = make_record(session, state, RunStatus.STOPPED, BuildOutcome(BuildStatus.NOT_RUN, reason="the run stopped for a human"))
    paths = _write_reports(session, record)
    return RunResult(record, EXIT_STOPPED, stop_message(state), paths)


def stop_message(state: RunState) -> str:
    assert state.stopped is not None
    stopped = state.stopped
    left = [c for c in stopped.conflicts if c.resolution.value == "unresolved"]
    files = sorted({c.path for c in left})
    members = sorted({c.member for c in left if c.member})
    label = f"#{stopped.pr}" if stopped.pr is not None else stopped.id
    detail = ", ".join(files) + (f" in {', '.join(members)}" if members else "")
    reasons = sorted({c.reason.rstrip(".") for c in left if c.reason})
    why = f" Why: {'; '.join(reasons)}." if reasons else ""
    return (
        f"Stopped at {label} ({stopped.id}): conflicts left for a human in {detail}.{why} "
        f"Branch {state.work_branch} is checked out with the conflict markers. Resolve them, "
        "`git add` the files, then run `patchkit continue`; `patchkit skip` drops this patch; "
        "`patchkit abort` restores everything as it was."
    )


def _finish(session: Session, state: RunState, progress: ProgressCallback | None) -> RunResult:
    repo = session.repo
    state = replace(state, phase=Phase.FINISHING)
    save_state(session.git_dir, state)
    if workspace.is_work_branch_checked_out(repo, state.work_branch):
        head = str(repo.head.target)
        if head != state.tip:
            workspace.advance_checkout(repo, state.work_branch, head, state.tip)
    else:
        workspace.move_branch(repo, state.work_branch, state.tip, None)
    build = _build(session, state, progress)
    status = RunStatus.DONE if build.status in (BuildStatus.PASSED, BuildStatus.SKIPPED) else RunStatus.BUILD_FAILED
    record = make_record(session, state, status, build)
    paths = _write_reports(session, record)
    clear_state(session.git_dir)
    code = EXIT_OK if status is RunStatus.DONE else EXIT_BUILD_FAILED
    return RunResult(record, code, _finish_message(state, build), paths)


def _finish_message(state: RunState, build: BuildOutcome) -> str:
    where = f"Branch {state.work_branch} is at {state.tip[:10]}"
    if build.status is BuildStatus.PASSED:
        return f"{where} and ready: the build passed."
    if build.status is BuildStatus.SKIPPED:
        return f"{where}; the build was skipped ({build.reason.rstrip('.')})."
    return (
        f"{where}, but the build {build.status.value.replace('-', ' ')}: {build.reason} "
        f"Fix it on the branch and run `patchkit verify MANIFEST`; the full log is {build.log_path}."
    )


def _changed_paths(state: RunState) -> dict[str, str]:
    changed: dict[str, str] = {}
    for outcome in state.outcomes:
        if outcome.new_commit:
            for path in outcome.files:
                changed[path] = outcome.id
    return changed


def _build(session: Session, state: RunState, progress: ProgressCallback | None) -> BuildOutcome:
    config = session.manifest.build
    if state.no_build or not config.enabled:
        why = "--no-build was given" if state.no_build else "the manifest disables the build"
        return BuildOutcome(BuildStatus.SKIPPED, reason=why)
    log_path = patchkit_dir(session.git_dir) / "logs" / "build.log"
    return run_build(
        session.repo, state.tip, config, changed_paths=_changed_paths(state), log_path=log_path,
        keep_worktree=state.keep_worktree, progress=progress,
    )


def _skipped_outcomes(session: Session) -> tuple[PatchOutcome, ...]:
    return tuple(
        base_outcome(spec, session.commits.get(spec.id), PatchStatus.SKIPPED)
        for spec in session.manifest.patches
        if spec.decision is Decision.SKIP
    )


def _pending_outcomes(session: Session, state: RunState) -> tuple[PatchOutcome, ...]:
    waiting = state.queue[1:] if state.stopped is not None else state.queue
    return tuple(base_outcome(session.spec(pid), session.commits.get(pid), PatchStatus.PENDING) for pid in waiting)


def make_record(session: Session, state: RunState, status: RunStatus, build: BuildOutcome) -> RunRecord:
    stopped = (state.stopped,) if state.stopped is not None else ()
    listed = state.outcomes + stopped + _pending_outcomes(session, state) + _skipped_outcomes(session)
    patches = tuple(replace(outcome, reverted_by=session.reverts.get(outcome.id)) for outcome in listed)
    return RunRecord(
        patchset=session.manifest.patchset,
        manifest_path=session.manifest.path,
        repository=state.repository,
        fork=session.manifest.fork,
        fork_commit=state.fork_commit,
        upstream=session.manifest.upstream,
        work_branch=state.work_branch,
        status=status,
        patches=patches,
        build=build,
        started_at=state.started_at,
        finished_at=_now(),
        final_commit=state.tip,
        impact=compute_impact(session.manifest.components, patches),
        warnings=revert_warnings(session) + state.warnings + expectation_warnings(session.manifest, patches),
    )


def _write_reports(session: Session, record: RunRecord) -> tuple[str, str]:
    directory = patchkit_dir(session.git_dir) / "reports"
    markdown, json_path = write_reports(record, directory)
    atomic_write(last_run_path(session.git_dir), record_to_json(record).encode())
    return str(markdown), str(json_path)


def _load_run(repo_path: Path) -> tuple[pygit2.Repository, RunState, Session]:
    repo = open_repository(repo_path)
    state = load_state(git_dir(repo))
    if state is None:
        raise StateError(
            f"No patchkit run is in progress in {repo.workdir}. Start one with `patchkit apply MANIFEST`."
        )
    manifest = load_manifest(Path(state.manifest_path))
    return repo, state, _session(repo, manifest, state)


def continue_run(repo_path: Path, *, progress: ProgressCallback | None = None) -> RunResult:
    """Resume a stopped or interrupted run."""
    repo, state, session = _load_run(repo_path)
    with repository_lock(git_dir(repo)):
        if state.phase is Phase.STOPPED:
            try:
                state = commit_human_resolution(session, state)
            except UnresolvedConflicts as unresolved:
                return RunResult(None, EXIT_STOPPED, _unresolved_message(unresolved))
        elif state.phase is Phase.STOPPING:
            return _redo_stop(session, state)
        if state.phase is Phase.FINISHING or not state.queue:
            return _finish(session, state, progress)
        return _drive(session, state, progress)


def _redo_stop(session: Session, state: RunState) -> RunResult:
    from patchkit.pick import pick

    upstream = session.commits[state.queue[0]]
    result = pick(session.context, upstream, session.repo[state.tip].peel(pygit2.Commit))
    state = stop_for_human(session, state, result)
    return _stopped_result(session, state)


def _unresolved_message(unresolved: UnresolvedConflicts) -> str:
    paths = ", ".join(unresolved.paths)
    if unresolved.markers:
        return (
            f"These staged files still contain conflict markers (<<<<<<<, =======, >>>>>>>): {paths}. "
            "Finish resolving them, `git add` each file again, then run `patchkit continue`."
        )
    return (
        f"{len(unresolved.paths)} file(s) still have conflicts: {paths}. Resolve the markers, "
        "`git add` each file, then run `patchkit continue` again (or `patchkit skip` / `patchkit abort`)."
    )


def skip_patch(repo_path: Path, *, progress: ProgressCallback | None = None) -> RunResult:
    """Drop the patch the run stopped at and go on with the rest."""
    repo, state, session = _load_run(repo_path)
    if state.phase not in (Phase.STOPPED, Phase.STOPPING) or state.stopped is None:
        raise StateError("The run is not stopped at a patch, so there is nothing to skip. See `patchkit status`.")
    with repository_lock(git_dir(repo)):
        state = drop_stopped(session, state)
        if not state.queue:
            return _finish(session, state, progress)
        return _drive(session, state, progress)


def _edits_outside_run(repo: pygit2.Repository, state: RunState) -> list[str]:
    """Return files changed in the work tree that the stopped patch did not write.

    Only a run stopped for a human can have such edits. In every other phase the
    work tree contains what patchkit itself was writing when it was interrupted.
    """
    if state.phase is not Phase.STOPPED or not workspace.is_work_branch_checked_out(repo, state.work_branch):
        return []
    # Compare with what the run checked out (its tip), not with HEAD, which the user may have moved.
    tip = repo[state.tip].peel(pygit2.Commit).tree
    changed = {delta.new_file.path for delta in tip.diff_to_workdir().deltas}
    stopped = state.stopped
    ours = set(stopped.files) | {conflict.path for conflict in stopped.conflicts} if stopped else set()
    return sorted(changed - ours)


def abort_run(repo_path: Path, *, force: bool = False) -> RunResult:
    """Restore the branch, index and work tree the user had, and forget the run."""
    repo = open_repository(repo_path)
    state = load_state(git_dir(repo))
    if state is None:
        raise StateError(f"No patchkit run is in progress in {repo.workdir}; there is nothing to abort.")
    edited = _edits_outside_run(repo, state)
    if edited and not force:
        raise StateError(
            f"abort would discard changes you made while the run was stopped: {', '.join(edited)}. "
            "Commit or stash them (`git stash`), or run `patchkit abort --force` to discard them."
        )
    with repository_lock(git_dir(repo)):
        workspace.restore(repo, state)
        _mark_last_run_aborted(git_dir(repo), state)
        clear_state(git_dir(repo))
    where = state.original_head_ref or state.original_head[:10]
    return RunResult(None, EXIT_OK, f"Aborted the run of {state.manifest_path}; {where} is checked out as before.")


def _mark_last_run_aborted(directory: Path, state: RunState) -> None:
    """Mark the saved record of this run as aborted, so `patchkit report` does not show it as still stopped."""
    path = last_run_path(directory)
    try:
        record = read_record(path)
    except (OSError, ValueError, cattrs.BaseValidationError):
        return
    if record.started_at != state.started_at:
        return
    aborted = replace(record, status=RunStatus.ABORTED, finished_at=_now())
    atomic_write(path, record_to_json(aborted).encode())


def run_status(repo_path: Path) -> RunState | None:
    """Return the saved state of the run in progress, or None."""
    repo = open_repository(repo_path)
    return load_state(git_dir(repo))
