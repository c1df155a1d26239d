"""Patch-ids kept in the cache by commit id: stored once, read back, and recomputed when damaged."""

from __future__ import annotations

import json
from pathlib import Path

import pygit2
import pytest

from patchkit.present import cached_patch_id, patch_id, patch_id_cache
from tests.runner.scenarios import fork_and_upstream


def _commit(tmp_path: Path) -> tuple[pygit2.Repository, pygit2.Commit]:
    builder = fork_and_upstream(tmp_path / "repo")
    commit = builder.repo[builder.commits["Fix size (#10)"]].peel(pygit2.Commit)
    return builder.repo, commit


def test_stores_then_reads(tmp_path: Path) -> None:
    repo, commit = _commit(tmp_path)
    cache = patch_id_cache(tmp_path / "cache")

    assert cached_patch_id(repo, commit, cache) == patch_id(repo, commit)
    entry = cache.folder / f"{commit.id}.json"
    entry.write_text(json.dumps({"key": str(commit.id), "patch_id": "f" * 40}), encoding="utf-8")

    assert cached_patch_id(repo, commit, patch_id_cache(tmp_path / "cache")) == "f" * 40


@pytest.mark.parametrize("damaged", [
    '["not", "an", "entry"]', "{}", '{"patch_id": 7}', '{"patch_id": null}', '{"key": "0123", "patch_id": null}',
])
def test_damaged_entry_recomputed(tmp_path: Path, damaged: str) -> None:
    repo, commit = _commit(tmp_path)
    cache = patch_id_cache(tmp_path / "cache")
    entry = cache.folder / f"{commit.id}.json"
    entry.parent.mkdir(parents=True)
    entry.write_text(damaged, encoding="utf-8")

    assert cached_patch_id(repo, commit, cache) == patch_id(repo, commit)
    assert json.loads(entry.read_text(encoding="utf-8")) == {"key": str(commit.id), "patch_id": patch_id(repo, commit)}


def test_missing_blob_not_stored(tmp_path: Path) -> None:
    repo, commit = _commit(tmp_path)
    # A partial clone lacks blobs it never fetched: remove one the commit's diff reads.
    blob = commit.tree[next(iter(_changed(repo, commit)))].id
    (Path(repo.path) / "objects" / str(blob)[:2] / str(blob)[2:]).unlink()
    cache = patch_id_cache(tmp_path / "cache")

    assert cached_patch_id(repo, commit, cache) is None
    assert not (cache.folder / f"{commit.id}.json").exists()


def _changed(repo: pygit2.Repository, commit: pygit2.Commit) -> list[str]:
    return [delta.new_file.path for delta in commit.parents[0].tree.diff_to_tree(commit.tree).deltas]
