"""Fixtures for every test: isolation from the user's git setup, and the sample fork.

The sample fork is built once per session and copied for each test that requests
it, because building it writes a few hundred objects.
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from pathlib import Path

import pygit2
import pytest

from patchkit.sample import SampleFork, build_sample_fork

_CONFIG_LEVELS = (
    pygit2.enums.ConfigLevel.SYSTEM,
    pygit2.enums.ConfigLevel.XDG,
    pygit2.enums.ConfigLevel.GLOBAL,
)


@pytest.fixture(autouse=True)
def isolated_git(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point HOME and every git configuration search path at an empty temporary folder.

    The environment variables reach the git CLI. libgit2 reads HOME once per process,
    so its search paths are set through pygit2 and restored afterwards.
    """
    home = tmp_path_factory.mktemp("home")
    global_config = home / ".gitconfig"
    global_config.write_text("", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(global_config))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)

    saved = {level: pygit2.settings.search_path[level] for level in _CONFIG_LEVELS}
    for level in _CONFIG_LEVELS:
        pygit2.settings.search_path[level] = str(home)
    try:
        yield home
    finally:
        for level, path in saved.items():
            pygit2.settings.search_path[level] = path


@pytest.fixture(scope="session")
def sample_fork_template(tmp_path_factory: pytest.TempPathFactory) -> SampleFork:
    """Build the sample fork once; tests must not change it (use `sample_fork`)."""
    return build_sample_fork(tmp_path_factory.mktemp("sample-template") / "druid")


@pytest.fixture
def sample_fork(sample_fork_template: SampleFork, tmp_path: Path) -> SampleFork:
    """Return a private copy of the sample fork in this test's temporary folder."""
    copy = tmp_path / "druid"
    shutil.copytree(sample_fork_template.path, copy, symlinks=True)
    return dataclasses.replace(sample_fork_template, path=copy)
