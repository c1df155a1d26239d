"""`patchkit demo`: build the sample Druid-shaped fork and run the bundled manifest on it."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click
import pygit2

from patchkit import output
from patchkit.bundled import bundled_path
from patchkit.sample import build_sample_fork

DEMO_MANIFEST = "druid-30.yaml"


def _ensure_identity(path: Path) -> None:
    """Give the sample repository a committer identity when git has none configured."""
    repo = pygit2.Repository(str(path))
    try:
        repo.default_signature
    except (KeyError, pygit2.GitError):
        repo.config["user.name"] = "patchkit demo"
        repo.config["user.email"] = "demo@patchkit.invalid"


@click.command(name="demo")
@click.argument("directory", required=False, type=click.Path(path_type=Path))
@click.option("--no-build", is_flag=True, help="Skip the Maven build.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document on stdout and nothing else there.")
def command(directory: Path | None, no_build: bool, as_json: bool) -> None:
    """Build the sample fork in DIRECTORY (a new temporary folder by default) and refresh it."""
    from patchkit import runner
    from patchkit.cli import finish

    target = directory or Path(tempfile.mkdtemp(prefix="patchkit-demo-")) / "druid"
    sample = build_sample_fork(target)
    _ensure_identity(sample.path)
    manifest = bundled_path("patchsets", DEMO_MANIFEST)
    if not as_json:
        output.info(f"Sample fork built in {sample.path}; running patchkit apply {manifest} --repo {sample.path}")
    with output.build_progress(not as_json) as progress:
        result = runner.apply(manifest, sample.path, no_build=no_build, progress=progress)
    if not as_json:
        output.info(f"Repository: {sample.path}   work branch: {result.record.work_branch if result.record else '-'}")
    finish(result, as_json)
