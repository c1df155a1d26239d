"""Interrupt `apply`, `skip` and `continue` at every state save, then check nothing is lost.

The kill points come from the test hook in `patchkit.state.save_state`: the process
signals itself just before or just after its Nth save of the run state. Every save of
each command is listed below, so the points cover each step boundary and, through
`before:N`, the work done inside the step that ends with save N. After each kill:

- `patchkit status` shows the saved phase and the patches still waiting;
- resuming (`continue`, or the interrupted command again when the run had not
  moved past its stop) ends exactly where an uninterrupted run ends;
- `patchkit abort` restores the refs, index bytes and work tree of the start, and
  every object that existed before is still there.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pygit2
import pytest

from tests.safety.conftest import UNTRACKED_NAME, UserFork, copy_manifest
from tests.safety.harness import (
    Ending,
    Snapshot,
    copy_repository,
    ending,
    run_and_kill_after,
    run_patchkit,
    saved_state,
    take_snapshot,
)

CONFLICTED_FILE = (
    "extensions-contrib/kubernetes-overlord-extensions/src/main/java/org/apache/druid/k8s/overlord/"
    "KubernetesWorkItem.java"
)

# How many times each command saves the run state on the sample fork with the druid-30
# manifest. apply: start, after #17431, stopping at #18576, stopped. skip: after the
# stopped patch, after #16711, finishing. continue saves once more, before it moves the
# work branch to the human's commit. `test_kill_points_complete` checks these counts.
SAVES = {"apply": 4, "skip": 3, "continue": 4}
SIGNALS = ("KILL", "INT")
KILL_POINTS = [
    (command, f"{moment}:{number}", kill_signal)
    for command, saves in SAVES.items()
    for number in range(1, saves + 1)
    for moment in ("before", "after")
    for kill_signal in SIGNALS
]
# Kills at a random moment of the run, from a fixed seed so every test run uses the same delays.
RANDOM_DELAYS = [round(random.Random(20261204).uniform(0.05, 1.5), 3) for _ in range(4)]


@dataclass(frozen=True)
class Flow:
    """A command to interrupt, what runs before it, and the ending of an uninterrupted run."""

    command: str
    arguments: tuple[str, ...]
    prepare: Callable[[UserFork], None]
    start: Snapshot


def _apply_arguments(fork: UserFork) -> tuple[str, ...]:
    return ("apply", str(fork.manifest), "--repo", str(fork.path), "--no-build")


def _stop_at_conflict(fork: UserFork) -> None:
    result = run_patchkit(*_apply_arguments(fork))
    assert result.returncode == 1, result.stderr


def _resolve_with_upstream(fork: UserFork) -> None:
    """Take upstream's side of the conflicted file and stage it, as a human might."""
    repo = pygit2.Repository(str(fork.path))
    index = repo.index
    index.read()
    theirs = index.conflicts[CONFLICTED_FILE][2]
    (fork.path / CONFLICTED_FILE).write_bytes(repo[theirs.id].read_raw())
    index.add(CONFLICTED_FILE)
    index.write()


def _prepare(command: str, fork: UserFork) -> tuple[str, ...]:
    """Bring the fork to where `command` can run and return its arguments."""
    if command == "apply":
        return _apply_arguments(fork)
    _stop_at_conflict(fork)
    if command == "continue":
        _resolve_with_upstream(fork)
    return (command, "--repo", str(fork.path))


def _at(fork: UserFork, path: Path) -> UserFork:
    return UserFork(path, fork.manifest, fork.work_branch, fork.fork_commit)


def _with_own_manifest(fork: UserFork, folder: Path) -> UserFork:
    """Return `fork` with a manifest of its own, so resolutions it records reach no other run."""
    return UserFork(fork.path, copy_manifest(folder), fork.work_branch, fork.fork_commit)


def _resume(fork: UserFork, arguments: tuple[str, ...]) -> None:
    """Finish an interrupted command the way a user would."""
    state = saved_state(fork.path)
    if state is None:
        if arguments[0] == "apply":
            result = run_patchkit(*arguments)
            assert result.returncode in (0, 1), result.stderr
        return
    again = arguments if state["phase"] == "stopped" and arguments[0] != "apply" else ("continue", "--repo", str(fork.path))
    result = run_patchkit(*again)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr


def _assert_restored(path: Path, start: Snapshot) -> None:
    now = take_snapshot(path)
    assert now.head == start.head
    assert now.refs == start.refs
    assert now.index == start.index
    assert now.files == start.files
    assert start.objects <= now.objects


def _abort(path: Path) -> None:
    state = saved_state(path)
    result = run_patchkit("abort", "--repo", str(path))
    if state is None:
        assert result.returncode == 2, result.stderr
        assert "nothing to abort" in result.stderr
    else:
        assert result.returncode == 0, result.stderr
    assert saved_state(path) is None


