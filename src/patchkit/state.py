"""The saved state of a run under `.git/patchkit/`, its lock, and atomic file writes."""

from __future__ import annotations

import contextlib
import enum
import json
import logging
import os
import signal
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
import cattrs

from patchkit.errors import LockedError, StateError
from patchkit.model import PatchOutcome
from patchkit.records import converter, to_plain

log = logging.getLogger("patchkit.state")

STATE_VERSION = 1


class Phase(str, enum.Enum):
    """The phase of a run. A run in any phase can be continued or aborted."""

    PICKING = "picking"
    STOPPING = "stopping"
    STOPPED = "stopped"
    FINISHING = "finishing"


@dataclass(frozen=True)
class RunState:
    """Everything `continue`, `skip`, `abort` and `status` need, saved after every step."""

    manifest_path: str
    repository: str
    started_at: str
    original_head_ref: str | None
    original_head: str
    fork_commit: str
    fork_point: str
    upstream_tip: str
    work_branch: str
    tip: str
    queue: tuple[str, ...]
    upstream_commits: dict[str, str]
    outcomes: tuple[PatchOutcome, ...]
    phase: Phase
    created_commits: tuple[str, ...] = ()
    index_backup: str | None = None
    head_log_size: int | None = None
    no_build: bool = False
    keep_worktree: bool = False
    stopped: PatchOutcome | None = None
    warnings: tuple[str, ...] = ()
    version: int = STATE_VERSION


def patchkit_dir(git_dir: Path) -> Path:
    return git_dir / "patchkit"


def last_run_path(git_dir: Path) -> Path:
    """Return the file where `apply` keeps the record of the last run."""
    return patchkit_dir(git_dir) / "last-run.json"


def state_path(git_dir: Path) -> Path:
    return patchkit_dir(git_dir) / "state.json"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so a reader sees the old or the new content, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        # mkstemp creates the file readable by its owner only; give it the usual mode.
        os.chmod(temporary, 0o666 & ~_umask())
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def save_state(git_dir: Path, state: RunState) -> None:
    global _saves_in_process
    _saves_in_process += 1
    _interrupt_for_test("before")
    document = to_plain(state)
    atomic_write(state_path(git_dir), json.dumps(document, indent=2, ensure_ascii=False).encode())
    _interrupt_for_test("after")


# Test hook: `PATCHKIT_TEST_KILL_AT=before:N` or `after:N` makes the process signal itself
# just before or just after its Nth `save_state` call, so tests can interrupt a run at a
# known step. `PATCHKIT_TEST_KILL_SIGNAL` names the signal: INT, or STOP to pause the
# process while it holds the lock. Any other value, or none, sends SIGKILL.
# Normal runs leave both variables unset and the hook does nothing.
_KILL_AT_VARIABLE = "PATCHKIT_TEST_KILL_AT"
_KILL_SIGNAL_VARIABLE = "PATCHKIT_TEST_KILL_SIGNAL"
_saves_in_process = 0


def _interrupt_for_test(moment: str) -> None:
    target = os.environ.get(_KILL_AT_VARIABLE)
    if target is None or target != f"{moment}:{_saves_in_process}":
        return
    signals = {"INT": signal.SIGINT, "STOP": signal.SIGSTOP}
    os.kill(os.getpid(), signals.get(os.environ.get(_KILL_SIGNAL_VARIABLE, ""), signal.SIGKILL))


def load_state(git_dir: Path) -> RunState | None:
    """Return the saved run, or None when no run is in progress."""
    path = state_path(git_dir)
    if not path.exists():
        return None
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(document, dict):
            raise ValueError("its top level is not a JSON object")
        return converter().structure(document, RunState)
    except (OSError, ValueError, TypeError, KeyError, cattrs.BaseValidationError) as error:
        raise StateError(
            f"The saved run state {path} cannot be read ({error}). "
            f"Remove {path} and restore the branch you were on by hand, or re-run the refresh."
        ) from None


def clear_state(git_dir: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        state_path(git_dir).unlink()


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _take_lock(lock: Path) -> bool:
    try:
        handle = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    except FileExistsError:
        return False
    with os.fdopen(handle, "w") as stream:
        stream.write(str(os.getpid()))
    return True


def _lock_owner(lock: Path) -> int | None:
    try:
        return int(lock.read_text().strip() or "0")
    except (OSError, ValueError):
        return None


@contextlib.contextmanager
def repository_lock(git_dir: Path) -> Iterator[None]:
    """Hold `.git/patchkit/lock` for the duration; a lock left by a dead process is taken over."""
    lock = patchkit_dir(git_dir) / "lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    if not _take_lock(lock):
        owner = _lock_owner(lock)
        if owner == 0:
            # `_take_lock` creates the file before it writes the pid, so another process is
            # between those two steps (or died there).
            raise LockedError(
                f"Another patchkit process is taking the lock {lock} right now. Try again in a "
                f"moment; if no patchkit process is running, delete {lock}."
            )
        # NOTE: two processes that both find a dead owner's lock can both take it over,
        # because reading the owner and deleting the file are two steps.
        if owner is not None and owner != os.getpid() and _process_alive(owner):
            raise LockedError(
                f"Another patchkit process (pid {owner}) is working on this repository. "
                f"Wait for it to finish; if none is running, delete {lock}."
            )
        log.warning("Taking over the lock %s left by process %s, which is gone.", lock, owner)
        with contextlib.suppress(FileNotFoundError):
            lock.unlink()
        if not _take_lock(lock):
            raise LockedError(f"Another patchkit process took the lock {lock} just now; try again.")
    try:
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            lock.unlink()
