"""The checks `apply` runs before it changes anything, shared with `plan` so both name the same problems.

apply stops at the first problem. plan lists every one, so that a forecast
of a clean run also shows whether apply would start at all.
"""

from __future__ import annotations

from collections.abc import Mapping

import pygit2
from pygit2.enums import FileMode

from patchkit.errors import PatchkitError, PatchResolutionError, RepositoryError, StateError
from patchkit.gitrepo import branch_ref, check_clean, check_no_git_operation, committer_signature, git_dir
from patchkit.model import Manifest, PatchSpec
from patchkit.state import load_state
from patchkit.treecheck import unsafe_paths
from patchkit.treediff import changed_files


def check_no_run(repo: pygit2.Repository) -> None:
    """Raise StateError when a patchkit run is in progress in the repository."""
    existing = load_state(git_dir(repo))
    if existing is not None:
        raise StateError(
            f"A patchkit run of {existing.manifest_path} is already in progress (phase {existing.phase.value}). "
            "See `patchkit status`, then `patchkit continue` or `patchkit abort`."
        )


def check_work_branch_free(repo: pygit2.Repository, manifest: Manifest) -> None:
    """Raise RepositoryError when the manifest's work branch exists already."""
    ref = branch_ref(manifest.work_branch)
    if ref in repo.references:
        raise RepositoryError(
            f"Branch {manifest.work_branch} already exists (at {str(repo.references[ref].target)[:10]}). "
            f"Delete it (`git branch -D {manifest.work_branch}`) or set another `work_branch` in {manifest.path}."
        )


def repository_problems(repo: pygit2.Repository, manifest: Manifest) -> list[PatchkitError]:
    """Return every reason the repository's state keeps apply from starting, in the order apply checks them."""
    problems: list[PatchkitError] = []
    checks = (
        check_no_run, check_no_git_operation, check_clean, committer_signature,
        lambda checked: check_work_branch_free(checked, manifest),
    )
    for check in checks:
        try:
            check(repo)
        except PatchkitError as error:
            problems.append(error)
    return problems


class UnsafeCommitError(PatchResolutionError):
    """A patch's upstream commit cannot be picked: a path git would never write, or a file's content is missing."""


def unsafe_commit_error(
    repo: pygit2.Repository, manifest: Manifest, spec: PatchSpec, commit: pygit2.Commit
) -> UnsafeCommitError | None:
    """Return the error that rejects `commit` before a run starts, or None when it can be picked."""
    where = f"{manifest.path}:{spec.line} patch '{spec.id}': upstream commit {str(commit.id)[:10]}"
    problems = unsafe_paths(commit)
    if problems:
        path, problem = problems[0]
        return UnsafeCommitError(
            f"{where} has the path '{path}', which is {problem}. patchkit rejects the commit: inspect it "
            "with `git fsck` and remove the patch from the manifest."
        )
    missing = _missing_files(repo, commit)
    if missing:
        return UnsafeCommitError(
            f"{where} changes {missing[0]}, whose content the repository lacks, as a partial clone lacks the "
            "files it never fetched. Fetch every object (remove the clone's filter, then `git fetch --refetch`) "
            "or work in a full clone."
        )
    return None


def _missing_files(repo: pygit2.Repository, commit: pygit2.Commit) -> list[str]:
    """Return the paths of the commit's change whose content, before or after, is not in the repository."""
    if len(commit.parents) != 1:
        return []
    before, after = changed_files(commit.parents[0].tree, commit.tree)
    return sorted(
        path for side in (before, after) for path, (oid, mode) in side.items()
        if mode != FileMode.COMMIT and oid not in repo.odb
    )


def check_trees(repo: pygit2.Repository, manifest: Manifest, commits: Mapping[str, pygit2.Commit]) -> None:
    """Raise UnsafeCommitError for the first patch whose commit apply could not pick."""
    for spec in manifest.apply_order():
        error = unsafe_commit_error(repo, manifest, spec, commits[spec.id])
        if error is not None:
            raise error
