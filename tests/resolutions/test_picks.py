"""Recording from a stopped pick and resolving a later pick from the records."""

from __future__ import annotations

import shutil
from pathlib import Path

import pygit2

from patchkit.model import ResolutionKind
from patchkit.outcomes import conflict_records
from patchkit.resolutions import ResolutionStore
from patchkit.resolutions.picks import record_pick, resolve_from_records
from patchkit.sample import SampleFork
from tests.resolutions.flow import (
    PR,
    SHUTDOWN,
    WORK_ITEM,
    commit_file,
    copy_manifest,
    repick,
    resolve_by_hand,
    stage,
    stop_at_shutdown,
)


def _record_first_run(sample: SampleFork, folder: Path, store: ResolutionStore) -> list[str]:
    manifest = copy_manifest(folder)
    marked = stop_at_shutdown(sample, manifest)
    stage(sample.path, WORK_ITEM, resolve_by_hand(marked))
    repo = pygit2.Repository(str(sample.path))
    repo.index.read()
    tree = repo[repo.index.write_tree()].peel(pygit2.Tree)
    return record_pick(store, repo, repick(sample.path, manifest), tree)


def test_record_pick_writes_record(sample_fork: SampleFork, tmp_path: Path) -> None:
    store = ResolutionStore(tmp_path / "records")

    ids = _record_first_run(sample_fork, tmp_path / "first", store)

    records = store.list()
    assert len(ids) == 1
    assert records[0].pr == PR
    assert records[0].member == "KubernetesWorkItem.shutdown()"
    assert records[0].upstream_commit.startswith("4a58d7ec71")


def test_resolve_pick_from_records(sample_fork: SampleFork, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    shutil.copytree(sample_fork.path, fresh, symlinks=True)
    store = ResolutionStore(tmp_path / "records")
    ids = _record_first_run(sample_fork, tmp_path / "first", store)
    original = (fresh / WORK_ITEM).read_text(encoding="utf-8")
    comment = "  // Called by the runner for every task it stops.\n"
    commit_file(fresh, WORK_ITEM, original.replace(SHUTDOWN, comment + SHUTDOWN), "Explain shutdown()")
    manifest = copy_manifest(tmp_path / "second")
    stop_at_shutdown(SampleFork(fresh, "prod-30", "upstream/master", "druid-30.0.0", {}), manifest)
    result = repick(fresh, manifest)
    repo = pygit2.Repository(str(fresh))

    matches = resolve_from_records(store, repo, result)

    assert [m.used for m in matches] == [tuple(ids)]
    assert result.unresolved == []
    assert result.index.conflicts is None
    merged = repo[result.index[WORK_ITEM].id].peel(pygit2.Blob).data.decode("utf-8")
    assert "<<<<<<<" not in merged
    assert comment in merged
    assert "if (this.kubernetesPeonLifecycle == null) {\n      return;" in merged
    records = [r for r in conflict_records(result) if r.member == "KubernetesWorkItem.shutdown()"]
    assert [r.resolution for r in records] == [ResolutionKind.RECORDED]
    assert ids[0] in records[0].reason
    tree = repo[result.index.write_tree(repo)].peel(pygit2.Tree)
    assert tree[WORK_ITEM].id == result.index[WORK_ITEM].id


def test_resolve_pick_without_records(sample_fork: SampleFork, tmp_path: Path) -> None:
    manifest = copy_manifest(tmp_path / "run")
    stop_at_shutdown(sample_fork, manifest)
    result = repick(sample_fork.path, manifest)

    matches = resolve_from_records(ResolutionStore(tmp_path / "none"), pygit2.Repository(str(sample_fork.path)), result)

    assert [m.text for m in matches] == [None]
    assert [c.path for c in result.unresolved] == [WORK_ITEM]
    assert result.index.conflicts is not None
