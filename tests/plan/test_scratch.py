from __future__ import annotations

from pathlib import Path

import pygit2
import pytest

from patchkit.scratch import scratch_repository
from tests.plan.repos import LinearRepo, digest_tree


def test_scratch_reads_user_objects(tmp_path: Path) -> None:
    history = LinearRepo(tmp_path / "user")
    commit = history.commit("Start", {"a.txt": "1\n"})
    with scratch_repository(history.repo) as scratch:
        found = scratch[commit.id].peel(pygit2.Commit)
        assert found.message == "Start"
        assert scratch.revparse_single(str(commit.id)[:8]).id == commit.id


def test_scratch_keeps_writes_apart(tmp_path: Path) -> None:
    history = LinearRepo(tmp_path / "user")
    commit = history.commit("Start", {"a.txt": "1\n"})
    before = digest_tree(tmp_path)
    with scratch_repository(history.repo) as scratch:
        blob = scratch.create_blob(b"written by the replay\n")
        tree = scratch.TreeBuilder()
        tree.insert("b.txt", blob, pygit2.enums.FileMode.BLOB)
        written = scratch.create_commit(None, commit.author, commit.committer, "Replay", tree.write(), [commit.id])
        assert scratch[blob].read_raw() == b"written by the replay\n"
        assert scratch[written].peel(pygit2.Commit).parents[0].id == commit.id
    assert digest_tree(tmp_path) == before
    assert blob not in history.repo
    assert written not in history.repo


def test_scratch_error_propagates(tmp_path: Path) -> None:
    history = LinearRepo(tmp_path / "user")
    history.commit("Start", {"a.txt": "1\n"})
    with pytest.raises(RuntimeError, match="stop"):
        with scratch_repository(history.repo):
            raise RuntimeError("stop")


def test_scratch_is_bare(tmp_path: Path) -> None:
    history = LinearRepo(tmp_path / "user")
    history.commit("Start", {"a.txt": "1\n"})
    with scratch_repository(history.repo) as scratch:
        assert scratch.is_bare
        assert scratch.workdir is None


def test_scratch_reads_alternates(tmp_path: Path) -> None:
    history = LinearRepo(tmp_path / "origin")
    commit = history.commit("Start", {"a.txt": "1\n"})
    shared = pygit2.init_repository(str(tmp_path / "shared"), bare=True)
    alternates = Path(shared.path) / "objects" / "info" / "alternates"
    alternates.write_text(f"{Path(history.repo.path) / 'objects'}\n", encoding="utf-8")
    with scratch_repository(pygit2.Repository(str(tmp_path / "shared"))) as scratch:
        assert scratch[commit.id].peel(pygit2.Commit).message == "Start"
