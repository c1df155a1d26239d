"""Commit ids and refs pasted from the Markdown report, with its invisible characters."""

from __future__ import annotations

import json
from pathlib import Path

from patchkit.commands.arguments import strip_invisible
from patchkit.report.escape import break_autolinks
from tests.runner.scenarios import fork_and_upstream, patch_entry, write_manifest
from tests.safety.harness import run_patchkit


def test_strip_word_joiner() -> None:
    assert strip_invisible("abcdef\u2060123") == "abcdef123"


def test_strip_zero_width_space() -> None:
    assert strip_invisible("\u200babc\u200b") == "abc"


def test_strip_keeps_other_text() -> None:
    assert strip_invisible("upstream/main") == "upstream/main"


def _pasted(commit_id: str) -> str:
    pasted = break_autolinks(commit_id)
    assert "\u2060" in pasted
    return pasted


def test_survey_pasted_since(tmp_path: Path) -> None:
    builder = fork_and_upstream(tmp_path / "repo")
    since = builder.commits["Fix size (#10)"]

    result = run_patchkit(
        "survey", "--repo", str(tmp_path / "repo"), "--fork", "fork", "--upstream", "upstream",
        "--since", _pasted(since), "--json",
    )

    assert result.returncode == 0, result.stderr
    subjects = [entry["subject"] for entry in json.loads(result.stdout)["entries"]]
    assert "Fix size (#10)" not in subjects


def test_verify_pasted_ref(tmp_path: Path) -> None:
    builder = fork_and_upstream(tmp_path / "repo")
    manifest = write_manifest(tmp_path, patch_entry("size", 10, 1))

    ref = _pasted(builder.commits["Fix size (#10)"])

    result = run_patchkit("verify", str(manifest), "--repo", str(tmp_path / "repo"), "--ref", ref, "--json")

    assert "was not found" not in result.stderr
    assert json.loads(result.stdout)["status"] == "skipped"
