"""Run one external command, streaming its output, under a time limit.

Every external process patchkit starts (Maven, today) goes through `run`. The
command runs in a session of its own, so a timeout or Ctrl-C can stop it with
every process it started (Maven's forked test JVMs included) and nothing else.
A process that starts a session of its own escapes that stop. Process groups
and `os.killpg` make this module POSIX-only.
"""

from __future__ import annotations

import collections
import logging
import os
import queue
import shlex
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from patchkit.errors import PatchkitError, ToolMissingError

log = logging.getLogger("patchkit.process")

TAIL_LINES = 40
GRACE_SECONDS = 10.0
_POLL_SECONDS = 0.1


@dataclass(frozen=True)
class ProcessResult:
    """The exit code, run time and last output lines of a finished command."""

    command: tuple[str, ...]
    returncode: int
    duration_seconds: float
    tail: tuple[str, ...]


class ProcessError(PatchkitError):
    """A command exited with a non-zero code. `tail` contains its last output lines."""

    def __init__(self, command: Sequence[str], returncode: int | None, tail: Sequence[str],
                 problem: str | None = None) -> None:
        self.command = tuple(command)
        self.returncode = returncode
        self.tail = tuple(tail)
        summary = problem or f"exited with code {returncode}"
        last = "\n".join(self.tail[-10:])
        super().__init__(f"Command failed: {shlex.join(self.command)} {summary}.\n"
                         f"Last output lines:\n{last}")


class ProcessTimeoutError(ProcessError):
    """A command ran past its time limit and was stopped, so `returncode` is None."""

    def __init__(self, command: Sequence[str], timeout_seconds: float, tail: Sequence[str]) -> None:
        self.timeout_seconds = timeout_seconds
        super().__init__(command, None, tail, f"timed out after {timeout_seconds:g} seconds")


def run(command: Sequence[str], *, cwd: Path, log_path: Path,
        on_line: Callable[[str], None] | None = None,
        timeout_seconds: float | None = None,
        env: Mapping[str, str] | None = None,
        check: bool = True,
        grace_seconds: float = GRACE_SECONDS) -> ProcessResult:
    """Run `command` in `cwd`, writing each output line to `log_path` and to `on_line`.

    stdout and stderr are merged, decoded as UTF-8 (invalid bytes replaced) and
    passed on without their line endings. Raises ToolMissingError when the
    program cannot be started, ProcessTimeoutError after the time limit, and
    ProcessError on a non-zero exit when `check` is true. On a timeout, on
    KeyboardInterrupt and on an exception from `on_line`, the whole process
    group gets SIGTERM, then SIGKILL after `grace_seconds`, and the exception
    propagates.
    """
    argv = tuple(command)
    log.debug("running %s in %s", shlex.join(argv), cwd)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with log_path.open("w", encoding="utf-8") as log_file:
        process = _start(argv, cwd, env)
        tail: collections.deque[str] = collections.deque(maxlen=TAIL_LINES)
        try:
            finished = _pump(process, log_file, tail, on_line, started, timeout_seconds)
        except BaseException:
            _stop_group(process, grace_seconds)
            raise
        if not finished:
            _stop_group(process, grace_seconds)
            assert timeout_seconds is not None
            log.debug("stopped %s after %g seconds", shlex.join(argv), timeout_seconds)
            raise ProcessTimeoutError(argv, timeout_seconds, tuple(tail))
    result = ProcessResult(argv, process.returncode, time.monotonic() - started, tuple(tail))
    log.debug("%s exited with code %d", argv[0], result.returncode)
    if check and result.returncode != 0:
        raise ProcessError(argv, result.returncode, result.tail)
    return result


def _start(argv: tuple[str, ...], cwd: Path, env: Mapping[str, str] | None) -> subprocess.Popen[str]:
    try:
        return subprocess.Popen(
            argv, cwd=cwd, env=None if env is None else dict(env),
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, encoding="utf-8", errors="replace",
            start_new_session=True)
    except (FileNotFoundError, PermissionError) as error:
        raise ToolMissingError(
            f"Cannot run '{argv[0]}': {error.strerror}. Install it, or give its full path.") from error


def _pump(process: subprocess.Popen[str], log_file: IO[str], tail: collections.deque[str],
          on_line: Callable[[str], None] | None, started: float,
          timeout_seconds: float | None) -> bool:
    """Pass output lines on until the process exits; return False when the time limit passed first.

    A reader thread owns the pipe so this thread can wait with a timeout and
    still receive KeyboardInterrupt. The queue between them is unbounded, so
    the reader never blocks on it and reads on until every writer has closed
    the pipe.
    """
    lines: queue.Queue[str | None] = queue.Queue()
    assert process.stdout is not None
    reader = threading.Thread(target=_read_lines, args=(process.stdout, lines), daemon=True)
    reader.start()
    while True:
        remaining = _remaining(started, timeout_seconds)
        # Checked before each line because get() returns queued lines even
        # with a zero timeout, and a backlog would outlast the limit.
        if remaining == 0.0:
            return False
        try:
            line = lines.get(timeout=remaining)
        except queue.Empty:
            return False
        if line is None:
            break
        log_file.write(line + "\n")
        tail.append(line)
        if on_line is not None:
            on_line(line)
    # The command may close its output and keep running, so the wait for its
    # exit needs the time limit as well.
    try:
        process.wait(timeout=_remaining(started, timeout_seconds))
    except subprocess.TimeoutExpired:
        return False
    return True


def _read_lines(stream: IO[str], lines: queue.Queue[str | None]) -> None:
    with stream:
        for line in stream:
            lines.put(line.rstrip("\r\n"))
    lines.put(None)


def _remaining(started: float, timeout_seconds: float | None) -> float | None:
    if timeout_seconds is None:
        return None
    return max(0.0, started + timeout_seconds - time.monotonic())


def _stop_group(process: subprocess.Popen[str], grace_seconds: float) -> None:
    """Send SIGTERM to the process group, then SIGKILL to whatever is left after the grace period.

    The leader stays unreaped until SIGKILL has gone out, so its id cannot be
    reused by an unrelated process group in the meantime.
    """
    group = process.pid
    if process.returncode is not None:
        return
    try:
        _signal_group(group, signal.SIGTERM)
        deadline = time.monotonic() + grace_seconds
        while time.monotonic() < deadline and not _has_exited(process.pid):
            time.sleep(_POLL_SECONDS)
    finally:
        # Also reached on a second Ctrl-C during the grace period.
        _signal_group(group, signal.SIGKILL)
        process.wait()


def _has_exited(pid: int) -> bool:
    """Tell whether a child has exited, without reaping it."""
    status = os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
    return status is not None


def _signal_group(group: int, signum: signal.Signals) -> None:
    try:
        os.killpg(group, signum)
    except ProcessLookupError:
        pass
