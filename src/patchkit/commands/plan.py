"""`patchkit plan MANIFEST`: forecast a run without changing the repository."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import click

from patchkit import output
from patchkit.model import ConflictRecord, ResolutionKind
from patchkit.plan import Forecast, PlannedPatch, PlanResult, plan_run
from patchkit.records import to_plain

_FORECAST_WORDS = {
    Forecast.CLEAN: "applies cleanly",
    Forecast.RESOLVED: "applies; the merger resolves its conflicts",
    Forecast.CONFLICT: "conflict left for a human",
    Forecast.ALREADY_PRESENT: "already present",
    Forecast.NOT_FOUND: "commit not found",
    Forecast.REJECTED: "rejected: apply cannot pick its commit (see the note)",
    Forecast.SKIPPED: "skipped",
}


def _label(patch: PlannedPatch) -> str:
    outcome = patch.outcome
    return f"#{outcome.pr}" if outcome.pr is not None else outcome.id


def _conflict_line(record: ConflictRecord) -> str:
    where = f"{record.path} {record.member}" if record.member else record.path
    if record.resolution is ResolutionKind.RULE:
        return f"resolved by rule {record.rule}: {where}"
    if record.resolution is ResolutionKind.MEMBER_MERGE:
        return f"merged member by member: {where}"
    if record.resolution is ResolutionKind.LINE_MERGE:
        return f"merged line by line: {where}"
    if record.resolution is ResolutionKind.RECORDED:
        return f"resolved by a recorded resolution: {where} ({record.reason})"
    return f"left for a human: {where} ({record.reason})"


def _patch_lines(patch: PlannedPatch) -> Iterator[str]:
    outcome = patch.outcome
    # A patch without a PR number is labelled by its id, which need not be shown twice.
    name = _label(patch) if outcome.pr is None else f"{_label(patch)} {outcome.id}"
    yield f"{name}: {_FORECAST_WORDS[patch.forecast]}"
    if patch.forecast is Forecast.SKIPPED and outcome.reason:
        yield f"    reason: {outcome.reason}"
    for rename in outcome.renames:
        yield f"    follows {rename.upstream_path} to {rename.fork_path} ({rename.how})"
    for record in outcome.conflicts:
        yield f"    {_conflict_line(record)}"
    yield from (f"    {sentence}" for sentence in patch.explanations)
    yield from (f"    note: {note}" for note in outcome.notes)
    yield from (f"    expected conflict: {site}" for site in patch.expectations.expected)
    yield from (f"    unexpected conflict: {site}" for site in patch.expectations.unexpected)
    yield from (f"    expected conflict did not happen: {site}" for site in patch.expectations.missing)


def _summary(result: PlanResult) -> str:
    if result.blockers:
        # A blocker may end with its own full stop, which would double the one added here.
        blockers = "; ".join(blocker.rstrip(".") for blocker in result.blockers)
        return f"Forecast: apply would refuse to start: {blockers}. Nothing was changed."
    count = result.conflicts_forecast
    if count == 0:
        return "Forecast: apply would run to the end without stopping for a human. Nothing was changed."
    return f"Forecast: apply would stop for a human at {count} patch(es). Nothing was changed."


def show_plan(result: PlanResult) -> None:
    click.echo(output.safe(
        f"Plan of {result.patchset}: {result.fork} ({result.fork_commit[:10]}) with {result.upstream} "
        f"({result.upstream_tip[:10]}), fork point {result.fork_point[:10]}"
    ))
    for patch in result.patches:
        for line in _patch_lines(patch):
            click.echo(output.safe(line))
    for warning in result.warnings:
        click.echo(output.safe(f"warning: {warning}"))
    click.echo(_summary(result))


@click.command(name="plan")
@click.argument("manifest", type=click.Path(path_type=Path))
@click.option("--repo", type=click.Path(path_type=Path), default=Path("."), show_default=True,
              help="The fork's repository (any folder inside its work tree).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document on stdout and nothing else there.")
def command(manifest: Path, repo: Path, as_json: bool) -> None:
    """Forecast what `apply MANIFEST` would do; change no ref, index or work tree (only caches under .git/patchkit/cache/)."""
    result = plan_run(manifest, repo)
    if as_json:
        click.echo(json.dumps(to_plain(result), indent=2, ensure_ascii=False))
        return
    show_plan(result)
