"""A repository that lacks the content of a file a pick needs, as a partial clone may."""

from __future__ import annotations

from pathlib import Path

import pygit2

from tests.repobuilder import give_identity, snapshot
from tests.runner.scenarios import fork_and_upstream, manifest_text, patch_entry
from tests.safety.harness import run_patchkit, saved_state


def _without_upstream_blob(tmp_path: Path) -> tuple[Path, Path]:
    """Return a fork whose upstream commit `Fix size (#10)` lacks its new App.java, and a manifest picking it."""
    builder = fork_and_upstream(tmp_path / "repo")
    commit = builder.repo[builder.commits["Fix size (#10)"]].peel(pygit2.Commit)
    blob = commit.tree["src/App.java"].id
    (Path(builder.repo.path) / "objects" / str(blob)[:2] / str(blob)[2:]).unlink()
    manifest = tmp_path / "patchset.yaml"
    manifest.write_text(manifest_text(patch_entry("size", 10, 1)), encoding="utf-8")
    return builder.path, manifest


def test_plan_rejects_missing_object(tmp_path: Path) -> None:
    repo, manifest = _without_upstream_blob(tmp_path)

    result = run_patchkit("plan", str(manifest), "--repo", str(repo))

    assert "Traceback" not in result.stderr
    assert "size: rejected" in result.stdout
    assert "changes src/App.java, whose content the repository lacks" in result.stdout
    assert "partial clone" in result.stdout


def test_apply_rejects_missing_object(tmp_path: Path) -> None:
    repo, manifest = _without_upstream_blob(tmp_path)
    give_identity(repo)
    before = snapshot(repo, objects=True)

    result = run_patchkit("apply", str(manifest), "--repo", str(repo), "--no-build")

    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "changes src/App.java, whose content the repository lacks" in result.stderr
    assert saved_state(repo) is None
    assert snapshot(repo, objects=True) == before
