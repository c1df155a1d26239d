"""Survey of upstream: the commits since the fork point that touch the fork's area.

The paths in question are given as globs, or by default are the files the
fork changed. For each commit that touches them, the survey lists the Java
members it changes and the members the fork changed too. It adds a conflict
forecast from a trial pick onto the fork, whether upstream reverted the commit
later, and whether the fork already has it. Everything runs
on the object database: picks write to a scratch repository.
"""

from __future__ import annotations

import datetime
import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pygit2
from unidiff.patch import Line, PatchSet
from pygit2.enums import DiffFind, SortMode

from patchkit.forkrefs import check_fork_point, merge_base_of, resolve_manifest_ref
from patchkit.gitrepo import open_repository, resolve_commit
from patchkit.javamerge.rules import glob_pattern
from patchkit.model import Manifest, PathMapping, Rename, ResolutionKind, RevertInfo
from patchkit.outcomes import conflict_records
from patchkit.pick import PickContext, pick
from patchkit.treecheck import unsafe_paths
from patchkit.treeedit import TreeEditError
from patchkit.present import PresentIndex
from patchkit.provenance import MemberSpan, member_spans, spec_for_commit
from patchkit.renames import RENAME_LIMIT, detect_renames, folder_moves
from patchkit.resolve import pr_number, subject_of
from patchkit.reverts import revert_commits
from patchkit.scratch import scratch_repository
from patchkit.textcodec import decode_text

log = logging.getLogger("patchkit.survey")


@dataclass(frozen=True)
class SurveyQuestion:
    """The request of one survey: refs as the user named them, and the paths (globs) in question.

    `paths` empty means the files the fork changed between the fork point and its tip.
    """

    fork: str
    upstream: str
    since: str | None = None
    paths: tuple[str, ...] = ()
    manifest: Manifest | None = None


@dataclass(frozen=True)
class TouchedMember:
    """A Java member of a file at the fork's path, named as the merger names conflicts (`Type.method(Param)`).

    `member` None stands for the whole file, where a conflict has no member.
    """

    path: str
    member: str | None


@dataclass(frozen=True)
class SurveyEntry:
    """One upstream commit that touches the paths in question."""

    commit: str
    pr: int | None
    subject: str
    date: str
    author: str
    files: tuple[str, ...]
    members: tuple[TouchedMember, ...]
    fork_overlap: tuple[TouchedMember, ...]
    forecast: str
    conflicts: tuple[TouchedMember, ...] = ()
    renames: tuple[Rename, ...] = ()
    reverted_by: RevertInfo | None = None
    present: str | None = None
    manifest_patch: str | None = None
    reverts: str | None = None


@dataclass(frozen=True)
class SurveyResult:
    fork: str
    fork_commit: str
    upstream: str
    upstream_tip: str
    fork_point: str
    paths: tuple[str, ...]
    commits_walked: int
    entries: tuple[SurveyEntry, ...]


@dataclass
class _PathIndex:
    """Upstream paths to the fork's paths, and the test of whether a path is in question."""

    moves: dict[str, str]
    folders: dict[str, str]
    path_map: tuple[PathMapping, ...]
    globs: list[re.Pattern[str]]
    fork_changed: set[str]
    mapped: dict[str, str] = field(default_factory=dict)

    def fork_path(self, path: str) -> str:
        if path not in self.mapped:
            self.mapped[path] = self._map(path)
        return self.mapped[path]

    def _map(self, path: str) -> str:
        # NOTE: renames the fork made itself are not followed, so a file the fork moved
        # is matched only under its path at the fork point.
        for mapping in self.path_map:
            if path.startswith(mapping.upstream):
                return mapping.fork + path[len(mapping.upstream):]
        if path in self.moves:
            return self.moves[path]
        for new_prefix, old_prefix in self.folders.items():
            if path.startswith(new_prefix):
                return old_prefix + path[len(new_prefix):]
        return path

    def in_question(self, path: str) -> bool:
        mapped = self.fork_path(path)
        if not self.globs:
            return mapped in self.fork_changed
        return any(pattern.match(candidate) for pattern in self.globs for candidate in (path, mapped))


