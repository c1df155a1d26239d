"""The cherry-pick sequence of a run: pick in priority order, stop for a human, resume.

Each step saves the run state before and after it changes anything, so a killed
process can always `continue` or `abort`.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import pygit2

from patchkit import workspace
from patchkit.errors import RepositoryError, StateError
from patchkit.gitrepo import committer_signature, git_dir, read_blob
from patchkit.model import (
    ConflictRecord,
    Manifest,
    PatchOutcome,
    PatchSpec,
    PatchStatus,
    ResolutionKind,
    RevertInfo,
)
from patchkit.outcomes import base_outcome, pick_outcome, resolution_diff, status_of, unchanged_outcome
from patchkit.pick import PickContext, PickResult, pick
from patchkit.present import PresentIndex
from patchkit.provenance import add_provenance, provenance_sentence
from patchkit.resolutions.picks import record_pick, resolve_from_records
from patchkit.resolutions.store import ResolutionStore
from patchkit.resolve import UpstreamRange
from patchkit.state import Phase, RunState, save_state
from patchkit.textcodec import decode_text

log = logging.getLogger("patchkit.sequencer")


@dataclass
class Session:
    """The repository, manifest and resolved commits one command works with."""

    repo: pygit2.Repository
    manifest: Manifest
    commits: dict[str, pygit2.Commit]
    context: PickContext
    present: PresentIndex
    upstream: UpstreamRange
    reverts: dict[str, RevertInfo] = field(default_factory=dict)
    store: ResolutionStore | None = None

    @property
    def git_dir(self) -> Path:
        return git_dir(self.repo)

    def spec(self, patch_id: str) -> PatchSpec:
        for spec in self.manifest.patches:
            if spec.id == patch_id:
                return spec
        raise StateError(
            f"The run state names patch '{patch_id}', which {self.manifest.path} no longer lists. "
            "Put it back in the manifest, or run `patchkit abort`."
        )


def cherry_pick_message(commit: pygit2.Commit) -> str:
    """Return the upstream message plus the `(cherry picked from commit …)` line of `git cherry-pick -x`."""
    return commit.message.rstrip("\n") + f"\n\n(cherry picked from commit {commit.id})\n"


def commit_pick(session: Session, upstream: pygit2.Commit, tree: pygit2.Oid, parent: str) -> str:
    """Write the pick as a commit with upstream's author and the user as committer; move no ref."""
    oid = session.repo.create_commit(
        None,
        upstream.author,
        committer_signature(session.repo),
        cherry_pick_message(upstream),
        tree,
        [pygit2.Oid(hex=parent)],
    )
    return str(oid)


def pick_reusing_records(
    context: PickContext, store: ResolutionStore | None, upstream: pygit2.Commit, onto: pygit2.Commit
) -> tuple[PickResult, tuple[str, ...]]:
    """Pick `upstream` onto `onto`, then settle what is left from recorded resolutions.

    Returns the pick and a note per record that was found for a conflicted file
    but did not match its conflict, and so was not applied.
    """
    result = pick(context, upstream, onto)
    if not result.unresolved or store is None:
        return result, ()
    notes = tuple(
        f"recorded resolution {record_id} was found for this conflict's member but its sides differ, "
        "so it was not applied"
        for match in resolve_from_records(store, context.repo, result)
        for record_id in match.mismatched
    )
    return result, notes


@dataclass(frozen=True)
class PickStep:
    """One patch picked onto a tip the way a run picks it, up to the commit that the caller writes.

    `settled` is the outcome when there is nothing to commit: the fork already
    has the change, or the pick changes nothing. Otherwise `tree` is the merged
    tree to commit, or None when `result` stops for a human. `notes` are those
    of `pick_reusing_records`.
    """

    settled: PatchOutcome | None = None
    result: PickResult | None = None
    tree: pygit2.Oid | None = None
    notes: tuple[str, ...] = ()


def pick_step(
    context: PickContext,
    store: ResolutionStore | None,
    present: PresentIndex,
    spec: PatchSpec,
    upstream: pygit2.Commit,
    tip: pygit2.Commit,
) -> PickStep:
    """Check whether the fork already has `upstream`, else pick it onto `tip`; commit nothing.

    `apply` and `plan` both pick through here, so that plan forecasts what apply does.
    """
    reason = present.reason_present(context.repo, upstream)
    if reason is not None:
        return PickStep(replace(base_outcome(spec, upstream, PatchStatus.ALREADY_PRESENT), notes=(reason,)))
    result, notes = pick_reusing_records(context, store, upstream, tip)
    if result.unresolved:
        return PickStep(result=result, notes=notes)
    tree = result.merged_tree(context.repo)
    if tree == tip.tree.id:
        return PickStep(unchanged_outcome(spec, result), result)
    return PickStep(result=result, tree=tree, notes=notes)


