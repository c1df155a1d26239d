"""Following upstream moves: a patch made at a moved path lands on the fork's path."""

from __future__ import annotations

from pathlib import Path

import pygit2

from patchkit.model import PatchStatus
from patchkit.runner import apply
from tests.repobuilder import RepoBuilder
from tests.runner.scenarios import APP_BASE, patch_entry, write_manifest

OLD = "contrib/ext/src/App.java"
NEW = "core/ext/src/App.java"
HELPER = "class Helper {}\n"


def _moved_upstream(path: Path) -> RepoBuilder:
    builder = RepoBuilder.init(path)
    base = builder.commit("main", "Add App", {OLD: APP_BASE, "contrib/ext/src/Helper.java": HELPER, "contrib/ext/pom.xml": "<project/>\n"})
    builder.tag("base", base)
    builder.commit("fork", "Name the fork's app", {OLD: APP_BASE.replace('"app"', '"fork-app"')}, parent=base)
    builder.commit(
        "upstream", "Move ext to core (#20)",
        {OLD: None, "contrib/ext/src/Helper.java": None, "contrib/ext/pom.xml": None,
         NEW: APP_BASE, "core/ext/src/Helper.java": HELPER, "core/ext/pom.xml": "<project/>\n"},
        parent=base,
    )
    builder.commit("upstream", "Fix size (#21)", {NEW: APP_BASE.replace("return 1;", "return 2;"), "core/ext/src/Extra.java": "class Extra {}\n"})
    builder.checkout("fork")
    return builder


def test_rename_detected(tmp_path: Path) -> None:
    builder = _moved_upstream(tmp_path / "repo")
    result = apply(write_manifest(tmp_path, patch_entry("size", 21, 1)), builder.path)

    outcome = result.record.patches[0]
    assert outcome.status is PatchStatus.APPLIED
    tree = builder.repo.references["refs/heads/refresh"].peel(pygit2.Commit).tree
    text = builder.repo[tree[OLD].id].data.decode()
    assert "return 2;" in text
    assert "fork-app" in text
    assert "contrib/ext/src/Extra.java" in tree
    assert "core" not in tree
    mapped = {rename.upstream_path: rename.fork_path for rename in outcome.renames}
    assert mapped[NEW] == OLD
    assert mapped["core/ext/src/Extra.java"] == "contrib/ext/src/Extra.java"


def test_path_map_from_manifest(tmp_path: Path) -> None:
    builder = _moved_upstream(tmp_path / "repo")
    extra = "path_map:\n  - upstream: core/ext/\n    fork: contrib/ext/\n"
    result = apply(write_manifest(tmp_path, patch_entry("size", 21, 1), extra=extra), builder.path)
    outcome = result.record.patches[0]
    assert outcome.status is PatchStatus.APPLIED
    assert {r.how for r in outcome.renames} == {"path_map of the manifest"}
