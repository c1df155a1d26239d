"""The backport history every evaluate test reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.evaluate.history import build
from tests.repobuilder import RepoBuilder


@pytest.fixture
def history(tmp_path: Path) -> RepoBuilder:
    return build(tmp_path / "repo")
