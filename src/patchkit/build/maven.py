"""Build a commit with Maven: the command line, the run and its outcome."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pygit2

from patchkit import process
from patchkit.build.log_parse import MavenLogParser, RawCompilerError
from patchkit.build.modules import ROOT, touched_modules
from patchkit.build.tools import build_environment, require_maven
from patchkit.build.worktree import exported_tree
from patchkit.errors import RepositoryError
from patchkit.model import BuildConfig, BuildOutcome, BuildStatus, CompilerError

log = logging.getLogger("patchkit.build")

_SKIP_TEST_FLAGS = ("-DskipTests", "-Dmaven.test.skip")


@dataclass(frozen=True)
class BuildProgress:
    """One step of a running build, for a progress display."""

    module: str | None
    line: str
    elapsed_seconds: float


def maven_command(config: BuildConfig, modules: Sequence[str], workdir: Path) -> list[str]:
    """Return the Maven command line that builds `modules` of the project in `workdir`.

    `modules` are folders relative to `workdir`. A "." among them stands for
    the whole reactor, so the command then has no `-pl`.
    """
    command = [_maven_program(config, workdir), "-B"]
    if modules and ROOT not in modules:
        command += ["-pl", ",".join(modules)]
        if config.also_make:
            command.append("-am")
    command += config.flags
    if not config.tests and not _skips_tests(config.flags):
        command.append("-DskipTests")
    command += config.goals
    return command


def _maven_program(config: BuildConfig, workdir: Path) -> str:
    if config.maven:
        return config.maven
    wrapper = workdir / "mvnw"
    if wrapper.is_file() and os.access(wrapper, os.X_OK):
        return "./mvnw"
    return "mvn"


def _skips_tests(flags: Sequence[str]) -> bool:
    return any(flag == name or flag.startswith(name + "=")
               for flag in flags for name in _SKIP_TEST_FLAGS)


def run_build(repo: pygit2.Repository, commit_id: str, config: BuildConfig, *,
              changed_paths: Mapping[str, str],
              log_path: Path,
              keep_worktree: bool = False,
              progress: Callable[[BuildProgress], None] | None = None,
              timeout_seconds: float | None = None) -> BuildOutcome:
    """Build `commit_id` with Maven in a scratch export of its tree and return the outcome.

    `changed_paths` maps each fork path the patches changed to the id of the
    patch that changed it last. It chooses the modules when `config.modules` is
    None and fills `CompilerError.patch_id`. `timeout_seconds` overrides
    `config.timeout_minutes`. Raises ToolMissingError when Maven or the JDK
    cannot be found, and RepositoryError when `commit_id` names no commit.
    The repository's HEAD, index and work tree are not touched.
    """
    if not config.enabled:
        return BuildOutcome(BuildStatus.SKIPPED, reason="The manifest disables the build.")
    commit = _commit(repo, commit_id)
    modules = config.modules if config.modules is not None else touched_modules(commit.tree, changed_paths)
    if not modules:
        return BuildOutcome(BuildStatus.SKIPPED, reason="No patch changed a file, so no module needs a build.")
    env = build_environment(config.java_home)
    limit = timeout_seconds if timeout_seconds is not None else config.timeout_minutes * 60.0

    with exported_tree(repo, commit, keep=keep_worktree) as workdir:
        command = maven_command(config, modules, workdir)
        require_maven(command[0], workdir, env)
        outcome = _run_maven(command, workdir, env, limit, log_path, progress)
        log.info("build %s after %.1f seconds, log at %s", outcome.status.value, outcome.duration_seconds, log_path)
        kept = f" The build worktree is kept at {workdir}." if keep_worktree else ""
        return BuildOutcome(
            status=outcome.status,
            command=tuple(command),
            modules=tuple(modules),
            duration_seconds=outcome.duration_seconds,
            log_path=str(log_path),
            errors=_relative_errors(outcome.parser.errors, workdir, changed_paths),
            failed_tests=tuple(outcome.parser.failed_tests),
            reason=(outcome.reason + kept).strip())


def _commit(repo: pygit2.Repository, commit_id: str) -> pygit2.Commit:
    try:
        return repo.revparse_single(commit_id).peel(pygit2.Commit)
    except (KeyError, ValueError, pygit2.GitError) as error:
        raise RepositoryError(f"Cannot build '{commit_id}': it names no commit in {repo.path}.") from error


@dataclass(frozen=True)
class _MavenRun:
    status: BuildStatus
    duration_seconds: float
    parser: MavenLogParser
    reason: str


def _run_maven(command: list[str], workdir: Path, env: Mapping[str, str], timeout_seconds: float,
               log_path: Path, progress: Callable[[BuildProgress], None] | None) -> _MavenRun:
    parser = MavenLogParser()
    started = time.monotonic()

    def on_line(line: str) -> None:
        parser.feed(line)
        if progress is not None:
            progress(BuildProgress(parser.module, line, time.monotonic() - started))

    log.info("building with Maven in %s", workdir)
    try:
        result = process.run(command, cwd=workdir, log_path=log_path, on_line=on_line,
                             timeout_seconds=timeout_seconds, env=env, check=False)
    except process.ProcessTimeoutError:
        parser.finish()
        reason = (f"Maven ran longer than {timeout_seconds:g} seconds and was stopped. "
                  "Raise build.timeout_minutes in the manifest if the build needs more time.")
        return _MavenRun(BuildStatus.TIMED_OUT, time.monotonic() - started, parser, reason)
    parser.finish()
    if result.returncode == 0:
        return _MavenRun(BuildStatus.PASSED, result.duration_seconds, parser, "")
    reason = f"Maven exited with code {result.returncode}."
    if parser.goal_failure:
        reason += f" {parser.goal_failure}"
    elif parser.first_error:
        reason += f" {parser.first_error}"
    return _MavenRun(BuildStatus.FAILED, result.duration_seconds, parser, reason)


def _relative_errors(errors: Sequence[RawCompilerError], workdir: Path,
                     changed_paths: Mapping[str, str]) -> tuple[CompilerError, ...]:
    roots = {str(workdir), os.path.realpath(workdir)}
    converted = []
    for error in errors:
        path = _relative_path(error.path, roots)
        converted.append(CompilerError(path, error.line, error.column, error.message,
                                       changed_paths.get(path)))
    return tuple(converted)


def _relative_path(path: str, roots: set[str]) -> str:
    """Return `path` relative to the exported tree, with "/" separators, or unchanged when it lies outside."""
    for root in roots:
        prefix = root.rstrip(os.sep) + os.sep
        if path.startswith(prefix):
            return path[len(prefix):].replace(os.sep, "/")
    return path
