"""A stop whose files would overwrite an untracked file: the error names it, and continue recovers."""

from __future__ import annotations

from pathlib import Path

import pytest

from patchkit.errors import EXIT_STOPPED, RepositoryError
from patchkit.runner import apply, continue_run
from tests.runner.scenarios import APP_FIXED_SIZE, fork_and_upstream, patch_entry, write_manifest

NOTES = "notes.txt"


def test_untracked_file_named(tmp_path: Path) -> None:
    builder = fork_and_upstream(tmp_path / "repo")
    renamed = APP_FIXED_SIZE.replace('return "app";', 'return "new-app";')
    builder.commit("upstream", "Name and notes (#13)", {"src/App.java": renamed, NOTES: "upstream notes\n"})
    builder.checkout("fork")
    (builder.path / NOTES).write_text("my notes\n", encoding="utf-8")
    manifest = write_manifest(tmp_path, patch_entry("notes", 13, 1))

    with pytest.raises(RepositoryError, match=f"Untracked files in the way: {NOTES}"):
        apply(manifest, builder.path)

    assert (builder.path / NOTES).read_text(encoding="utf-8") == "my notes\n"
    (builder.path / NOTES).rename(tmp_path / NOTES)
    result = continue_run(builder.path)
    assert result.exit_code == EXIT_STOPPED
    assert "<<<<<<<" in (builder.path / "src/App.java").read_text(encoding="utf-8")
    assert (builder.path / NOTES).read_text(encoding="utf-8") == "upstream notes\n"
