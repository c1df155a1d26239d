"""The text `patchkit plan` prints for patches it cannot find."""

from __future__ import annotations

from pathlib import Path

from tests.runner.scenarios import fork_and_upstream, patch_entry, write_manifest
from tests.safety.harness import run_patchkit

GHOST_COMMIT = "  - {id: ghost, commit: deadbeef00, decision: apply, priority: 2}\n"
GHOST_PR = "  - {id: ghost, pr: 999, decision: apply, priority: 2}\n"


def _plan(tmp_path: Path, ghost: str) -> str:
    fork_and_upstream(tmp_path / "repo")
    manifest = write_manifest(tmp_path, patch_entry("size", 10, 1) + ghost)
    result = run_patchkit("plan", str(manifest), "--repo", str(tmp_path / "repo"))
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_missing_commit_summary(tmp_path: Path) -> None:
    stdout = _plan(tmp_path, GHOST_COMMIT)
    summary = stdout.splitlines()[-1]

    assert "commit deadbeef00 was not found." in summary
    assert ".." not in summary
    assert "('deadbeef00')" not in stdout


def test_missing_pr_summary(tmp_path: Path) -> None:
    summary = _plan(tmp_path, GHOST_PR).splitlines()[-1]

    assert "(#999)" in summary
    assert "`commit:`. Nothing was changed." in summary
    assert ".." not in summary


def test_label_without_pr(tmp_path: Path) -> None:
    lines = _plan(tmp_path, GHOST_COMMIT).splitlines()

    assert "ghost: commit not found" in lines
    assert not any(line.startswith("ghost ghost") for line in lines)


def test_missing_fork_names_line(tmp_path: Path) -> None:
    fork_and_upstream(tmp_path / "repo")
    manifest = write_manifest(tmp_path, patch_entry("size", 10, 1))
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("fork: fork\n", "fork: no-such-branch\n"),
                        encoding="utf-8")

    result = run_patchkit("plan", str(manifest), "--repo", str(tmp_path / "repo"))

    assert result.returncode == 2
    assert f"{manifest}:3 at 'fork'" in result.stderr
    assert "Traceback" not in result.stderr
