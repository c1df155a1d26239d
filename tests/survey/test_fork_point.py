"""survey checks the manifest's fork point as apply does."""

from __future__ import annotations

from pathlib import Path

from tests.runner.scenarios import fork_and_upstream, patch_entry, write_manifest
from tests.safety.harness import run_patchkit


def _survey(tmp_path: Path, fork_point: str) -> tuple[int, str]:
    fork_and_upstream(tmp_path / "repo")
    manifest = write_manifest(tmp_path, patch_entry("size", 10, 1))
    text = manifest.read_text(encoding="utf-8").replace("fork_point: base", f"fork_point: {fork_point}")
    manifest.write_text(text, encoding="utf-8")
    result = run_patchkit("survey", "--manifest", str(manifest), "--repo", str(tmp_path / "repo"))
    return result.returncode, " ".join(result.stderr.split())


def test_fork_point_on_fork(tmp_path: Path) -> None:
    code, message = _survey(tmp_path, "fork")

    assert code == 2
    assert "patchset.yaml:4 at 'fork_point'" in message
    assert "is not an ancestor of the upstream ref 'upstream'" in message
    assert "`git merge-base fork upstream`" in message


def test_fork_point_valid(tmp_path: Path) -> None:
    code, message = _survey(tmp_path, "base")

    assert code == 0, message
