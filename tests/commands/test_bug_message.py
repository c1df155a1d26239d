from __future__ import annotations

import pytest

from patchkit import cli


@pytest.mark.parametrize(("argv", "resumable"), [
    (["patchkit", "apply", "m.yaml"], True),
    (["patchkit", "-v", "continue"], True),
    (["patchkit", "plan", "m.yaml", "--json"], False),
    (["patchkit", "survey", "--yaml"], False),
    (["patchkit"], False),
])
def test_bug_message_names_saved_state(monkeypatch: pytest.MonkeyPatch, argv: list[str], resumable: bool) -> None:
    monkeypatch.setattr("sys.argv", argv)
    message = cli._state_after_bug()
    assert ("patchkit status" in message) is resumable
    assert ("nothing to resume" in message) is not resumable
