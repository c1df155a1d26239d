"""Hypothesis: YAML documents built from random structures, and manifests with random values per key.

The text-level fuzzing in `tests/manifest/test_fuzz.py` rarely produces a well-formed
document of the right shape. These strategies do, so the schema and cross-key checks
see wrong types and odd values in every place: load_manifest must return a Manifest
or raise ManifestError, nothing else.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from patchkit.errors import ManifestError
from patchkit.manifest import load_manifest

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=True), st.text(max_size=30),
    st.sampled_from(["apply", "skip", "high", "1", "0x1F", "8850023811", "refs/heads/x", "**/*.java", "[", "*"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12,
)
PATCH_KEYS = ["id", "pr", "upstream_sha", "commit", "decision", "priority", "impact", "reason", "expect_conflicts", "acknowledge_revert"]
TOP_KEYS = ["patchset", "upstream", "fork", "fork_point", "work_branch", "patches", "rules", "build", "components", "path_map"]


def _dump(document: Any) -> str:
    stream = io.StringIO()
    YAML(typ="safe", pure=True).dump(document, stream)
    return stream.getvalue()


@st.composite
def manifests(draw: st.DrawFn) -> dict[str, Any]:
    """Draw a manifest-shaped mapping: known keys, each present or not, each with a random or sane value."""
    patch = {key: draw(VALUES) for key in draw(st.lists(st.sampled_from(PATCH_KEYS), unique=True))}
    sane = {
        "patchset": "fuzz", "upstream": "upstream/master", "fork": "prod", "work_branch": "refresh/fuzz",
        "patches": [patch],
    }
    document: dict[str, Any] = {}
    for key in TOP_KEYS:
        choice = draw(st.sampled_from(["sane", "random", "absent"]))
        if choice == "sane" and key in sane:
            document[key] = sane[key]
        elif choice == "random":
            document[key] = draw(VALUES)
    return document


def _check(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    try:
        load_manifest(path)
    except ManifestError as error:
        assert str(error).startswith(str(path))
        assert error.problem


@SETTINGS
@given(document=VALUES)
def test_any_yaml_document(tmp_path: Path, document: Any) -> None:
    _check(tmp_path / "fuzz.yaml", _dump(document))


@SETTINGS
@given(document=manifests())
def test_manifest_shaped_document(tmp_path: Path, document: dict[str, Any]) -> None:
    _check(tmp_path / "fuzz.yaml", _dump(document))
