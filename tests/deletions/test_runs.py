"""Settled delete/modify conflicts through `apply` and `plan`, and how reports show them."""

from __future__ import annotations

import json
from pathlib import Path

import pygit2
from click.testing import CliRunner

from patchkit.commands.plan import command as plan_command
from patchkit.errors import EXIT_OK, EXIT_STOPPED
from patchkit.model import PatchStatus, ResolutionKind
from patchkit.plan import Forecast, plan_run
from patchkit.report.jsonreport import render_json
from patchkit.report.markdown import render_markdown
from patchkit.runner import apply
from tests.deletions.repos import (
    CONTRIB,
    CORE,
    GONE,
    GONE_BASE,
    NEW,
    commit_of,
    deletion_repo,
    moved_repo,
)
from tests.runner.scenarios import patch_entry, write_manifest

TAKE_DELETION = "built-in: take upstream's deletion"
LEAVE_OUT = "built-in: leave out a file the fork never had"


def test_apply_takes_deletion(tmp_path: Path) -> None:
    builder = deletion_repo(tmp_path / "repo")
    result = apply(write_manifest(tmp_path, patch_entry("drop-gone", 31, 1)), builder.path)

    assert result.exit_code == EXIT_OK
    [outcome] = result.record.patches
    assert outcome.status is PatchStatus.RESOLVED
    assert outcome.new_commit is not None
    assert GONE not in builder.repo[outcome.new_commit].peel(pygit2.Commit).tree
    assert outcome.files == (GONE,)
    [record] = outcome.conflicts
    assert record.resolution is ResolutionKind.RULE
    assert record.rule == TAKE_DELETION


def test_report_names_rule(tmp_path: Path) -> None:
    builder = deletion_repo(tmp_path / "repo")
    result = apply(write_manifest(tmp_path, patch_entry("drop-gone", 31, 1)), builder.path)
    assert result.record is not None

    markdown = render_markdown(result.record)
    assert f"resolved by rule `{TAKE_DELETION}`" in markdown
    assert f"upstream deleted {GONE}" in markdown
    assert "No resolved code" not in markdown
    assert "No code to compare: the rule kept or deleted the whole file" in markdown
    [record] = json.loads(render_json(result.record))["patches"][0]["conflicts"]
    assert record["resolution"] == "rule"
    assert record["rule"] == TAKE_DELETION


def test_apply_stops_on_fork_edit(tmp_path: Path) -> None:
    builder = deletion_repo(tmp_path / "repo", {GONE: GONE_BASE + "\n"})
    result = apply(write_manifest(tmp_path, patch_entry("drop-gone", 31, 1)), builder.path)

    assert result.exit_code == EXIT_STOPPED
    [record] = result.record.patches[0].conflicts
    assert record.resolution is ResolutionKind.UNRESOLVED
    assert record.rule is None


def test_apply_leaves_out_file(tmp_path: Path) -> None:
    builder = deletion_repo(tmp_path / "repo")
    fork_tip = str(commit_of(builder, "fork").id)
    result = apply(write_manifest(tmp_path, patch_entry("new", 33, 1)), builder.path)

    assert result.exit_code == EXIT_OK
    [outcome] = result.record.patches
    assert outcome.status is PatchStatus.RESOLVED
    assert outcome.new_commit is None
    assert outcome.files == ()
    assert any("nothing was committed" in note for note in outcome.notes)
    assert not any("already has this change" in note for note in outcome.notes)
    [record] = outcome.conflicts
    assert record.path == NEW
    assert record.rule == LEAVE_OUT
    assert str(builder.repo.references["refs/heads/refresh"].target) == fork_tip


def test_plan_leaves_out_file(tmp_path: Path) -> None:
    builder = deletion_repo(tmp_path / "repo")
    manifest = write_manifest(tmp_path, patch_entry("new", 33, 1) + patch_entry("drop-gone", 31, 2))

    planned = {patch.outcome.id: patch for patch in plan_run(manifest, builder.path).patches}
    assert planned["new"].forecast is Forecast.RESOLVED
    assert planned["drop-gone"].forecast is Forecast.RESOLVED
    assert planned["new"].outcome.conflicts[0].rule == LEAVE_OUT

    plan_output = CliRunner().invoke(plan_command, [str(manifest), "--repo", str(builder.path)])
    assert plan_output.exit_code == 0
    assert f"resolved by rule {LEAVE_OUT}: {NEW}" in plan_output.output
    assert f"resolved by rule {TAKE_DELETION}: {GONE}" in plan_output.output


def test_moved_deletion_taken(tmp_path: Path) -> None:
    builder = moved_repo(tmp_path / "repo")
    result = apply(write_manifest(tmp_path, patch_entry("drop-helper", 22, 1)), builder.path)

    assert result.exit_code == EXIT_OK
    [outcome] = result.record.patches
    assert outcome.status is PatchStatus.RESOLVED
    tree = builder.repo[outcome.new_commit].peel(pygit2.Commit).tree
    assert f"{CONTRIB}/Helper.java" not in tree
    assert f"{CONTRIB}/App.java" in tree
    [record] = outcome.conflicts
    assert record.path == f"{CONTRIB}/Helper.java"
    assert record.upstream_path == f"{CORE}/Helper.java"
    assert record.rule == TAKE_DELETION


def test_moved_addition_left_out(tmp_path: Path) -> None:
    builder = moved_repo(tmp_path / "repo")
    result = apply(write_manifest(tmp_path, patch_entry("extra", 24, 1)), builder.path)

    assert result.exit_code == EXIT_OK
    [outcome] = result.record.patches
    assert outcome.status is PatchStatus.RESOLVED
    [record] = outcome.conflicts
    assert record.rule == LEAVE_OUT
    assert record.path == f"{CONTRIB}/Extra.java"
    assert f"{CORE}/Extra.java ({CONTRIB}/Extra.java on the fork)" in record.reason
