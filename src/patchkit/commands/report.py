"""`patchkit report`: render the report of the last run again."""

from __future__ import annotations

from pathlib import Path

import cattrs
import click

from patchkit.errors import StateError
from patchkit.gitrepo import git_dir, open_repository
from patchkit.model import RunRecord
from patchkit.records import read_record
from patchkit.report import render_json, render_markdown
from patchkit.state import atomic_write, last_run_path


def load_last_record(repo_path: Path) -> RunRecord:
    """Return the record `apply` saved last in the repository."""
    repo = open_repository(repo_path)
    path = last_run_path(git_dir(repo))
    if not path.exists():
        raise StateError(f"No run has been recorded in {repo.workdir} yet. Run `patchkit apply MANIFEST` first.")
    try:
        return read_record(path)
    except (OSError, ValueError, cattrs.BaseValidationError) as error:
        raise StateError(f"The saved run record {path} cannot be read ({error}). Run `patchkit apply` again.") from None


@click.command(name="report")
@click.option("--repo", type=click.Path(path_type=Path), default=Path("."), show_default=True,
              help="The fork's repository.")
@click.option("--format", "form", type=click.Choice(["md", "json"]), default="md", show_default=True,
              help="Markdown for the pull request, or JSON for tools.")
@click.option("-o", "--output", "output_path", type=click.Path(path_type=Path), help="Write to this file instead of stdout.")
def command(repo: Path, form: str, output_path: Path | None) -> None:
    """Render the report of the last run (Markdown or JSON)."""
    record = load_last_record(repo)
    text = render_markdown(record) if form == "md" else render_json(record)
    if output_path is None:
        click.echo(text, nl=False)
    else:
        atomic_write(output_path, text.encode("utf-8"))
