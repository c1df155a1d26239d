"""plan reports when apply would refuse to start, not only how the picks go."""

from __future__ import annotations

from pathlib import Path

import pygit2

from patchkit.bundled import bundled_path
from patchkit.plan import plan_run
from patchkit.sample import SampleFork
from tests.plan.conftest import ManifestWriter


def test_existing_work_branch_blocks(sample_fork: SampleFork) -> None:
    repo = pygit2.Repository(str(sample_fork.path))
    repo.create_reference_direct("refs/heads/refresh/druid-30", repo.head.target, False)

    result = plan_run(bundled_path("patchsets", "druid-30.yaml"), sample_fork.path)

    assert len(result.blockers) == 1
    assert result.blockers[0].startswith("Branch refresh/druid-30 already exists (at ")
    assert "`git branch -D refresh/druid-30`" in result.blockers[0]


def test_missing_pr_blocks(sample_fork: SampleFork, druid_manifest: ManifestWriter) -> None:
    manifest = druid_manifest(("pr: 16711", "pr: 99999"))

    result = plan_run(manifest, sample_fork.path)

    assert len(result.blockers) == 1
    assert "(#99999)" in result.blockers[0]


def test_clean_plan_has_no_blockers(sample_fork: SampleFork) -> None:
    result = plan_run(bundled_path("patchsets", "druid-30.yaml"), sample_fork.path)
    assert result.blockers == ()


def test_dirty_work_tree_blocks(sample_fork: SampleFork) -> None:
    repo = pygit2.Repository(str(sample_fork.path))
    tracked = next(entry.name for entry in repo.head.peel(pygit2.Commit).tree if entry.type_str == "blob")
    (sample_fork.path / tracked).write_text("edited by hand\n", encoding="utf-8")

    result = plan_run(bundled_path("patchsets", "druid-30.yaml"), sample_fork.path)

    assert len(result.blockers) == 1
    assert f"has uncommitted changes ({tracked})" in result.blockers[0]


def test_missing_pom_blocks(sample_fork: SampleFork, druid_manifest: ManifestWriter) -> None:
    manifest = druid_manifest(("flags: [-DskipTests]", "flags: [-DskipTests, -f, nowhere/pom.xml]"))

    result = plan_run(manifest, sample_fork.path)

    assert len(result.blockers) == 1
    assert "nowhere/pom.xml" in result.blockers[0]


def test_missing_identity_blocks(sample_fork: SampleFork) -> None:
    repo = pygit2.Repository(str(sample_fork.path))
    del repo.config["user.name"]
    del repo.config["user.email"]

    result = plan_run(bundled_path("patchsets", "druid-30.yaml"), sample_fork.path)

    assert len(result.blockers) == 1
    assert result.blockers[0].startswith("git has no identity to record as committer.")


def test_git_merge_in_progress_blocks(sample_fork: SampleFork) -> None:
    repo = pygit2.Repository(str(sample_fork.path))
    (Path(repo.path) / "MERGE_HEAD").write_text(f"{repo.head.target}\n", encoding="utf-8")

    result = plan_run(bundled_path("patchsets", "druid-30.yaml"), sample_fork.path)

    assert len(result.blockers) == 1
    assert "is in the middle of a merge" in result.blockers[0]


def test_every_blocker_listed(sample_fork: SampleFork) -> None:
    repo = pygit2.Repository(str(sample_fork.path))
    repo.create_reference_direct("refs/heads/refresh/druid-30", repo.head.target, False)
    del repo.config["user.name"]

    result = plan_run(bundled_path("patchsets", "druid-30.yaml"), sample_fork.path)

    assert [blocker.split(" ")[0] for blocker in result.blockers] == ["git", "Branch"]
