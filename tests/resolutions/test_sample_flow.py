"""Recording the sample's shutdown() conflict resolution and reusing it on a later refresh."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import javalang
import pytest

from patchkit.bundled import bundled_path
from patchkit.resolutions import ResolutionStore
from patchkit.sample import SampleFork
from tests.resolutions.flow import (
    FORK_SIDE,
    PR,
    RESOLUTION,
    SHUTDOWN,
    WORK_ITEM,
    commit_file,
    copy_manifest,
    resolve_by_hand,
    stage,
    stop_at_shutdown,
    upstream_commit,
)


@pytest.fixture
def recorded(sample_fork: SampleFork, tmp_path: Path) -> tuple[ResolutionStore, list[str], SampleFork]:
    """Resolve the conflict by hand on one copy of the fork and record it; return a fresh copy too."""
    fresh = tmp_path / "fresh"
    shutil.copytree(sample_fork.path, fresh, symlinks=True)
    marked = stop_at_shutdown(sample_fork, copy_manifest(tmp_path / "first"))
    staged = stage(sample_fork.path, WORK_ITEM, resolve_by_hand(marked))
    store = ResolutionStore(tmp_path / "records")
    ids = store.record(WORK_ITEM, marked, staged, member_of_line=None,
                       upstream_commit=upstream_commit(sample_fork.path), pr=PR)
    return store, ids, dataclasses.replace(sample_fork, path=fresh)


def test_record_writes_one_hunk(recorded: tuple[ResolutionStore, list[str], SampleFork]) -> None:
    store, ids, _ = recorded

    records = store.list()

    assert len(ids) == 1
    assert [r.id for r in records] == ids
    assert records[0].member == "KubernetesWorkItem.shutdown()"
    assert records[0].path == WORK_ITEM
    assert records[0].pr == PR
    assert records[0].ours == FORK_SIDE
    assert "compareAndSet" in records[0].theirs
    assert records[0].resolution == RESOLUTION
    assert records[0].file is not None
    assert records[0].file.name == f"KubernetesWorkItem.shutdown-{ids[0]}.yaml"


def test_reuse_after_unrelated_edits(recorded: tuple[ResolutionStore, list[str], SampleFork], tmp_path: Path) -> None:
    store, ids, fresh = recorded
    original = (fresh.path / WORK_ITEM).read_text(encoding="utf-8")
    comment = "  // The runner calls this on shutdown(String) and when a task is cleaned up.\n"
    edited = original.replace(SHUTDOWN, comment + SHUTDOWN)
    edited = edited.replace("    return task.getId();\n", "    final String id = task.getId();\n    return id;\n")
    assert edited.count(comment) == 1
    assert "return id;" in edited
    commit_file(fresh.path, WORK_ITEM, edited, "Document who shuts work items down")

    marked = stop_at_shutdown(fresh, copy_manifest(tmp_path / "second"))
    match = store.apply(WORK_ITEM, marked)

    assert match.used == tuple(ids)
    assert match.mismatched == ()
    assert match.text == resolve_by_hand(marked)
    assert comment in match.text
    assert "return id;" in match.text
    javalang.parse.parse(match.text)


def test_changed_upstream_side_not_applied(recorded: tuple[ResolutionStore, list[str], SampleFork], tmp_path: Path) -> None:
    store, ids, fresh = recorded
    marked = stop_at_shutdown(fresh, copy_manifest(tmp_path / "second"))
    changed = marked.replace("    if (!shutdownRequested.compareAndSet(false, true)) {\n",
                             "    if (shutdownRequested.getAndSet(true)) {\n")
    assert changed != marked

    match = store.apply(WORK_ITEM, changed)

    assert match.text is None
    assert match.used == ()
    assert match.mismatched == tuple(ids)
    assert ids[0] in match.reason


def test_changed_fork_side_not_applied(recorded: tuple[ResolutionStore, list[str], SampleFork], tmp_path: Path) -> None:
    store, ids, fresh = recorded
    original = (fresh.path / WORK_ITEM).read_text(encoding="utf-8")
    edited = original.replace("      this.kubernetesPeonLifecycle.startWatchingLogs();\n", "")
    assert edited != original
    commit_file(fresh.path, WORK_ITEM, edited, "Stop streaming logs on shutdown")

    marked = stop_at_shutdown(fresh, copy_manifest(tmp_path / "second"))
    match = store.apply(WORK_ITEM, marked)

    assert match.text is None
    assert match.mismatched == tuple(ids)


def test_shipped_record_resolves_sample(sample_fork: SampleFork, tmp_path: Path) -> None:
    shipped = ResolutionStore(bundled_path("patchsets", "druid-30.yaml").parent / "druid-30.resolutions")
    marked = stop_at_shutdown(sample_fork, copy_manifest(tmp_path / "run"))

    match = shipped.apply(WORK_ITEM, marked)

    assert match.text is not None, match.reason
    body = match.text[match.text.index(SHUTDOWN):match.text.index("getLocation()")]
    assert body.index("== null") < body.index("return;") < body.index("compareAndSet")
    assert body.index("compareAndSet") < body.index("startWatchingLogs()") < body.index(".shutdown();")
    javalang.parse.parse(match.text)
