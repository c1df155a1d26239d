"""The refs a manifest names (`upstream`, `fork`, `fork_point`): look them up and check that they fit together."""

from __future__ import annotations

import pygit2

from patchkit.errors import RepositoryError
from patchkit.gitrepo import resolve_commit
from patchkit.manifest.keylines import error_at_key
from patchkit.model import Manifest

_LABELS = {"upstream": "upstream ref", "fork": "fork branch", "fork_point": "fork point"}


def resolve_manifest_ref(repo: pygit2.Repository, manifest: Manifest, key: str) -> pygit2.Commit:
    """Return the commit the manifest's `key` (upstream, fork or fork_point) names.

    Raises ManifestError at the key's line when the name is invalid, not found
    or not a commit.
    """
    try:
        return resolve_commit(repo, str(getattr(manifest, key)), _LABELS[key])
    except RepositoryError as error:
        raise error_at_key(manifest, (key,), str(error)) from None


def fork_point_of(repo: pygit2.Repository, manifest: Manifest, fork: pygit2.Commit, tip: pygit2.Commit) -> pygit2.Commit:
    """Return the manifest's fork point, checked to be in both histories, or else the merge base of `fork` and `tip`."""
    if manifest.fork_point:
        fork_point = resolve_manifest_ref(repo, manifest, "fork_point")
        check_fork_point(repo, manifest, fork_point, fork, tip)
        return fork_point
    return merge_base_of(
        repo, fork, tip, f"{manifest.fork} and {manifest.upstream} share no history. Set `fork_point:` in {manifest.path}."
    )


def merge_base_of(repo: pygit2.Repository, fork: pygit2.Commit, tip: pygit2.Commit, no_history: str) -> pygit2.Commit:
    """Return the merge base of `fork` and `tip`; raise RepositoryError with `no_history` when there is none."""
    base = repo.merge_base(fork.id, tip.id)
    if base is None:
        raise RepositoryError(no_history)
    return repo[base].peel(pygit2.Commit)


def _contains(repo: pygit2.Repository, tip: pygit2.Commit, commit: pygit2.Commit) -> bool:
    return tip.id == commit.id or repo.descendant_of(tip.id, commit.id)


def check_fork_point(
    repo: pygit2.Repository, manifest: Manifest, fork_point: pygit2.Commit, fork: pygit2.Commit, tip: pygit2.Commit,
    *, names: tuple[str, str] | None = None,
) -> None:
    """Raise ManifestError unless `fork_point` is an ancestor of (or equal to) both `fork` and upstream's `tip`.

    `names` are the fork branch's and the upstream ref's names for the message,
    the manifest's by default. A fork point outside upstream's history makes
    the fork's own commits look like upstream's, so a deletion rule takes a file
    the fork edited for one it never changed. One outside the fork's history
    leaves every patch not found.
    """
    fork_name, upstream_name = names or (manifest.fork, manifest.upstream)
    sides = ((f"the fork branch '{fork_name}'", fork), (f"the upstream ref '{upstream_name}'", tip))
    missing = [f"{label} ({str(side.id)[:10]})" for label, side in sides if not _contains(repo, side, fork_point)]
    if not missing:
        return
    problem = (
        f"the fork point '{manifest.fork_point}' ({str(fork_point.id)[:10]}) is not an ancestor of "
        f"{' or of '.join(missing)}, but it must be in the history of both. `git merge-base {fork_name} "
        f"{upstream_name}` prints the commit where they parted. Set `fork_point:` to it, or remove the key "
        "to use that commit."
    )
    raise error_at_key(manifest, ("fork_point",), problem)
