"""`patchkit survey`: upstream commits since the fork point that touch the fork's area."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import click

from patchkit import output
from patchkit.commands.arguments import pasted_id
from patchkit.manifest import load_manifest
from patchkit.model import Manifest
from patchkit.provenance import simple_member_name
from patchkit.records import to_plain
from patchkit.survey import SurveyEntry, SurveyQuestion, SurveyResult, TouchedMember, survey

_FORECAST_WORDS = {
    "clean": "applies cleanly",
    "resolved": "applies; the merger resolves its conflicts",
    "conflict": "conflicts",
    "already-present": "already on the fork",
}


def _members(members: tuple[TouchedMember, ...]) -> str:
    return ", ".join(m.member or f"{m.path} (whole file)" for m in members)


def _entry_lines(entry: SurveyEntry) -> Iterator[str]:
    pr = f" #{entry.pr}" if entry.pr is not None else ""
    yield f"{entry.commit[:10]}{pr} {entry.date[:10]} {entry.subject}"
    yield f"    files: {', '.join(entry.files)}"
    if entry.members:
        yield f"    members: {_members(entry.members)}"
    if entry.fork_overlap:
        yield f"    the fork also changed: {_members(entry.fork_overlap)}"
    forecast = _FORECAST_WORDS.get(entry.forecast, entry.forecast)
    if entry.conflicts:
        forecast += f" in {_members(entry.conflicts)}"
    yield f"    forecast: {forecast}"
    if entry.present:
        yield f"    already on the fork: {entry.present}"
    if entry.reverted_by is not None:
        by = f"#{entry.reverted_by.pr}" if entry.reverted_by.pr is not None else entry.reverted_by.commit[:10]
        yield f"    reverted upstream by {by} ({entry.reverted_by.subject})"
    if entry.reverts is not None:
        yield f"    reverts upstream commit {entry.reverts[:10]}"
    if entry.manifest_patch:
        yield f"    the manifest lists it as patch '{entry.manifest_patch}'"


def show_survey(result: SurveyResult) -> None:
    scope = ", ".join(result.paths) if result.paths else "the files the fork changed"
    click.echo(output.safe(
        f"{len(result.entries)} of {result.commits_walked} upstream commits of {result.upstream} since "
        f"{result.fork_point[:10]} touch {scope}:"
    ))
    for entry in result.entries:
        for line in _entry_lines(entry):
            click.echo(output.safe(line))


_DRAFT_HEADER = """\
# Draft entries written by `patchkit survey`: {count} upstream commits of {upstream}
# after {fork_point} that touch {scope}.
#
# Every entry starts as `decision: skip` with a reason that begins with "TODO: review",
# so a manifest that takes this draft unchanged applies nothing that no person chose.
# To apply a patch, set `decision: apply` and rewrite its reason. The priorities are
# suggestions: commits that change more members the fork also changed come first, then
# upstream order. Commits already on the fork, reverted upstream, or reverting another
# commit come last.
"""

# Words of a subject that make up a draft patch id; more make ids hard to type.
_ID_WORDS = 6
_ID_MAX_LENGTH = 48
# Members or files a draft reason names before it only counts the rest.
_NAMES_SHOWN = 5


def _patch_id(entry: SurveyEntry, used_ids: set[str]) -> str:
    """Return an id from the subject, without its PR suffix, unique among `used_ids`, and add it there."""
    subject = re.sub(r"\s*\(#\d+\)\s*$", "", entry.subject).lower()
    words = [word for word in re.split(r"[^a-z0-9]+", subject) if word][:_ID_WORDS]
    while len("-".join(words)) > _ID_MAX_LENGTH:
        words.pop()
    base = "-".join(words) or f"commit-{entry.commit[:10]}"
    candidate, number = base, 2
    while candidate in used_ids:
        candidate, number = f"{base}-{number}", number + 1
    used_ids.add(candidate)
    return candidate


def _names(members: tuple[TouchedMember, ...]) -> str:
    names = list(dict.fromkeys(simple_member_name(m.member) if m.member else m.path for m in members))
    if len(names) > _NAMES_SHOWN:
        return ", ".join(names[:_NAMES_SHOWN]) + f" and {len(names) - _NAMES_SHOWN} more"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _draft_reason(entry: SurveyEntry) -> str:
    parts = ["TODO: review."]
    if entry.fork_overlap:
        parts.append(f"Touches {_names(entry.fork_overlap)}, which the fork changed.")
    elif entry.members:
        parts.append(f"Touches {_names(entry.members)}, which the fork did not change.")
    else:
        parts.append(f"Touches {len(entry.files)} file(s) in question but no Java member.")
    forecast = _FORECAST_WORDS.get(entry.forecast, entry.forecast)
    if entry.conflicts:
        forecast += f" in {_names(entry.conflicts)}"
    parts.append(f"Forecast: {forecast}.")
    if entry.reverted_by is not None:
        by = f"#{entry.reverted_by.pr}" if entry.reverted_by.pr is not None else entry.reverted_by.commit[:10]
        parts.append(f"Reverted upstream by {by}.")
    if entry.reverts is not None:
        parts.append(f"Reverts upstream commit {entry.reverts[:10]}.")
    if entry.present:
        parts.append(f"Already on the fork: {entry.present}.")
    return " ".join(parts)


def _priorities(entries: list[SurveyEntry]) -> dict[str, int]:
    """Rank commits: more members the fork also changed first; present, reverted and reverting ones last."""
    def rank(indexed: tuple[int, SurveyEntry]) -> tuple[bool, int, int]:
        index, entry = indexed
        settled = entry.present is not None or entry.reverted_by is not None or entry.reverts is not None
        return settled, -len(entry.fork_overlap), index

    ordered = sorted(enumerate(entries), key=rank)
    return {entry.commit: priority for priority, (_, entry) in enumerate(ordered, start=1)}


def _draft_entry(entry: SurveyEntry, patch_id: str, priority: int) -> list[str]:
    lines = [f"  - id: {patch_id}"]
    if entry.pr is not None:
        lines.append(f"    pr: {entry.pr}")
    lines += [
        f"    commit: {entry.commit}",
        "    decision: skip",
        f"    priority: {priority}",
        f"    reason: {json.dumps(_draft_reason(entry), ensure_ascii=False)}",
    ]
    sites = [f"{c.path}#{simple_member_name(c.member, with_parameters=False)}" for c in entry.conflicts if c.member]
    if sites:
        lines.append("    expect_conflicts:")
        lines += [f"      - {json.dumps(site, ensure_ascii=False)}" for site in dict.fromkeys(sites)]
    return lines


def draft_manifest_entries(result: SurveyResult) -> str:
    """Return YAML `patches:` entries for the surveyed commits that the manifest does not list yet.

    Strings are written as JSON strings, which are valid YAML double-quoted scalars.
    """
    scope = ", ".join(result.paths) if result.paths else "the files the fork changed"
    lines = _DRAFT_HEADER.format(
        count=len(result.entries), upstream=result.upstream, fork_point=result.fork_point[:10], scope=scope
    ).splitlines()
    lines = [output.safe(line) for line in lines]
    fresh = [entry for entry in result.entries if entry.manifest_patch is None]
    for entry in result.entries:
        if entry.manifest_patch is not None:
            lines.append(f"# already in the manifest as '{entry.manifest_patch}': {entry.commit[:10]}")
    lines.append("patches:" if fresh else "patches: []")
    priorities = _priorities(fresh)
    used_ids: set[str] = set()
    for entry in fresh:
        lines += _draft_entry(entry, _patch_id(entry, used_ids), priorities[entry.commit])
    return "\n".join(lines) + "\n"


def _question(
    manifest: Manifest | None, fork: str | None, upstream: str | None, since: str | None, paths: tuple[str, ...]
) -> SurveyQuestion:
    fork = fork or (manifest.fork if manifest else None)
    upstream = upstream or (manifest.upstream if manifest else None)
    if fork is None:
        raise click.UsageError("Missing --fork: name the fork branch (such as prod-30), or pass --manifest to read it from a manifest.")
    if upstream is None:
        raise click.UsageError(
            "Missing --upstream: name the upstream ref (such as upstream/master), or pass --manifest to read it from a manifest."
        )
    return SurveyQuestion(fork=fork, upstream=upstream, since=since, paths=paths, manifest=manifest)


@click.command(name="survey")
@click.option("--repo", type=click.Path(path_type=Path), default=Path("."), show_default=True,
              help="The fork's repository (any folder inside its work tree).")
@click.option("--manifest", "manifest_path", type=click.Path(path_type=Path),
              help="Read --fork, --upstream, the fork point, path_map and merge rules from this manifest.")
@click.option("--fork", callback=pasted_id, help="The fork branch, such as prod-30.")
@click.option("--upstream", callback=pasted_id, help="The upstream ref, such as upstream/master.")
@click.option("--since", callback=pasted_id, help="List commits after this ref instead of after the merge base of fork and upstream.")
@click.option("--path", "paths", multiple=True,
              help="A path glob to survey (** crosses folders); repeat it for more. Default: the files the fork changed.")
@click.option("--yaml", "as_yaml", is_flag=True, help="Print draft manifest `patches:` entries instead of the list.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document on stdout and nothing else there.")
def command(
    repo: Path, manifest_path: Path | None, fork: str | None, upstream: str | None, since: str | None,
    paths: tuple[str, ...], as_yaml: bool, as_json: bool,
) -> None:
    """List upstream commits since the fork point that touch the fork's files, with overlap and conflict forecast."""
    if as_yaml and as_json:
        raise click.UsageError("Choose one of --yaml and --json.")
    manifest = load_manifest(manifest_path) if manifest_path is not None else None
    result = survey(repo, _question(manifest, fork, upstream, since, paths))
    if as_json:
        click.echo(json.dumps(to_plain(result), indent=2, ensure_ascii=False))
    elif as_yaml:
        click.echo(draft_manifest_entries(result), nl=False)
    else:
        show_survey(result)
