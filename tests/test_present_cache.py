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
    entry.write_text(json.dumps({"patch_id": "f" * 40}), encoding="utf-8")

    assert cached_patch_id(repo, commit, patch_id_cache(tmp_path / "cache")) == "f" * 40


@pytest.mark.parametrize("damaged", ['["not", "an", "entry"]', "{}", '{"patch_id": 7}'])
def test_damaged_entry_recomputed(tmp_path: Path, damaged: str) -> None:
    repo, commit = _commit(tmp_path)
    cache = patch_id_cache(tmp_path / "cache")
    entry = cache.folder / f"{commit.id}.json"
    entry.parent.mkdir(parents=True)
    entry.write_text(damaged, encoding="utf-8")

    assert cached_patch_id(repo, commit, cache) == patch_id(repo, commit)
    assert json.loads(entry.read_text(encoding="utf-8")) == {"patch_id": patch_id(repo, commit)}
