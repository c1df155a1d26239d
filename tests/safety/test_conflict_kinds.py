"""Conflicts of every kind git reports, through a real `patchkit apply`, then `abort`.

Each run must stop for a human (exit 1) or finish (exit 0) without a traceback, and
`abort` must restore the start. A directory/file conflict cannot be shown in the
work tree, so there patchkit stops with exit 2 and an error that says to abort.
"""

from __future__ import annotations

from pathlib import Path

import pygit2
import pytest

from tests.safety.harness import run_patchkit, saved_state, take_snapshot
from tests.safety.twosided import Files, two_sided

LINK = pygit2.enums.FileMode.LINK
TEXT = b"line one\nline two\nline three\n"
FORK_TEXT = TEXT.replace(b"two", b"two, as the fork has it")
UPSTREAM_TEXT = TEXT.replace(b"two", b"two, as upstream has it")

# (case, base files, fork changes, upstream changes)
KINDS: list[tuple[str, Files, Files, Files]] = [
    ("modify-delete", {"a.txt": TEXT}, {"a.txt": FORK_TEXT}, {"a.txt": None}),
    ("delete-modify", {"a.txt": TEXT}, {"a.txt": None}, {"a.txt": UPSTREAM_TEXT}),
    ("add-add", {"keep.txt": TEXT}, {"new.txt": FORK_TEXT}, {"new.txt": UPSTREAM_TEXT}),
    ("rename-rename", {"a.txt": TEXT}, {"a.txt": None, "fork.txt": TEXT}, {"a.txt": None, "upstream.txt": TEXT}),
    ("rename-delete", {"a.txt": TEXT}, {"a.txt": None, "fork.txt": TEXT}, {"a.txt": None}),
    ("rename-modify", {"a.txt": TEXT}, {"a.txt": None, "fork.txt": TEXT}, {"a.txt": UPSTREAM_TEXT}),
    ("file-directory", {"keep.txt": TEXT}, {"thing": FORK_TEXT}, {"thing/inner.txt": UPSTREAM_TEXT}),
    ("directory-file", {"thing/inner.txt": TEXT}, {"thing/inner.txt": FORK_TEXT}, {"thing/inner.txt": None, "thing": UPSTREAM_TEXT}),
    ("symlink-symlink", {"link": (LINK, b"a.txt"), "a.txt": TEXT}, {"link": (LINK, b"fork.txt")}, {"link": (LINK, b"upstream.txt")}),
    ("file-symlink", {"a.txt": TEXT}, {"a.txt": FORK_TEXT}, {"a.txt": (LINK, b"elsewhere.txt")}),
    ("mode-content", {"run.sh": b"#!/bin/sh\necho base\n"}, {"run.sh": (pygit2.enums.FileMode.BLOB_EXECUTABLE, b"#!/bin/sh\necho base\n")}, {"run.sh": b"#!/bin/sh\necho upstream\n"}),
]


@pytest.mark.parametrize(("base", "fork", "upstream"), [case[1:] for case in KINDS], ids=[case[0] for case in KINDS])
def test_conflict_kind(tmp_path: Path, base: Files, fork: Files, upstream: Files) -> None:
    scenario = two_sided(tmp_path, base, fork, upstream)
    start = take_snapshot(scenario.path)

    result = scenario.apply()

    assert "Traceback" not in result.stderr
    assert result.returncode in (0, 1, 2), result.stderr
    assert start.objects <= take_snapshot(scenario.path).objects
    if result.returncode == 2:
        assert "directory/file conflict" in result.stderr
    if result.returncode != 0:
        state = saved_state(scenario.path)
        assert state is not None
        assert state["phase"] == ("stopped" if result.returncode == 1 else "stopping")
        aborted = run_patchkit("abort", "--repo", str(scenario.path))
        assert aborted.returncode == 0, aborted.stderr
        restored = take_snapshot(scenario.path)
        assert restored.refs == start.refs
        assert restored.head == start.head
        assert restored.index == start.index
        assert restored.files == start.files


def test_symlink_folder_escape(tmp_path: Path) -> None:
    """A conflicted file under a folder the fork turned into a link must not be written through it."""
    outside = tmp_path / "outside"
    outside.mkdir()
    scenario = two_sided(
        tmp_path,
        {"link/victim.txt": TEXT},
        {"link/victim.txt": None, "link": (LINK, b"../outside")},
        {"link/victim.txt": UPSTREAM_TEXT},
    )
    start = take_snapshot(scenario.path)

    result = scenario.apply()

    assert list(outside.iterdir()) == []
    assert "Traceback" not in result.stderr
    assert result.returncode in (1, 2), result.stderr
    aborted = run_patchkit("abort", "--repo", str(scenario.path))
    assert aborted.returncode in (0, 2), aborted.stderr
    restored = take_snapshot(scenario.path)
    assert restored.refs == start.refs
    assert restored.files == start.files
    assert list(outside.iterdir()) == []


def test_fork_file_kept_beside_new_folder(tmp_path: Path) -> None:
    scenario = two_sided(tmp_path, {"keep.txt": TEXT}, {"thing": FORK_TEXT}, {"thing/inner.txt": UPSTREAM_TEXT})

    result = scenario.apply()

    assert "Traceback" not in result.stderr
    if result.returncode == 0:
        tree = scenario.builder.repo.references["refs/heads/refresh"].peel(pygit2.Commit).tree
        assert "thing" in tree
        assert scenario.builder.repo[tree["thing"].id].read_raw() == FORK_TEXT
    else:
        assert result.returncode == 1, result.stderr
