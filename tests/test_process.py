from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from patchkit import process
from patchkit.errors import ToolMissingError


def _is_gone(pid: int) -> bool:
    """Tell whether `pid` has exited (a zombie counts as exited)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def _wait_until_gone(pid: int) -> bool:
    # init reaps the orphaned child at its own pace. The loop bounds the wait
    # and measures nothing.
    for _ in range(100):
        if _is_gone(pid):
            return True
        time.sleep(0.05)
    return False


def test_run_streams_lines(tmp_path: Path) -> None:
    seen: list[str] = []
    log_path = tmp_path / "logs" / "out.log"
    result = process.run(["sh", "-c", "echo one; echo two >&2; printf 'three'"],
                         cwd=tmp_path, log_path=log_path, on_line=seen.append)
    assert seen == ["one", "two", "three"]
    assert log_path.read_text() == "one\ntwo\nthree\n"
    assert result.returncode == 0
    assert result.tail == ("one", "two", "three")


def test_run_uses_cwd_and_env(tmp_path: Path) -> None:
    seen: list[str] = []
    env = {"PATH": os.environ["PATH"], "GREETING": "hello"}
    process.run(["sh", "-c", 'pwd; echo "$GREETING"'], cwd=tmp_path, log_path=tmp_path / "out.log",
                on_line=seen.append, env=env)
    assert seen == [str(tmp_path), "hello"]


def test_run_failure_raises(tmp_path: Path) -> None:
    command = ["sh", "-c", "echo before; exit 3"]
    with pytest.raises(process.ProcessError) as caught:
        process.run(command, cwd=tmp_path, log_path=tmp_path / "out.log")
    assert caught.value.command == tuple(command)
    assert caught.value.returncode == 3
    assert caught.value.tail == ("before",)
    assert "exited with code 3" in str(caught.value)


def test_run_failure_unchecked(tmp_path: Path) -> None:
    result = process.run(["sh", "-c", "exit 4"], cwd=tmp_path, log_path=tmp_path / "out.log", check=False)
    assert result.returncode == 4


def test_run_tail_is_bounded(tmp_path: Path) -> None:
    script = f"for i in $(seq 1 {process.TAIL_LINES + 5}); do echo line$i; done"
    result = process.run(["sh", "-c", script], cwd=tmp_path, log_path=tmp_path / "out.log")
    assert len(result.tail) == process.TAIL_LINES
    assert result.tail[-1] == f"line{process.TAIL_LINES + 5}"


def test_run_missing_program(tmp_path: Path) -> None:
    with pytest.raises(ToolMissingError) as caught:
        process.run(["/nonexistent/tool"], cwd=tmp_path, log_path=tmp_path / "out.log")
    assert "/nonexistent/tool" in str(caught.value)


def test_run_timeout_stops_group(tmp_path: Path) -> None:
    seen: list[str] = []
    # The background sleep shares the process group, so it must be stopped too.
    script = "sleep 60 & echo $!; wait"
    with pytest.raises(process.ProcessTimeoutError) as caught:
        process.run(["sh", "-c", script], cwd=tmp_path, log_path=tmp_path / "out.log",
                    on_line=seen.append, timeout_seconds=1)
    assert caught.value.returncode is None
    assert caught.value.tail == tuple(seen)
    assert _wait_until_gone(int(seen[0]))


def test_run_timeout_with_backlog(tmp_path: Path) -> None:
    def slow_consumer(line: str) -> None:
        time.sleep(0.01)

    # 300 lines at 10 ms each take 3 s to consume, past the 0.5 s limit, while
    # the command itself finishes at once.
    with pytest.raises(process.ProcessTimeoutError):
        process.run(["seq", "1", "300"], cwd=tmp_path, log_path=tmp_path / "out.log",
                    on_line=slow_consumer, timeout_seconds=0.5)


def test_run_timeout_kills_after_grace(tmp_path: Path) -> None:
    seen: list[str] = []
    # An ignored SIGTERM stays ignored in the sleep that sh starts.
    script = "trap '' TERM; sleep 60 & echo $!; wait"
    with pytest.raises(process.ProcessTimeoutError):
        process.run(["sh", "-c", script], cwd=tmp_path, log_path=tmp_path / "out.log",
                    on_line=seen.append, timeout_seconds=1, grace_seconds=0.5)
    assert _wait_until_gone(int(seen[0]))


def test_run_interrupt_stops_group(tmp_path: Path) -> None:
    seen: list[str] = []

    def interrupt(line: str) -> None:
        seen.append(line)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        process.run(["sh", "-c", "sleep 60 & echo $!; wait"], cwd=tmp_path,
                    log_path=tmp_path / "out.log", on_line=interrupt)
    assert _wait_until_gone(int(seen[0]))
