"""`patchkit verify MANIFEST`: the Maven build step alone."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import click
import pygit2

from patchkit import output
from patchkit.build import run_build
from patchkit.build.project import check_maven_project
from patchkit.commands.arguments import pasted_id
from patchkit.errors import EXIT_BUILD_FAILED, EXIT_OK
from patchkit.gitrepo import git_dir, open_repository, resolve_commit
from patchkit.manifest import load_manifest
from patchkit.records import to_plain
from patchkit.state import patchkit_dir


def _changed_paths(repo: pygit2.Repository, base: pygit2.Commit, head: pygit2.Commit) -> dict[str, str]:
    diff = repo.diff(base, head)
    return {delta.new_file.path: str(head.id)[:10] for delta in diff.deltas}


@click.command(name="verify")
@click.argument("manifest", type=click.Path(path_type=Path))
@click.option("--repo", type=click.Path(path_type=Path), default=Path("."), show_default=True, help="The fork's repository.")
@click.option("--ref", callback=pasted_id, help="Build this ref instead of the manifest's work branch (or fork branch when none exists).")
@click.option("--keep-worktree", is_flag=True, help="Keep the folder the build ran in.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document on stdout and nothing else there.")
def command(manifest: Path, repo: Path, ref: str | None, keep_worktree: bool, as_json: bool) -> None:
    """Build the work branch (or --ref) as the manifest's `build` section describes."""
    loaded = load_manifest(manifest)
    repository = open_repository(repo)
    fork = resolve_commit(repository, loaded.fork, "fork branch")
    target_name = ref or (loaded.work_branch if f"refs/heads/{loaded.work_branch}" in repository.references else loaded.fork)
    target = resolve_commit(repository, target_name, "ref to build")
    check_maven_project(loaded, target, f"'{target_name}'")
    log_path = patchkit_dir(git_dir(repository)) / "logs" / "verify.log"
    changed = _changed_paths(repository, fork, target)
    config = loaded.build
    if config.modules is None and not changed:
        # Nothing differs from the fork, so "the touched modules" is empty: build the whole project.
        config = dataclasses.replace(config, modules=(".",))
    with output.build_progress(not as_json) as progress:
        outcome = run_build(repository, str(target.id), config, changed_paths=changed,
                            log_path=log_path, keep_worktree=keep_worktree, progress=progress)
    if as_json:
        click.echo(json.dumps(to_plain(outcome), indent=2, ensure_ascii=False))
    else:
        output.info(f"Build of {target_name}: {outcome.status.value} in {outcome.duration_seconds:.0f}s; log: {outcome.log_path}")
        for error in outcome.errors:
            output.info(f"  {error.path}:{error.line}: {error.message}")
        for test in outcome.failed_tests:
            output.info(f"  failed test: {test}")
    raise SystemExit(EXIT_OK if outcome.status.value == "passed" else EXIT_BUILD_FAILED)
