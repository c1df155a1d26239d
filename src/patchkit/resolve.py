"""Finding the upstream commits a manifest names, by PR number or by commit id."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pygit2
from pygit2.enums import SortMode

from patchkit.errors import PatchResolutionError
from patchkit.model import Manifest, PatchSpec

# Upstream squash-merges end the subject with the pull request number: "Fix stuck tasks (#17431)".
_PR_SUFFIX = re.compile(r"\(#(\d+)\)\s*$")


def subject_of(commit: pygit2.Commit) -> str:
    return commit.message.split("\n", 1)[0].strip()


def pr_number(commit: pygit2.Commit) -> int | None:
    """Return the PR number at the end of the commit's subject, if any."""
    match = _PR_SUFFIX.search(subject_of(commit))
    return int(match.group(1)) if match else None


@dataclass(frozen=True)
class UpstreamRange:
    """The upstream commits after the fork point, oldest first."""

    fork_point: str
    tip: str
    commits: tuple[pygit2.Commit, ...]

    def by_pr(self, number: int) -> list[pygit2.Commit]:
        return [c for c in self.commits if pr_number(c) == number]

    def position(self, oid: str) -> int | None:
        for index, commit in enumerate(self.commits):
            if str(commit.id) == oid:
                return index
        return None


def upstream_range(repo: pygit2.Repository, tip: pygit2.Commit, fork_point: pygit2.Commit) -> UpstreamRange:
    walker = repo.walk(tip.id, SortMode.TOPOLOGICAL | SortMode.REVERSE)
    walker.hide(fork_point.id)
    return UpstreamRange(str(fork_point.id), str(tip.id), tuple(walker))


def _describe(commit: pygit2.Commit) -> str:
    return f"{str(commit.id)[:10]} '{subject_of(commit)}'"


def _where(manifest: Manifest, spec: PatchSpec) -> str:
    return f"{manifest.path}:{spec.line} patch '{spec.id}'"


def _by_commit(repo: pygit2.Repository, manifest: Manifest, spec: PatchSpec) -> pygit2.Commit:
    assert spec.commit is not None
    try:
        found = repo.revparse_single(spec.commit)
    except pygit2.AmbiguousError:
        raise PatchResolutionError(
            f"{_where(manifest, spec)}: commit {spec.commit} matches several objects. Give a longer commit id."
        ) from None
    except (KeyError, ValueError, pygit2.GitError):
        raise PatchResolutionError(
            f"{_where(manifest, spec)}: commit {spec.commit} was not found. Fetch upstream first, or check the commit id."
        ) from None
    try:
        commit = found.peel(pygit2.Commit)
    except (ValueError, pygit2.GitError):
        raise PatchResolutionError(
            f"{_where(manifest, spec)}: {spec.commit} names a {found.type_str}, not a commit. Check the commit id."
        ) from None
    assert isinstance(commit, pygit2.Commit)
    return commit


def _by_pr(manifest: Manifest, spec: PatchSpec, commits: UpstreamRange) -> pygit2.Commit:
    assert spec.pr is not None
    matches = commits.by_pr(spec.pr)
    if not matches:
        raise PatchResolutionError(
            f"{_where(manifest, spec)}: no commit of {manifest.upstream} after the fork point has a "
            f"subject ending in (#{spec.pr}). Check the PR number, or name the commit with `commit:`."
        )
    if len(matches) > 1:
        listed = "; ".join(_describe(c) for c in matches)
        raise PatchResolutionError(
            f"{_where(manifest, spec)}: PR #{spec.pr} matches {len(matches)} upstream commits: "
            f"{listed}. Name the one to use with `commit:`."
        )
    return matches[0]


def resolve_patch(
    repo: pygit2.Repository, manifest: Manifest, spec: PatchSpec, commits: UpstreamRange
) -> pygit2.Commit:
    """Return the one upstream commit `spec` names; raise PatchResolutionError otherwise."""
    if spec.commit is None:
        found = _by_pr(manifest, spec, commits)
    else:
        found = _by_commit(repo, manifest, spec)
    if spec.commit is not None and spec.pr is not None and pr_number(found) != spec.pr:
        raise PatchResolutionError(
            f"{_where(manifest, spec)}: commit {spec.commit} is {_describe(found)}, which is not "
            f"PR #{spec.pr}. Fix `pr:` or `commit:` so they name the same change."
        )
    if len(found.parents) > 1:
        raise PatchResolutionError(
            f"{_where(manifest, spec)}: {_describe(found)} is a merge commit. "
            "Name the commit the pull request merged instead."
        )
    return found


def resolve_all(
    repo: pygit2.Repository, manifest: Manifest, commits: UpstreamRange
) -> dict[str, pygit2.Commit]:
    """Resolve every patch of the manifest, `skip` entries included, keyed by patch id."""
    return {spec.id: resolve_patch(repo, manifest, spec, commits) for spec in manifest.patches}
