"""Hypothesis: whatever `.git/patchkit/state.json` contains, load_state returns a RunState or raises StateError.

A state file can be cut short by a full disk or edited by hand. `status`, `continue`
and `abort` must then explain the problem instead of crashing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from patchkit.errors import StateError
from patchkit.records import to_plain
from patchkit.state import Phase, RunState, load_state, save_state, state_path
from patchkit.textcodec import decode_text, encode_text

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

VALID = RunState(
    manifest_path="/work/patchset.yaml", repository="/work/repo", started_at="2026-01-01T00:00:00+00:00",
    original_head_ref="refs/heads/fork", original_head="a" * 40, fork_commit="a" * 40, fork_point="b" * 40,
    upstream_tip="c" * 40, work_branch="refresh", tip="a" * 40, queue=("one", "two"),
    upstream_commits={"one": "d" * 40, "two": "e" * 40}, outcomes=(), phase=Phase.PICKING,
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3),
    max_leaves=8,
)


def _load(git_dir: Path, data: bytes) -> None:
    path = state_path(git_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    try:
        state = load_state(git_dir)
    except StateError as error:
        assert str(path) in str(error)
        return
    assert isinstance(state, RunState)


def test_valid_state_round_trip(tmp_path: Path) -> None:
    save_state(tmp_path, VALID)

    assert load_state(tmp_path) == VALID


@SETTINGS
@given(data=st.binary(max_size=300))
def test_any_bytes(tmp_path: Path, data: bytes) -> None:
    _load(tmp_path, data)


@SETTINGS
@given(document=JSON_VALUES)
def test_any_json(tmp_path: Path, document: Any) -> None:
    _load(tmp_path, json.dumps(document).encode())


@SETTINGS
@given(key=st.sampled_from(sorted(to_plain(VALID))), value=JSON_VALUES)
def test_one_field_replaced(tmp_path: Path, key: str, value: Any) -> None:
    document = to_plain(VALID)
    document[key] = value

    _load(tmp_path, json.dumps(document).encode())


@SETTINGS
@given(data=st.binary(max_size=300))
def test_text_round_trip(data: bytes) -> None:
    text = decode_text(data)

    if b"\0" in data:
        assert text is None
    else:
        assert text is not None
        assert encode_text(text) == data
