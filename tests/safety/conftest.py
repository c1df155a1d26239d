"""Fixtures of the safety tests: the sample fork as a user would have it, with an untracked file."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pygit2
import pytest

from patchkit.bundled import bundled_path
from patchkit.sample import SampleFork

UNTRACKED_NAME = "notes-of-the-user.txt"


@dataclass(frozen=True)
class UserFork:
    """The sample fork with a committer identity, an untracked user file, and the druid-30 manifest."""

    path: Path
    manifest: Path
    work_branch: str
    fork_commit: str


@pytest.fixture
def user_fork(sample_fork: SampleFork) -> UserFork:
    repo = pygit2.Repository(str(sample_fork.path))
    repo.config["user.name"] = "Release Engineer"
    repo.config["user.email"] = "release@example.invalid"
    (sample_fork.path / UNTRACKED_NAME).write_text("work in progress, not committed\n", encoding="utf-8")
    fork_commit = str(repo.references[f"refs/heads/{sample_fork.fork_branch}"].target)
    manifest = copy_manifest(sample_fork.path.parent / "manifest")
    return UserFork(sample_fork.path, manifest, "refresh/druid-30", fork_commit)


def copy_manifest(folder: Path) -> Path:
    """Copy the druid-30 manifest into `folder`, without the recorded resolutions beside the original.

    Without them the sample run stops at #18576 for a human, and `continue` records its
    resolution in `folder` instead of in the project's own `patchsets/`.
    """
    folder.mkdir(parents=True)
    manifest = folder / "druid-30.yaml"
    shutil.copyfile(bundled_path("patchsets", "druid-30.yaml"), manifest)
    return manifest


@pytest.fixture(autouse=True)
def crash_log_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Send the crash logs of patchkit processes to a test folder instead of the system's /tmp."""
    folder = tmp_path_factory.mktemp("crash-logs")
    monkeypatch.setenv("TMPDIR", str(folder))
    return folder
