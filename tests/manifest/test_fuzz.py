"""Property tests: whatever the file holds, load_manifest returns a Manifest or raises ManifestError."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from patchkit.errors import ManifestError
from patchkit.manifest import load_manifest
from tests.manifest.conftest import DRUID_MANIFEST

DRUID_LINES = DRUID_MANIFEST.read_text(encoding="utf-8").splitlines(keepends=True)

# Values that YAML reads as something other than a plain string, or cannot read.
ODD_VALUES = [
    "0", "-1", "1.5", "1.0", "1e3", "0x1F", ".inf", "true", "null", "~", "''", "[]", "{}", "[1, [2]]",
    "{a: 1}", "*x", "&x y", "!!int x", "!!float x", "!!bool x", "!!binary aGk=", "! 1", "2024-02-30",
    "'", '"', "[", "{", "|", ">", "- a", "? a", ": a", "\t", "a\tb", "%YAML 1.1", "---", "...",
    "@", "`", "#", "\x07", "\ufeff", "𝔘", "é",
]

FUZZ_SETTINGS = settings(
    max_examples=int(os.environ.get("PATCHKIT_FUZZ_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def _check_outcome(path: Path, line_count: int) -> None:
    try:
        load_manifest(path)
    except ManifestError as error:
        assert str(error).startswith(str(path))
        assert error.problem
        assert error.line is None or 1 <= error.line <= line_count + 1


def _mutated(index: int, mutation: str, value: str) -> str:
    lines = list(DRUID_LINES)
    target = lines[index % len(lines)]
    if mutation == "delete":
        del lines[index % len(lines)]
    elif mutation == "duplicate":
        lines.insert(index % len(lines), target)
    elif ":" in target:
        key = target.split(":", 1)[0]
        lines[index % len(lines)] = f"{key}: {value}\n"
    else:
        lines[index % len(lines)] = f"{value}\n"
    return "".join(lines)


@FUZZ_SETTINGS
@given(text=st.text(max_size=400))
def test_any_text(tmp_path: Path, text: str) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_text(text, encoding="utf-8", newline="")

    _check_outcome(path, text.count("\n") + 1)


@FUZZ_SETTINGS
@given(data=st.binary(max_size=400))
def test_any_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(data)

    _check_outcome(path, data.count(b"\n") + 1)


@FUZZ_SETTINGS
@given(
    index=st.integers(min_value=0, max_value=len(DRUID_LINES) - 1),
    mutation=st.sampled_from(["delete", "duplicate", "replace"]),
    value=st.one_of(st.sampled_from(ODD_VALUES), st.text(max_size=20)),
)
def test_mutated_druid_manifest(tmp_path: Path, index: int, mutation: str, value: str) -> None:
    text = _mutated(index, mutation, value)
    path = tmp_path / "fuzz.yaml"
    path.write_text(text, encoding="utf-8", newline="")

    _check_outcome(path, text.count("\n") + 1)
