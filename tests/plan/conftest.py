"""Fixtures for the plan tests: manifests derived from the bundled druid-30 manifest."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from patchkit.bundled import bundled_path
from patchkit.sample import SampleFork
from tests.repobuilder import give_identity

ManifestWriter = Callable[..., Path]


@pytest.fixture
def druid_manifest(tmp_path: Path) -> ManifestWriter:
    """Return a function that writes the druid-30 manifest with text replacements applied."""

    def write(*replacements: tuple[str, str], name: str = "druid-30.yaml") -> Path:
        text = bundled_path("patchsets", "druid-30.yaml").read_text(encoding="utf-8")
        for old, new in replacements:
            assert old in text, f"{old!r} is not in the manifest"
            text = text.replace(old, new)
        target = tmp_path / "patchsets" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return target

    return write


@pytest.fixture
def sample_fork(sample_fork: SampleFork) -> SampleFork:
    """Return the sample fork with a committer identity, which apply needs and so plan checks."""
    give_identity(sample_fork.path)
    return sample_fork