def _save(session: Session, state: RunState) -> RunState:
    save_state(session.git_dir, state)
    return state


def _advance(session: Session, state: RunState, outcome: PatchOutcome, tip: str | None = None) -> RunState:
    is_new = tip is not None and tip != state.tip and tip not in state.created_commits
    created = state.created_commits + ((tip,) if is_new and tip else ())
    return _save(
        session,
        replace(state, tip=tip or state.tip, queue=state.queue[1:], outcomes=state.outcomes + (outcome,),
                created_commits=created, phase=Phase.PICKING, stopped=None),
    )


def _pick_next(session: Session, state: RunState) -> tuple[RunState, PickResult | None]:
    """Pick the first queued patch; return the pick when it stops for a human."""
    spec = session.spec(state.queue[0])
    upstream = session.commits[spec.id]
    tip = session.repo[state.tip].peel(pygit2.Commit)
    step = pick_step(session.context, session.store, session.present, spec, upstream, tip)
    if step.settled is not None:
        return _advance(session, state, step.settled), None
    assert step.result is not None
    if step.tree is None:
        return replace(state, warnings=state.warnings + step.notes), step.result

    new = commit_pick(session, upstream, step.tree, state.tip)
    status = status_of(step.result)
    log.info("%s %s as %s", spec.label, status.value, new[:10])
    outcome = _with_provenance(session, spec, step.result, pick_outcome(spec, step.result, status, new))
    return _advance(session, state, replace(outcome, notes=outcome.notes + step.notes), new), None


def _with_provenance(session: Session, spec: PatchSpec, result: PickResult, outcome: PatchOutcome) -> PatchOutcome:
    """Add to each conflict left for a human or settled by a record the upstream commits its context comes from.

    The sentence that names them goes at the end of the conflict's reason.
    """
    outcome, _ = add_provenance(session.repo, session.upstream, session.manifest, spec.label, result, outcome)
    records = []
    for record in outcome.conflicts:
        if not record.provenance:
            records.append(record)
            continue
        sentence = provenance_sentence(spec.label, record.member or record.path, record.provenance)
        records.append(replace(record, reason=f"{record.reason}. {sentence}"))
    return replace(outcome, conflicts=tuple(records))


def stop_for_human(session: Session, state: RunState, result: PickResult) -> RunState:
    """Check out the work branch with the conflict and save the stopped state."""
    spec = session.spec(state.queue[0])
    outcome = _with_provenance(session, spec, result, pick_outcome(spec, result, PatchStatus.CONFLICT, None))
    state = _save(session, replace(state, phase=Phase.STOPPING, stopped=outcome))
    workspace.show_conflict(session.repo, state, result)
    return _save(session, replace(state, phase=Phase.STOPPED))


def run_queue(session: Session, state: RunState) -> tuple[RunState, PickResult | None]:
    """Pick queued patches until the queue is empty or one needs a human."""
    while state.queue:
        state, stopped = _pick_next(session, state)
        if stopped is not None:
            return stop_for_human(session, state, stopped), stopped
    return state, None


def _human_records(session: Session, state: RunState, tree: pygit2.Tree) -> tuple[ConflictRecord, ...]:
    """Mark the conflicts the human settled, with a diff of their code against upstream's."""
    assert state.stopped is not None
    upstream = session.commits[state.stopped.id]
    records = []
    for record in state.stopped.conflicts:
        if record.resolution is not ResolutionKind.UNRESOLVED:
            records.append(record)
            continue
        before = _text_at(session.repo, upstream.tree, record.upstream_path or record.path)
        after = _text_at(session.repo, tree, record.path)
        diff, extra = resolution_diff(before, after, record.member, record.path)
        records.append(replace(record, resolution=ResolutionKind.HUMAN, reason="resolved by hand",
                               diff=diff, extra_lines=extra))
    return tuple(records)


def _text_at(repo: pygit2.Repository, tree: pygit2.Tree, path: str) -> str:
    try:
        return decode_text(read_blob(repo, tree[path].id)) or ""
    except KeyError:
        return ""


def _checked_staging(repo: pygit2.Repository, state: RunState) -> pygit2.Index:
    """Return the index once every conflict is resolved and staged on the work branch."""
    index: pygit2.Index = repo.index
    index.read()
    if index.conflicts is not None:
        paths = sorted({side.path for sides in index.conflicts for side in sides if side is not None})
        raise UnresolvedConflicts(paths)
    marked = _staged_with_markers(repo, index, state)
    if marked:
        raise UnresolvedConflicts(marked, markers=True)
    if not workspace.is_work_branch_checked_out(repo, state.work_branch):
        raise RepositoryError(
            f"The stopped run expects branch {state.work_branch} to be checked out. "
            f"Run `git checkout {state.work_branch}` and then `patchkit continue`, or `patchkit abort`."
        )
    return index


