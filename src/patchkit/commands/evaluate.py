"""`patchkit evaluate`: replay past cherry-picks and score patchkit's merger against what was committed."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import click
from rich.table import Table

from patchkit import output
from patchkit.evaluate import Evaluation, Score, evaluate, write_details


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


_COLUMNS: tuple[tuple[str, str], ...] = (
    ("backports", "backports replayed"),
    ("clean_backports", "backports git merged cleanly"),
    ("conflicting_files", "conflicting files"),
    ("resolved", "resolved"),
    ("equal", "equal"),
    ("different", "different"),
    ("left_for_human", "left for a human"),
    ("unparseable", "unparseable"),
    ("clean_mismatches", "clean-merge mismatches"),
)


def _name(path: str) -> str:
    """Return a short column title: the folder name, or its parent's for a mirror kept as `<name>/repo`."""
    parts = Path(path).resolve().parts
    if len(parts) > 1 and parts[-1] in ("repo", ".git"):
        return parts[-2]
    return parts[-1] if parts else path


def _column(score: Score) -> list[str]:
    counts = asdict(score)
    return [*(str(counts[key]) for key, _ in _COLUMNS), _seconds(score.median_seconds), _seconds(score.p95_seconds)]


def _table(evaluation: Evaluation) -> Table:
    table = Table(title="Replayed cherry-picks: patchkit's merger against the committed files")
    table.add_column("figure")
    columns = [(_name(result.path), result.score) for result in evaluation.repositories]
    if len(columns) > 1:
        columns.append(("overall", evaluation.overall))
    for title, _ in columns:
        table.add_column(output.safe(title), justify="right")
    figures = [title for _, title in _COLUMNS] + ["median seconds per file", "95th percentile seconds per file"]
    cells = [_column(score) for _, score in columns]
    for row, figure in enumerate(figures):
        table.add_row(output.plain(figure), *(output.plain(cell[row]) for cell in cells))
    return table


@click.command(name="evaluate")
@click.option("--repo", "repos", multiple=True, type=click.Path(path_type=Path),
              help="A repository (clone or bare mirror) to evaluate; repeat for several. Default: the current one.")
@click.option("--branch", "branches", multiple=True,
              help="Only branches whose name matches this glob (`release-*`); a glob starting with `refs/` "
                   "matches full ref names. Repeat for several. Default: every branch.")
@click.option("--limit", type=click.IntRange(min=1), help="Replay at most this many backports per repository, newest first.")
@click.option("--by-pr", is_flag=True,
              help="Also match backports by PR number: a subject starting with 'Backport' or '[Backport]' that "
                   "names #N is matched to the one other commit whose subject ends in (#N).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document on stdout and nothing else there.")
@click.option("--details", type=click.Path(path_type=Path, dir_okay=False),
              help="Write one JSON line per conflicting file, with its outcome and reason, to this file.")
def command(repos: tuple[Path, ...], branches: tuple[str, ...], limit: int | None, by_pr: bool,
            as_json: bool, details: Path | None) -> None:
    """Replay the cherry-picks in a repository's history and score patchkit's merge of each conflicting file.

    A commit with a `(cherry picked from commit X)` line is replayed in memory, with
    X's parent as base, the commit's parent as ours and X as theirs. Each file git
    cannot merge is merged by patchkit and compared with the committed file,
    ignoring trailing whitespace and line endings. The repositories are only read.
    """
    evaluation = evaluate(list(repos) or [Path(".")], branches, limit=limit, by_pr=by_pr)
    if details is not None:
        write_details(evaluation, details)
    if as_json:
        click.echo(json.dumps(evaluation.document(), indent=2))
        return
    output.stdout.print(_table(evaluation))