# The id a diff gives the missing side of an added or deleted file.
_NO_BLOB = pygit2.Oid(raw=bytes(20))


class _MemberCache:
    """Member spans of Java blobs, parsed once per blob id."""

    def __init__(self, repo: pygit2.Repository) -> None:
        self.repo = repo
        self.spans: dict[pygit2.Oid, tuple[MemberSpan, ...]] = {}

    def of(self, blob_id: pygit2.Oid) -> tuple[MemberSpan, ...]:
        if blob_id not in self.spans:
            blob = self.repo.get(blob_id)
            text = decode_text(blob.data) if isinstance(blob, pygit2.Blob) else None
            self.spans[blob_id] = member_spans(text) if text else ()
        return self.spans[blob_id]


def innermost(spans: Iterable[MemberSpan], line: int) -> str | None:
    """Return the name of the smallest member span that contains `line`, or None outside every member.

    Types with member spans of their own are skipped, so a line between members
    (such as a type's closing brace) belongs to no member.
    """
    best: MemberSpan | None = None
    for span in spans:
        if not span.container and span.first <= line <= span.last and (best is None or span.last - span.first < best.last - best.first):
            best = span
    return best.name if best is not None else None


def changed_members(cache: _MemberCache, patch: pygit2.Patch) -> list[str]:
    """Return the members whose lines a file's patch removes or adds, in order of first change."""
    delta = patch.delta
    if not (delta.old_file.path.endswith(".java") or delta.new_file.path.endswith(".java")):
        return []
    old_spans = cache.of(delta.old_file.id) if delta.old_file.id != _NO_BLOB else ()
    new_spans = cache.of(delta.new_file.id) if delta.new_file.id != _NO_BLOB else ()
    found: list[str] = []
    for patched in PatchSet(patch.text or ""):
        for hunk in patched:
            for line in hunk:
                name = _line_member(line, old_spans, new_spans)
                if name is not None and name not in found:
                    found.append(name)
    return found


def _line_member(line: Line, old: Sequence[MemberSpan], new: Sequence[MemberSpan]) -> str | None:
    if line.is_removed and line.source_line_no is not None:
        return innermost(old, line.source_line_no)
    if line.is_added and line.target_line_no is not None:
        return innermost(new, line.target_line_no)
    return None


@dataclass
class _Survey:
    """The repositories and indexes one survey works with."""

    repo: pygit2.Repository
    fork: pygit2.Commit
    fork_point: pygit2.Commit
    paths: _PathIndex
    members: _MemberCache
    fork_members: set[TouchedMember]
    context: PickContext
    present: PresentIndex
    manifest: Manifest | None


def _fork_point(repo: pygit2.Repository, question: SurveyQuestion, fork: pygit2.Commit, tip: pygit2.Commit) -> pygit2.Commit:
    if question.since:
        return resolve_commit(repo, question.since, "fork point (--since)")
    if question.manifest is not None and question.manifest.fork_point:
        fork_point = resolve_manifest_ref(repo, question.manifest, "fork_point")
        check_fork_point(repo, question.manifest, fork_point, fork, tip, names=(question.fork, question.upstream))
        return fork_point
    return merge_base_of(
        repo, fork, tip, f"{question.fork} and {question.upstream} share no history. Name the fork point with --since."
    )


def _patch(diff: pygit2.Diff, index: int) -> pygit2.Patch:
    patch = diff[index]
    assert patch is not None, "libgit2 returns a patch for every delta of a tree diff"
    return patch


def _paths_of(diff: pygit2.Diff) -> Iterator[tuple[int, list[str]]]:
    for index, delta in enumerate(diff.deltas):
        yield index, sorted({delta.old_file.path, delta.new_file.path})


