"""Fixtures for the manifest tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

REPOSITORY_ROOT = Path(__file__).resolve().parents[2]
DRUID_MANIFEST = REPOSITORY_ROOT / "patchsets" / "druid-30.yaml"

# The smallest valid manifest; tests append or replace lines to build cases.
MINIMAL = """\
patchset: sample
upstream: upstream/master
fork: prod-30
work_branch: refresh/sample
patches:
  - id: first
    pr: 101
    decision: apply
    priority: 1
"""

WriteManifest = Callable[..., Path]


@pytest.fixture
def write_manifest(tmp_path: Path) -> WriteManifest:
    """Return a function that writes text or bytes to a manifest file in tmp_path."""

    def write(content: str | bytes, name: str = "sample.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        path.write_bytes(data)
        return path

    return write
