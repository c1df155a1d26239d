"""Opening the user's repository and checking it is safe to work on."""

from __future__ import annotations

import difflib
import logging
from pathlib import Path

import pygit2
from pygit2.enums import RepositoryState

from patchkit.errors import RepositoryError

log = logging.getLogger("patchkit.git")

_SHORT_PREFIXES = ("refs/heads/", "refs/remotes/", "refs/tags/")
# How many existing ref names a message about a missing ref lists.
_LISTED_REFS = 5

_OPERATION_NAMES = {
    RepositoryState.MERGE: "a merge",
    RepositoryState.REVERT: "a revert",
    RepositoryState.REVERT_SEQUENCE: "a revert",
    RepositoryState.CHERRYPICK: "a cherry-pick",
    RepositoryState.CHERRYPICK_SEQUENCE: "a cherry-pick",
    RepositoryState.BISECT: "a bisect",
    RepositoryState.REBASE: "a rebase",
    RepositoryState.REBASE_INTERACTIVE: "a rebase",
    RepositoryState.REBASE_MERGE: "a rebase",
    RepositoryState.APPLY_MAILBOX: "git am",
    RepositoryState.APPLY_MAILBOX_OR_REBASE: "git am or a rebase",
}


def open_repository(path: Path) -> pygit2.Repository:
    """Open the non-bare repository at `path` that has at least one commit."""
    if not path.exists():
        raise RepositoryError(f"Repository path {path} does not exist.")
    discovered = pygit2.discover_repository(str(path))
    if discovered is None:
        raise RepositoryError(
            f"{path} is not inside a git repository. Pass --repo with the fork's checkout."
        )
    try:
        repo = pygit2.Repository(discovered)
        repo.head_is_unborn  # noqa: B018 - reading HEAD here turns a corrupt HEAD into a clear error
    except pygit2.GitError as error:
        raise RepositoryError(
            f"The repository at {discovered} cannot be read: {error}. "
            "Check it with `git status` and `git fsck`, repair it, then run patchkit again."
        ) from None
    if repo.is_bare:
        raise RepositoryError(
            f"{discovered} is a bare repository; patchkit needs a checkout with a work tree."
        )
    if repo.head_is_unborn:
        raise RepositoryError(f"The repository at {repo.workdir} has no commits yet.")
    return repo


def git_dir(repo: pygit2.Repository) -> Path:
    return Path(repo.path)


def work_dir(repo: pygit2.Repository) -> Path:
    return Path(repo.workdir)


def check_no_git_operation(repo: pygit2.Repository) -> None:
    """Raise when git has a merge, rebase, cherry-pick or similar in progress."""
    state = RepositoryState(repo.state())
    if state is RepositoryState.NONE:
        return
    name = _OPERATION_NAMES.get(state, "a git operation")
    raise RepositoryError(
        f"The repository at {repo.workdir} is in the middle of {name}. "
        "Finish or abort it with git first (for example `git rebase --abort`), then run patchkit again."
    )


def dirty_paths(repo: pygit2.Repository) -> list[str]:
    """Return tracked paths whose index or work tree content differs from HEAD."""
    try:
        status = repo.status(untracked_files="no")
    except pygit2.GitError as error:
        raise RepositoryError(
            f"Could not read the status of the work tree of {repo.workdir}: {error}. "
            "Check it with `git status`, repair the repository, then run patchkit again."
        ) from None
    return sorted(path for path, flags in status.items() if flags != pygit2.enums.FileStatus.CURRENT)


def check_clean(repo: pygit2.Repository) -> None:
    dirty = dirty_paths(repo)
    if not dirty:
        return
    shown = ", ".join(dirty[:5]) + (f" and {len(dirty) - 5} more" if len(dirty) > 5 else "")
    raise RepositoryError(
        f"The work tree of {repo.workdir} has uncommitted changes ({shown}). "
        "Commit or stash them (`git stash`), then run patchkit again; nothing was changed."
    )


def resolve_commit(repo: pygit2.Repository, spec: str, what: str) -> pygit2.Commit:
    """Resolve a ref name or commit id to a commit, with a message naming `what` on failure."""
    try:
        found = repo.revparse_single(spec)
    except pygit2.InvalidSpecError:
        raise RepositoryError(f"The {what} '{spec}' is not a valid ref name or commit id. {ref_hint(repo, spec)}") from None
    except (KeyError, ValueError, pygit2.GitError):
        raise RepositoryError(f"The {what} '{spec}' was not found in {repo.workdir}. {ref_hint(repo, spec)}") from None
    try:
        commit = found.peel(pygit2.Commit)
    except (ValueError, pygit2.GitError, pygit2.InvalidSpecError):
        kind = f"{found.type_str} ({str(found.id)[:10]})"
        raise RepositoryError(f"The {what} '{spec}' names a {kind}, not a commit. {ref_hint(repo, spec)}") from None
    assert isinstance(commit, pygit2.Commit)
    return commit


def _short_name(ref: str) -> str:
    for prefix in _SHORT_PREFIXES:
        if ref.startswith(prefix):
            return ref[len(prefix):]
    return ref


def ref_hint(repo: pygit2.Repository, name: str) -> str:
    """Suggest refs that exist, for a message about the missing `name`: those most like it, or else the first few."""
    names = sorted({_short_name(ref) for ref in repo.references if ref.startswith(_SHORT_PREFIXES)})
    similar = difflib.get_close_matches(name, names, n=_LISTED_REFS, cutoff=0.6)
    advice = "Check the name with `git branch -a` or `git log`, or fetch it first."
    if similar:
        return f"Similar refs: {', '.join(similar)}. {advice}"
    if not names:
        return advice
    more = f" and {len(names) - _LISTED_REFS} more" if len(names) > _LISTED_REFS else ""
    return f"Refs that exist: {', '.join(names[:_LISTED_REFS])}{more}. {advice}"


def current_head(repo: pygit2.Repository) -> tuple[str | None, str]:
    """Return the checked-out branch's ref name (None when detached) and HEAD's commit id."""
    head_oid = str(repo.head.target)
    if repo.head_is_detached:
        return None, head_oid
    return repo.head.name, head_oid


def committer_signature(repo: pygit2.Repository) -> pygit2.Signature:
    """Return the user's identity from git config, as `git commit` would use it."""
    try:
        return repo.default_signature
    except (KeyError, pygit2.GitError):
        raise RepositoryError(
            "git has no identity to record as committer. Set one with "
            "`git config --global user.name 'Your Name'` and "
            "`git config --global user.email you@example.com`, then run patchkit again."
        ) from None


def read_blob(repo: pygit2.Repository, oid: pygit2.Oid | str) -> bytes:
    """Return the content of the blob `oid`."""
    blob = repo[oid]
    if not isinstance(blob, pygit2.Blob):
        raise RepositoryError(f"Object {oid} is a {blob.type_str}, not a file.")
    return blob.data


def branch_ref(name: str) -> str:
    return name if name.startswith("refs/") else f"refs/heads/{name}"