def _fork_changes(survey: _Survey) -> tuple[set[str], set[TouchedMember]]:
    """Return the files the fork changed since the fork point and the members it changed in them."""
    diff = survey.fork_point.tree.diff_to_tree(survey.fork.tree)
    files: set[str] = set()
    members: set[TouchedMember] = set()
    for index, paths in _paths_of(diff):
        files.update(paths)
        patch = _patch(diff, index)
        members.update(TouchedMember(patch.delta.new_file.path, name) for name in changed_members(survey.members, patch))
    return files, members


def _path_index(repo: pygit2.Repository, question: SurveyQuestion, fork_point: pygit2.Commit, tip: pygit2.Commit) -> _PathIndex:
    """Map upstream's paths at its tip back to the fork point's, through the renames upstream made."""
    moves = detect_renames(repo, fork_point.tree, tip.tree)
    path_map = question.manifest.path_map if question.manifest else ()
    globs = [glob_pattern(glob) for glob in question.paths]
    log.debug("survey maps %d renamed upstream files (rename limit %d)", len(moves), RENAME_LIMIT)
    return _PathIndex(moves, folder_moves(moves), path_map, globs, set())


def survey(repo_path: Path, question: SurveyQuestion) -> SurveyResult:
    """List the upstream commits since the fork point that touch the paths in question."""
    repo = open_repository(repo_path)
    fork = resolve_commit(repo, question.fork, "fork branch (--fork)")
    tip = resolve_commit(repo, question.upstream, "upstream ref (--upstream)")
    fork_point = _fork_point(repo, question, fork, tip)
    with scratch_repository(repo) as scratch:
        # The trial picks write objects, so they run on commits looked up in the scratch repository.
        sides = [scratch[commit.id].peel(pygit2.Commit) for commit in (fork, tip, fork_point)]
        state = _start(scratch, question, sides[0], sides[1], sides[2])
        candidates, walked = _candidates(state, sides[1])
        reverts = revert_commits(scratch, sides[1], {str(c.commit.id): c.commit for c in candidates})
        reverted = {str(revert.id): target for target, revert in reverts.items()}
        entries = tuple(
            replace(_entry(state, candidate, reverts.get(str(candidate.commit.id))),
                    reverts=reverted.get(str(candidate.commit.id)))
            for candidate in candidates
        )
    log.info("surveyed %d upstream commits, %d touch the paths in question", walked, len(entries))
    return SurveyResult(
        fork=question.fork,
        fork_commit=str(fork.id),
        upstream=question.upstream,
        upstream_tip=str(tip.id),
        fork_point=str(fork_point.id),
        paths=question.paths,
        commits_walked=walked,
        entries=entries,
    )


def _start(
    repo: pygit2.Repository, question: SurveyQuestion, fork: pygit2.Commit, tip: pygit2.Commit,
    fork_point: pygit2.Commit,
) -> _Survey:
    manifest = question.manifest
    rules = manifest.rules if manifest else ()
    context = PickContext(repo, fork_point, rules, question.fork, manifest_map=manifest.path_map if manifest else ())
    state = _Survey(
        repo, fork, fork_point, _path_index(repo, question, fork_point, tip), _MemberCache(repo), set(), context,
        PresentIndex.of_fork(repo, fork, fork_point), manifest,
    )
    state.paths.fork_changed, state.fork_members = _fork_changes(state)
    return state


@dataclass(frozen=True)
class _Candidate:
    """An upstream commit that touches the paths in question, with its diff and the deltas in question."""

    commit: pygit2.Commit
    diff: pygit2.Diff
    deltas: tuple[int, ...]