def commit_human_resolution(session: Session, state: RunState) -> RunState:
    """Commit what the human staged for the stopped patch and move on to the next one."""
    repo = session.repo
    index = _checked_staging(repo, state)
    assert state.stopped is not None
    upstream = session.commits[state.stopped.id]
    head = str(repo.head.target)
    tree_id = index.write_tree(repo)
    tree = repo[tree_id].peel(pygit2.Tree)

    new: str | None = None
    if head != state.tip:
        new = _adopt_user_commit(session, state, head, upstream)
    elif tree_id != repo[state.tip].peel(pygit2.Commit).tree.id:
        new = commit_pick(session, upstream, tree_id, state.tip)
        # Record the commit before the branch moves, so an abort after a kill here
        # can tell that the branch points at a commit of this run.
        state = _save(session, replace(state, created_commits=state.created_commits + (new,)))
        workspace.move_branch(repo, state.work_branch, new, state.tip)

    recorded = _record_resolution(session, state, upstream, tree)
    stopped = state.stopped
    assert stopped is not None
    # A human who keeps the fork's files as they were has resolved the conflict, not skipped the patch.
    unchanged = () if new is not None else ("resolved by hand to no change, so nothing was committed",)
    outcome = replace(stopped, status=PatchStatus.RESOLVED, new_commit=new,
                      conflicts=_human_records(session, state, tree), notes=stopped.notes + recorded + unchanged)
    return _advance(session, state, outcome, new)


def _record_resolution(session: Session, state: RunState, upstream: pygit2.Commit, tree: pygit2.Tree) -> tuple[str, ...]:
    """Record the human's resolution beside the manifest, so the same conflict is settled next time."""
    if session.store is None:
        return ()
    stopped_pick = pick(session.context, upstream, session.repo[state.tip].peel(pygit2.Commit))
    ids = record_pick(session.store, session.repo, stopped_pick, tree)
    if not ids:
        return ()
    return (f"recorded the resolution as {', '.join(ids)} in {session.store.directory}",)


def _adopt_user_commit(session: Session, state: RunState, head: str, upstream: pygit2.Commit) -> str:
    """Take a commit the human made on the work branch as the stopped patch's pick.

    Its message gets the `(cherry picked from commit …)` line when it lacks it, so
    the fork's history still says where the change came from.
    """
    repo = session.repo
    commit = repo[head].peel(pygit2.Commit)
    if [str(p) for p in commit.parent_ids] != [state.tip]:
        raise RepositoryError(
            f"Branch {state.work_branch} moved to {head[:10]}, which is not a single commit on top of "
            f"{state.tip[:10]}. Reset it with `git reset --soft {state.tip[:10]}` and run "
            "`patchkit continue` again, or `patchkit abort`."
        )
    if str(upstream.id) in commit.message:
        return head
    message = commit.message.rstrip("\n") + f"\n\n(cherry picked from commit {upstream.id})\n"
    new = str(repo.create_commit(None, commit.author, commit.committer, message, commit.tree_id, commit.parent_ids))
    state = _save(session, replace(state, created_commits=state.created_commits + (head, new)))
    workspace.move_branch(repo, state.work_branch, new, head)
    return new


def drop_stopped(session: Session, state: RunState) -> RunState:
    """Skip the stopped patch: throw its conflict away and record it as dropped."""
    assert state.stopped is not None
    workspace.drop_conflict(session.repo, state.tip)
    outcome = replace(state.stopped, status=PatchStatus.DROPPED,
                      notes=state.stopped.notes + ("dropped with `patchkit skip`",))
    return _advance(session, state, outcome)


class UnresolvedConflicts(Exception):
    """The human has not resolved and staged every conflicted file yet.

    `markers` is true when the files are staged but still hold conflict markers.
    """

    def __init__(self, paths: list[str], *, markers: bool = False) -> None:
        self.paths = paths
        self.markers = markers
        super().__init__(", ".join(paths))


_MARKER_LINE = re.compile(rb"^(<{7}|>{7}) ", re.MULTILINE)


def _staged_with_markers(repo: pygit2.Repository, index: pygit2.Index, state: RunState) -> list[str]:
    """Return the stopped patch's conflicted files whose staged text still has conflict markers."""
    assert state.stopped is not None
    paths = sorted({record.path for record in state.stopped.conflicts if record.resolution is ResolutionKind.UNRESOLVED})
    found = []
    for path in paths:
        if path in index and _MARKER_LINE.search(read_blob(repo, index[path].id)):
            found.append(path)
    return found