# The ending of each uninterrupted command, computed once: it contains no paths, times or commit ids.
_ENDINGS: dict[str, Ending] = {}


def _uninterrupted(fork: UserFork, command: str, tmp_path: Path) -> Ending:
    if command not in _ENDINGS:
        _ENDINGS[command] = _run_uninterrupted(fork, command, tmp_path)
    return _ENDINGS[command]


def _run_uninterrupted(fork: UserFork, command: str, tmp_path: Path) -> Ending:
    baseline = _with_own_manifest(_at(fork, copy_repository(fork.path, tmp_path / "baseline")), tmp_path / "baseline-manifest")
    arguments = _prepare(command, baseline)
    result = run_patchkit(*arguments)
    assert result.returncode in (0, 1), result.stderr
    return ending(baseline.path, fork.work_branch, fork.fork_commit)


def _assert_status_shows(path: Path) -> None:
    """Check that `patchkit status` shows the saved phase and every patch still waiting."""
    state = saved_state(path)
    result = run_patchkit("status", "--repo", str(path))

    assert result.returncode == 0, result.stderr
    if state is None:
        assert "No patchkit run is in progress" in result.stdout
        return
    assert f": {state['phase']}" in result.stdout
    for patch_id in state["queue"][1 if state["stopped"] else 0:]:
        assert f"waiting  {patch_id}" in result.stdout


def _check_after_kill(fork: UserFork, arguments: tuple[str, ...], start: Snapshot, expected: Ending, tmp_path: Path) -> None:
    _assert_status_shows(fork.path)

    resumed = _at(fork, copy_repository(fork.path, tmp_path / "resumed"))
    _resume(resumed, tuple(a.replace(str(fork.path), str(resumed.path)) for a in arguments))
    assert ending(resumed.path, fork.work_branch, fork.fork_commit) == expected

    _abort(fork.path)
    _assert_restored(fork.path, start)


@pytest.mark.parametrize(("command", "kill_at", "kill_signal"), KILL_POINTS, ids=lambda value: str(value))
def test_interrupt_at_save(user_fork: UserFork, tmp_path: Path, command: str, kill_at: str, kill_signal: str) -> None:
    expected = _uninterrupted(user_fork, command, tmp_path)
    start = take_snapshot(user_fork.path)
    arguments = _prepare(command, user_fork)

    killed = run_patchkit(*arguments, kill_at=kill_at, kill_signal=kill_signal)

    if kill_signal == "KILL":
        assert killed.returncode == -9, killed.stderr
    else:
        assert killed.returncode == 130, killed.stderr
        assert "Traceback" not in killed.stderr
        assert "Interrupted" in killed.stderr
        assert not (user_fork.path / ".git" / "patchkit" / "lock").exists()
    _check_after_kill(user_fork, arguments, start, expected, tmp_path)


def test_interrupt_message_says_next_step(user_fork: UserFork) -> None:
    killed = run_patchkit(*_apply_arguments(user_fork), kill_at="after:2", kill_signal="INT")

    assert killed.returncode == 130
    assert "patchkit continue" in killed.stderr
    assert "patchkit abort" in killed.stderr


@pytest.mark.parametrize("command", sorted(SAVES))
def test_kill_points_complete(user_fork: UserFork, command: str) -> None:
    arguments = _prepare(command, user_fork)

    result = run_patchkit(*arguments, kill_at=f"after:{SAVES[command] + 1}")

    assert result.returncode in (0, 1), result.stderr


@pytest.mark.parametrize("delay", RANDOM_DELAYS)
def test_apply_killed_at_random(user_fork: UserFork, tmp_path: Path, delay: float) -> None:
    expected = _uninterrupted(user_fork, "apply", tmp_path)
    start = take_snapshot(user_fork.path)
    arguments = _apply_arguments(user_fork)

    run_and_kill_after(delay, *arguments)

    _check_after_kill(user_fork, arguments, start, expected, tmp_path)


@pytest.mark.parametrize("delay", RANDOM_DELAYS)
def test_abort_killed_at_random(user_fork: UserFork, delay: float) -> None:
    start = take_snapshot(user_fork.path)
    _stop_at_conflict(user_fork)

    run_and_kill_after(delay / 4, "abort", "--repo", str(user_fork.path))

    if saved_state(user_fork.path) is not None:
        _abort(user_fork.path)
    _assert_restored(user_fork.path, start)


def test_untracked_file_survives(user_fork: UserFork) -> None:
    before = (user_fork.path / UNTRACKED_NAME).read_bytes()
    _stop_at_conflict(user_fork)

    _abort(user_fork.path)

    assert (user_fork.path / UNTRACKED_NAME).read_bytes() == before
