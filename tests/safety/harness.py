"""Run patchkit as a real process on a test repository, interrupt it, and compare repository snapshots.

A snapshot covers what a run must never lose. That is every ref and the target of
HEAD, the exact bytes of `.git/index`, every file of the work tree (untracked ones
included) with its mode, and the ids of all objects in the database.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pygit2

# Generous, so a slow CI machine never turns into a false failure; a run of the
# sample fork normally takes well under a second.
PROCESS_TIMEOUT_SECONDS = 120


@dataclass(frozen=True)
class Snapshot:
    """The user-visible state of a repository: refs, HEAD, index bytes, work tree and objects."""

    head: str
    refs: dict[str, str]
    index: bytes | None
    files: dict[str, tuple[int, bytes]]
    objects: frozenset[str]


def take_snapshot(path: Path) -> Snapshot:
    repo = pygit2.Repository(str(path))
    head = repo.lookup_reference("HEAD")
    head_text = str(head.target)
    refs = {name: str(repo.references[name].resolve().target) for name in repo.references}
    index_path = Path(repo.path) / "index"
    return Snapshot(
        head=head_text,
        refs=refs,
        index=index_path.read_bytes() if index_path.exists() else None,
        files=work_tree_files(path),
        objects=frozenset(str(oid) for oid in repo.odb),
    )


def work_tree_files(path: Path) -> dict[str, tuple[int, bytes]]:
    """Return every file below `path` outside `.git`, with its mode and content (a symlink's target)."""
    files: dict[str, tuple[int, bytes]] = {}
    for directory, subdirectories, names in os.walk(path):
        subdirectories[:] = sorted(d for d in subdirectories if not (directory == str(path) and d == ".git"))
        for name in names:
            full = Path(directory) / name
            relative = full.relative_to(path).as_posix()
            mode = full.lstat().st_mode
            content = os.readlink(full).encode() if full.is_symlink() else full.read_bytes()
            files[relative] = (mode, content)
    return files


def patchkit_command(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "patchkit", *arguments]


def process_environment(kill_at: str | None = None, kill_signal: str = "KILL") -> dict[str, str]:
    """Return the environment for a patchkit process, with the kill hook set when `kill_at` is given."""
    environment = dict(os.environ)
    environment.pop("PATCHKIT_TEST_KILL_AT", None)
    environment["COLUMNS"] = "200"
    if kill_at is not None:
        environment["PATCHKIT_TEST_KILL_AT"] = kill_at
        environment["PATCHKIT_TEST_KILL_SIGNAL"] = kill_signal
    return environment


def run_patchkit(
    *arguments: str, kill_at: str | None = None, kill_signal: str = "KILL", cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m patchkit ARGUMENTS` to the end and return its exit code and output."""
    return subprocess.run(
        patchkit_command(*arguments),
        env=process_environment(kill_at, kill_signal),
        cwd=cwd,
        capture_output=True,
        text=True,
        errors="surrogateescape",
        timeout=PROCESS_TIMEOUT_SECONDS,
        check=False,
    )


def start_patchkit(*arguments: str, kill_at: str | None = None, kill_signal: str = "KILL") -> subprocess.Popen[str]:
    """Start `python -m patchkit ARGUMENTS` in the background with its output captured."""
    return subprocess.Popen(
        patchkit_command(*arguments), env=process_environment(kill_at, kill_signal),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="surrogateescape",
    )


def run_and_kill_after(delay_seconds: float, *arguments: str) -> int:
    """Start patchkit, send SIGKILL after `delay_seconds` unless it ended first, and return its exit code."""
    process = subprocess.Popen(
        patchkit_command(*arguments), env=process_environment(),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    time.sleep(delay_seconds)
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    return process.wait(timeout=PROCESS_TIMEOUT_SECONDS)


def copy_repository(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, symlinks=True)
    return target


def saved_state(repo: Path) -> dict[str, Any] | None:
    """Return the run state file's document, read directly so no extra process is needed."""
    path = repo / ".git" / "patchkit" / "state.json"
    if not path.exists():
        return None
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


@dataclass(frozen=True)
class Ending:
    """Where a run ended, without the parts that differ between runs (times, commit ids)."""

    phase: str | None
    stopped: str | None
    queue: tuple[str, ...]
    outcomes: tuple[tuple[str, str], ...]
    head: str
    work_branch: tuple[tuple[str, str, str], ...]
    conflicts: tuple[str, ...]
    files: dict[str, tuple[int, bytes]]


def ending(repo_path: Path, work_branch: str, fork_commit: str) -> Ending:
    """Return the state of the run in `repo_path`, to compare with an uninterrupted run."""
    state = saved_state(repo_path)
    repo = pygit2.Repository(str(repo_path))
    head = repo.lookup_reference("HEAD")
    index = repo.index
    index.read()
    conflicts = sorted({s.path for sides in (index.conflicts or ()) for s in sides if s is not None})
    return Ending(
        phase=state["phase"] if state else None,
        stopped=state["stopped"]["id"] if state and state["stopped"] else None,
        queue=tuple(state["queue"]) if state else (),
        outcomes=tuple((o["id"], o["status"]) for o in state["outcomes"]) if state else (),
        head=str(head.target) if head.type == pygit2.enums.ReferenceType.SYMBOLIC else "detached",
        work_branch=branch_history(repo, work_branch, fork_commit),
        conflicts=tuple(conflicts),
        files=work_tree_files(repo_path),
    )


def branch_history(repo: pygit2.Repository, branch: str, stop_at: str) -> tuple[tuple[str, str, str], ...]:
    """Return (tree id, message, author) of each commit on `branch` after `stop_at`, newest first."""
    try:
        tip = repo.references[f"refs/heads/{branch}"].peel(pygit2.Commit)
    except KeyError:
        return ()
    history = []
    for commit in repo.walk(tip.id, pygit2.enums.SortMode.TOPOLOGICAL):
        if str(commit.id) == stop_at:
            break
        history.append((str(commit.tree_id), commit.message, commit.author.name))
    return tuple(history)
