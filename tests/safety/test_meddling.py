"""A user changes the repository while a run is stopped, then runs continue, skip or abort.

Whatever the change, patchkit must return a result or a clear error (never a
traceback), must not move a branch it did not expect to find where it is, and
`abort` must bring back the branch, index and files of the start.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pygit2
import pytest

from patchkit import workspace
from patchkit.errors import RepositoryError
from tests.safety.conftest import UserFork
from tests.safety.harness import run_patchkit, saved_state, take_snapshot

WORK_BRANCH = "refs/heads/refresh/druid-30"


def _stop(fork: UserFork) -> pygit2.Repository:
    result = run_patchkit("apply", str(fork.manifest), "--repo", str(fork.path), "--no-build")
    assert result.returncode == 1, result.stderr
    return pygit2.Repository(str(fork.path))


def _two_commits_on_branch(repo: pygit2.Repository) -> None:
    signature = pygit2.Signature("Release Engineer", "release@example.invalid", 1_700_000_000, 0)
    tip = repo.references[WORK_BRANCH].peel(pygit2.Commit)
    first = repo.create_commit(None, signature, signature, "first\n", tip.tree_id, [tip.id])
    second = repo.create_commit(None, signature, signature, "second\n", tip.tree_id, [first])
    repo.references[WORK_BRANCH].set_target(second)


def _branch_to_fork_point(repo: pygit2.Repository) -> None:
    repo.references[WORK_BRANCH].set_target(repo.revparse_single("druid-30.0.0").peel(pygit2.Commit).id)


def _delete_branch(repo: pygit2.Repository) -> None:
    repo.set_head(repo.head.target)
    repo.references.delete(WORK_BRANCH)


def _checkout_fork(repo: pygit2.Repository) -> None:
    repo.checkout("refs/heads/prod-30", strategy=pygit2.enums.CheckoutStrategy.FORCE)


def _delete_manifest_patch_state(repo: pygit2.Repository) -> None:
    state = Path(repo.path) / "patchkit" / "state.json"
    state.write_text(state.read_text(encoding="utf-8").replace('"idempotent-shutdown"', '"no-such-patch"'), encoding="utf-8")


MEDDLING: dict[str, Callable[[pygit2.Repository], None]] = {
    "two-commits-on-branch": _two_commits_on_branch,
    "branch-moved-back": _branch_to_fork_point,
    "branch-deleted": _delete_branch,
    "fork-checked-out": _checkout_fork,
    "state-names-unknown-patch": _delete_manifest_patch_state,
}


@pytest.mark.parametrize("command", ["continue", "skip"])
@pytest.mark.parametrize("meddle", sorted(MEDDLING))
def test_meddled_stop(user_fork: UserFork, meddle: str, command: str) -> None:
    start = take_snapshot(user_fork.path)
    repo = _stop(user_fork)
    MEDDLING[meddle](repo)
    refs = take_snapshot(user_fork.path).refs

    result = run_patchkit(command, "--repo", str(user_fork.path))

    assert "Traceback" not in result.stderr
    assert result.returncode in (0, 1, 2), result.stderr
    if result.returncode == 2:
        assert take_snapshot(user_fork.path).refs == refs
    if saved_state(user_fork.path) is not None:
        aborted = run_patchkit("abort", "--repo", str(user_fork.path))
        assert "Traceback" not in aborted.stderr
        assert aborted.returncode == 0, aborted.stderr
        restored = take_snapshot(user_fork.path)
        assert restored.head == start.head
        assert restored.index == start.index
        assert restored.files == start.files
        assert start.objects <= restored.objects


def test_move_branch_checks_old_value(tmp_path: Path) -> None:
    repo = pygit2.init_repository(str(tmp_path / "repo"))
    signature = pygit2.Signature("A", "a@example.invalid", 1_700_000_000, 0)
    tree = repo.TreeBuilder().write()
    first = repo.create_commit("refs/heads/work", signature, signature, "one\n", tree, [])
    second = repo.create_commit(None, signature, signature, "two\n", tree, [first])
    third = repo.create_commit(None, signature, signature, "three\n", tree, [second])

    with pytest.raises(RepositoryError) as moved:
        workspace.move_branch(repo, "work", str(third), str(second))
    with pytest.raises(RepositoryError) as exists:
        workspace.move_branch(repo, "work", str(third), None)
    workspace.move_branch(repo, "work", str(second), str(first))

    assert "moved while patchkit was working" in str(moved.value)
    assert "moved while patchkit was working" in str(exists.value)
    assert repo.references["refs/heads/work"].target == second
