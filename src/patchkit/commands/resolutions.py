"""`patchkit resolutions list|forget`: the conflict resolutions recorded beside a manifest."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import click
from rich.table import Table

from patchkit import output
from patchkit.commands.arguments import pasted_id
from patchkit.errors import EXIT_BAD_INPUT, PatchkitError
from patchkit.manifest import load_manifest
from patchkit.resolutions import RecordedResolution, ResolutionStore

_MANIFEST_HELP = (
    "The manifest whose recorded resolutions to use (they live in its `resolutions` folder). "
    "Default: the only manifest in ./patchsets."
)


def _default_manifest() -> Path:
    """Return the only manifest under ./patchsets, or raise when there is none or several."""
    found = sorted(Path("patchsets").glob("*.yaml")) + sorted(Path("patchsets").glob("*.yml"))
    if len(found) != 1:
        listed = ", ".join(str(path) for path in found) or "none"
        raise PatchkitError(
            f"Cannot choose a manifest: ./patchsets has {len(found)} ({listed}). Pass --manifest PATH."
        )
    return found[0]


def _store(manifest: Path | None) -> ResolutionStore:
    return ResolutionStore(Path(load_manifest(manifest or _default_manifest()).resolutions_dir))


def _table(store: ResolutionStore, records: list[RecordedResolution]) -> Table:
    table = Table(title=f"Recorded resolutions in {output.safe(store.directory)}")
    table.add_column("id", no_wrap=True)
    for column in ("member or file", "from", "recorded"):
        table.add_column(column)
    for record in records:
        source = f"#{record.pr}" if record.pr is not None else record.upstream_commit[:10]
        table.add_row(
            output.plain(record.id), output.plain(record.member or Path(record.path).name),
            output.plain(source), output.plain(record.recorded_at),
        )
    return table


def _plain_record(record: RecordedResolution) -> dict[str, object]:
    document = asdict(record)
    document["file"] = str(record.file) if record.file is not None else None
    return document


@click.group(name="resolutions")
def command() -> None:
    """List or forget the conflict resolutions recorded beside a manifest."""


@command.command(name="list")
@click.option("--manifest", type=click.Path(path_type=Path), help=_MANIFEST_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document on stdout and nothing else there.")
def list_command(manifest: Path | None, as_json: bool) -> None:
    """List the recorded resolutions: id, member, path, the upstream change and the date."""
    store = _store(manifest)
    records = store.list()
    if as_json:
        document = {"directory": str(store.directory), "resolutions": [_plain_record(r) for r in records]}
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
        return
    if not records:
        output.info(f"No resolutions are recorded in {store.directory}.")
        return
    output.stdout.print(_table(store, records))


@command.command(name="forget")
@click.argument("record_id", callback=pasted_id)
@click.option("--manifest", type=click.Path(path_type=Path), help=_MANIFEST_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document on stdout and nothing else there.")
def forget_command(record_id: str, manifest: Path | None, as_json: bool) -> None:
    """Delete the recorded resolution RECORD_ID (its full id or a unique start of it)."""
    store = _store(manifest)
    forgotten = store.forget(record_id)
    if as_json:
        click.echo(json.dumps({"id": record_id, "forgotten": forgotten}))
    elif forgotten:
        output.info(f"Forgot recorded resolution {record_id}; the next run will ask a human again.")
    else:
        output.error(f"No recorded resolution in {store.directory} has an id starting with '{record_id}'. "
                     "See `patchkit resolutions list`.")
    if not forgotten:
        raise SystemExit(EXIT_BAD_INPUT)
