"""Upstream commits with crafted tree entries (`..`, `.git`, names with slashes or absolute paths).

Whatever patchkit does with such a commit, it must write nothing outside the work
tree and nothing into `.git`. It rejects the commit with exit 2 and leaves the
repository unchanged.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from patchkit.plan import Forecast, plan_run
from tests.repobuilder import snapshot
from tests.runner.scenarios import manifest_text, patch_entry
from tests.safety.craftedtrees import HOSTILE_ENTRIES, hostile_fork
from tests.safety.harness import run_patchkit, saved_state

CASES = sorted(HOSTILE_ENTRIES)


def _written_outside(tmp_path: Path, repo: Path) -> list[Path]:
    return [path for path in tmp_path.rglob("escaped.txt") if repo not in path.parents]


@pytest.mark.parametrize("case", CASES)
def test_nothing_written_outside(tmp_path: Path, case: str) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    builder, manifest = hostile_fork(tmp_path, case, outside)
    config = (builder.path / ".git" / "config").read_bytes()

    result = run_patchkit("apply", str(manifest), "--repo", str(builder.path))
    if saved_state(builder.path) is not None:
        run_patchkit("abort", "--repo", str(builder.path))

    assert _written_outside(tmp_path, builder.path) == []
    assert not (builder.path / ".git" / "hooks" / "post-checkout").exists()
    assert (builder.path / ".git" / "config").read_bytes() == config
    assert not (builder.path / "hook-ran.txt").exists()
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("case", CASES)
def test_crafted_tree_rejected(tmp_path: Path, case: str) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    builder, manifest = hostile_fork(tmp_path, case, outside)
    before = snapshot(builder.path, objects=True)

    result = run_patchkit("apply", str(manifest), "--repo", str(builder.path))

    assert "Traceback" not in result.stderr
    assert result.returncode == 2, result.stderr
    assert saved_state(builder.path) is None
    assert snapshot(builder.path, objects=True) == before


@pytest.mark.parametrize("case", CASES)
def test_plan_names_crafted_tree(tmp_path: Path, case: str) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    builder, manifest = hostile_fork(tmp_path, case, outside)

    result = run_patchkit("plan", str(manifest), "--repo", str(builder.path))

    assert "Traceback" not in result.stderr
    assert "patchkit rejects the commit" in result.stdout + result.stderr
    assert _written_outside(tmp_path, builder.path) == []


def test_plan_ignores_skipped_crafted_tree(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    builder, manifest = hostile_fork(tmp_path, "dot-name", outside)
    manifest.write_text(
        manifest_text(patch_entry("hostile", 20, decision="skip", reason="Reviewed and not needed.")), encoding="utf-8"
    )

    result = plan_run(manifest, builder.path)

    assert [patch.forecast for patch in result.patches] == [Forecast.SKIPPED]
    assert not any("rejects the commit" in blocker for blocker in result.blockers)


@pytest.mark.parametrize("case", ["nested-git", "latin1-name"])
def test_survey_rejects_crafted_tree(tmp_path: Path, case: str) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    builder, _ = hostile_fork(tmp_path, case, outside)

    result = run_patchkit(
        "survey", "--repo", str(builder.path), "--fork", "fork", "--upstream", "upstream", "--since", "base",
        "--path", "**",
    )

    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "forecast: rejected: its path" in result.stdout
