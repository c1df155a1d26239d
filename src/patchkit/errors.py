"""Error types and the exit codes they map to.

Every error patchkit raises on purpose derives from PatchkitError and carries a
message written for the user. Any other exception reaching the CLI is a bug.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_STOPPED = 1
EXIT_BAD_INPUT = 2
EXIT_BUILD_FAILED = 3
EXIT_BUG = 70
EXIT_INTERRUPTED = 130


class PatchkitError(Exception):
    """An error with a message for the user; `exit_code` is the CLI's exit code for it."""

    exit_code = EXIT_BAD_INPUT


class ManifestError(PatchkitError):
    """The manifest is invalid; the message names the file, line and key."""

    def __init__(self, path: str, line: int | None, key: str | None, problem: str) -> None:
        self.path = path
        self.line = line
        self.key = key
        self.problem = problem
        where = path if line is None else f"{path}:{line}"
        at_key = f" at '{key}'" if key else ""
        super().__init__(f"{where}{at_key}: {problem}")


class RepositoryError(PatchkitError):
    """The repository is missing, in the wrong state, or lacks a ref or commit."""


class PatchResolutionError(PatchkitError):
    """A manifest patch does not name exactly one upstream commit."""


class StateError(PatchkitError):
    """No run is in progress, or its saved state does not fit the repository."""


class LockedError(PatchkitError):
    """Another patchkit process holds the repository's lock."""


class ToolMissingError(PatchkitError):
    """An external tool the manifest needs (Maven, a JDK) is not installed."""


class BuildFailedError(PatchkitError):
    """The Maven build failed; the run record contains the errors."""

    exit_code = EXIT_BUILD_FAILED
