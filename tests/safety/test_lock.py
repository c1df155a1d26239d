"""Two patchkit processes on one repository: the second is rejected while the first holds the lock."""

from __future__ import annotations

import os
import signal
import subprocess

import pytest

from tests.safety.conftest import UserFork
from tests.safety.harness import PROCESS_TIMEOUT_SECONDS, run_patchkit, saved_state, start_patchkit, take_snapshot

# Where the first process pauses: before its first save for `apply` (no state yet, so the
# second apply gets past its checks), after the stopped state is saved for the others.
PAUSE_POINTS = {"apply": "before:1", "continue": "after:4", "skip": "after:4", "abort": "after:4"}


def _apply_arguments(fork: UserFork) -> tuple[str, ...]:
    return ("apply", str(fork.manifest), "--repo", str(fork.path), "--no-build")


def _paused_apply(fork: UserFork, pause_at: str) -> subprocess.Popen[str]:
    """Start `apply` and wait until the kill hook pauses it (SIGSTOP) with the lock held."""
    first = start_patchkit(*_apply_arguments(fork), kill_at=pause_at, kill_signal="STOP")
    _, status = os.waitpid(first.pid, os.WUNTRACED)
    assert os.WIFSTOPPED(status), status
    return first


def _resume(process: subprocess.Popen[str]) -> int:
    process.send_signal(signal.SIGCONT)
    process.wait(timeout=PROCESS_TIMEOUT_SECONDS)
    return process.returncode


@pytest.mark.parametrize("command", sorted(PAUSE_POINTS))
def test_second_process_rejected(user_fork: UserFork, command: str) -> None:
    first = _paused_apply(user_fork, PAUSE_POINTS[command])
    try:
        before = take_snapshot(user_fork.path)
        arguments = _apply_arguments(user_fork) if command == "apply" else (command, "--repo", str(user_fork.path))

        second = run_patchkit(*arguments)

        assert "Traceback" not in second.stderr
        assert second.returncode == 2, second.stderr
        assert f"Another patchkit process (pid {first.pid})" in second.stderr
        assert take_snapshot(user_fork.path) == before
    finally:
        code = _resume(first)
    assert code == 1
    state = saved_state(user_fork.path)
    assert state is not None
    assert state["phase"] == "stopped"


def test_simultaneous_applies(user_fork: UserFork) -> None:
    processes = [start_patchkit(*_apply_arguments(user_fork)) for _ in range(2)]

    results = []
    for process in processes:
        _, stderr = process.communicate(timeout=PROCESS_TIMEOUT_SECONDS)
        results.append((process.returncode, stderr))

    assert sorted(code for code, _ in results) == [1, 2]
    for _, stderr in results:
        assert "Traceback" not in stderr
    rejected = next(stderr for code, stderr in results if code == 2)
    assert rejected.startswith("error: ")
    state = saved_state(user_fork.path)
    assert state is not None
    assert state["phase"] == "stopped"


def test_empty_lock_file(user_fork: UserFork) -> None:
    lock = user_fork.path / ".git" / "patchkit" / "lock"
    lock.parent.mkdir(parents=True)
    lock.write_text("")

    result = run_patchkit(*_apply_arguments(user_fork))

    assert "Traceback" not in result.stderr
    assert result.returncode == 2, result.stderr
    assert "is taking the lock" in result.stderr
    assert "pid 0" not in result.stderr