def _candidates(state: _Survey, tip: pygit2.Commit) -> tuple[list[_Candidate], int]:
    """Walk upstream oldest first; return the non-merge commits that touch the paths, and the count walked."""
    walker = state.repo.walk(tip.id, SortMode.TOPOLOGICAL | SortMode.REVERSE)
    walker.hide(state.fork_point.id)
    found: list[_Candidate] = []
    walked = 0
    for commit in walker:
        walked += 1
        if len(commit.parents) != 1:
            continue
        diff = commit.parents[0].tree.diff_to_tree(commit.tree)
        if not _deltas_in_question(state, diff):
            continue
        # Pair renames only for commits in question: a moved file then shows its real changes, if any.
        diff.find_similar(flags=DiffFind.FIND_RENAMES, rename_limit=RENAME_LIMIT)
        found.append(_Candidate(commit, diff, _deltas_in_question(state, diff)))
    return found, walked


def _deltas_in_question(state: _Survey, diff: pygit2.Diff) -> tuple[int, ...]:
    return tuple(index for index, paths in _paths_of(diff) if any(state.paths.in_question(p) for p in paths))


def _entry(state: _Survey, candidate: _Candidate, revert: pygit2.Commit | None) -> SurveyEntry:
    commit = candidate.commit
    members: list[TouchedMember] = []
    files: list[str] = []
    for index in candidate.deltas:
        patch = _patch(candidate.diff, index)
        fork_path = state.paths.fork_path(patch.delta.new_file.path)
        files.append(fork_path)
        members.extend(TouchedMember(fork_path, name) for name in changed_members(state.members, patch))
    forecast, conflicts, renames, present = _forecast(state, commit)
    return SurveyEntry(
        commit=str(commit.id),
        pr=pr_number(commit),
        subject=subject_of(commit),
        date=_date(commit),
        author=f"{commit.author.name} <{commit.author.email}>",
        files=tuple(dict.fromkeys(files)),
        members=tuple(dict.fromkeys(members)),
        fork_overlap=tuple(m for m in dict.fromkeys(members) if m in state.fork_members),
        forecast=forecast,
        conflicts=conflicts,
        renames=renames,
        reverted_by=_revert_info(revert),
        present=present,
        manifest_patch=_listed(state, commit),
    )


def _forecast(
    state: _Survey, commit: pygit2.Commit
) -> tuple[str, tuple[TouchedMember, ...], tuple[Rename, ...], str | None]:
    """Return the forecast of picking `commit` alone onto the fork, with the sites left for a human."""
    present = state.present.reason_present(state.repo, commit)
    if present is not None:
        return "already-present", (), (), present
    problems = unsafe_paths(commit)
    if problems:
        path, problem = problems[0]
        return f"rejected: its path '{path}' is {problem}", (), (), None
    try:
        result = pick(state.context, commit, state.fork)
    except TreeEditError as error:
        return f"rejected: {error}", (), (), None
    renames = tuple(result.renames)
    if result.unresolved:
        sites = tuple(TouchedMember(r.path, r.member) for r in conflict_records(result)
                      if r.resolution is ResolutionKind.UNRESOLVED)
        return "conflict", sites, renames, None
    if result.merged_tree(state.repo) == state.fork.tree.id:
        return "already-present", (), renames, "the pick changes nothing: the fork already has this change"
    return ("resolved" if result.conflicts else "clean"), (), renames, None


def _date(commit: pygit2.Commit) -> str:
    zone = datetime.timezone(datetime.timedelta(minutes=commit.commit_time_offset))
    return datetime.datetime.fromtimestamp(commit.commit_time, zone).isoformat()


def _revert_info(revert: pygit2.Commit | None) -> RevertInfo | None:
    if revert is None:
        return None
    return RevertInfo(commit=str(revert.id), subject=subject_of(revert), pr=pr_number(revert))


def _listed(state: _Survey, commit: pygit2.Commit) -> str | None:
    """Return the id of the manifest patch that names `commit`, when a manifest was given."""
    if state.manifest is None:
        return None
    spec = spec_for_commit(state.manifest, commit)
    return spec.id if spec is not None else None
