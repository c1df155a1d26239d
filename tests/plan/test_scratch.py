from __future__ import annotations

from pathlib import Path

import pygit2
import pytest

from patchkit.scratch import scratch_repository
from tests.plan.repos import LinearRepo


def _object_files(repo: pygit2.Repository) -> set[Path]:
    folder = Path(repo.path) / "objects"
    return {path for path in folder.rglob("*") if path.is_file()}


def test_scratch_reads_user_objects(tmp_path: Path) -> None:
    history = LinearRepo(tmp_path / "user")
    commit = history.commit("Start", {"a.txt": "1\n"})
    with scratch_repository(history.repo) as scratch:
        found = scratch[commit.id].peel(pygit2.Commit)
        assert found.message == "Start"
        assert scratch.revparse_single(str(commit.id)[:8]).id == commit.id


def test_scratch_keeps_writes_apart(tmp_path: Path) -> None:
    history = LinearRepo(tmp_path / "user")
    history.commit("Start", {"a.txt": "1\n"})
    before = _object_files(history.repo)
    with scratch_repository(history.repo) as scratch:
        blob = scratch.create_blob(b"written by the replay\n")
        assert scratch[blob].read_raw() == b"written by the replay\n"
        folder = Path(scratch.path)
    assert _object_files(history.repo) == before
    assert blob not in history.repo
    assert not folder.exists()


def test_scratch_removed_on_error(tmp_path: Path) -> None:
    history = LinearRepo(tmp_path / "user")
    history.commit("Start", {"a.txt": "1\n"})
    with pytest.raises(RuntimeError):
        with scratch_repository(history.repo) as scratch:
            folder = Path(scratch.path)
            raise RuntimeError("stop")
    assert not folder.exists()


def test_scratch_is_bare(tmp_path: Path) -> None:
    history = LinearRepo(tmp_path / "user")
    history.commit("Start", {"a.txt": "1\n"})
    with scratch_repository(history.repo) as scratch:
        assert scratch.is_bare
        assert scratch.workdir is None


def test_scratch_writes_no_file(tmp_path: Path) -> None:
    history = LinearRepo(tmp_path / "user")
    history.commit("Start", {"a.txt": "1\n"})
    with scratch_repository(history.repo) as scratch:
        folder = Path(scratch.path)
        before = {path for path in folder.rglob("*")}
        tree = scratch.TreeBuilder()
        tree.insert("b.txt", scratch.create_blob(b"2\n"), pygit2.enums.FileMode.BLOB)
        tree_id = tree.write()
        assert scratch[tree_id].type_str == "tree"
        assert {path for path in folder.rglob("*")} == before
