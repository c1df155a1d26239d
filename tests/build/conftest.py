"""Fixtures for the build tests: the sample Maven project and a shared local Maven repository."""

from __future__ import annotations

import os
from pathlib import Path

import pygit2
import pytest

from tests.build.repos import make_repo
from tests.build.sample_project import FILES


@pytest.fixture(scope="session")
def maven_repo_local(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the local Maven repository the tests pass as -Dmaven.repo.local.

    PATCHKIT_TEST_MAVEN_REPO chooses it. Otherwise it lives in pytest's cache
    folder, so plugins and JUnit are downloaded from Maven Central once, not
    on every run, and the user's ~/.m2 is left alone.
    """
    chosen = os.environ.get("PATCHKIT_TEST_MAVEN_REPO")
    if chosen:
        return Path(chosen)
    cache = getattr(request.config, "cache", None)
    if cache is not None:
        return Path(cache.mkdir("maven-repo"))
    return tmp_path_factory.mktemp("maven-repo")


@pytest.fixture
def sample_repo(tmp_path: Path) -> pygit2.Repository:
    """Return a fresh repository with the two-module sample project on `main`."""
    return make_repo(tmp_path / "fork", FILES)
