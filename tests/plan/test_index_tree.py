from __future__ import annotations

from pathlib import Path

import pygit2
import pytest
from pygit2.enums import FileMode

from patchkit.treeedit import tree_of_index
from patchkit.sample import SampleFork

Files = dict[str, tuple[bytes, int]]

BASE: Files = {
    "README.md": (b"readme\n", FileMode.BLOB),
    "run.sh": (b"#!/bin/sh\n", FileMode.BLOB_EXECUTABLE),
    "link": (b"README.md", FileMode.LINK),
    "core/src/Main.java": (b"class Main {}\n", FileMode.BLOB),
    "core/src/util/Strings.java": (b"class Strings {}\n", FileMode.BLOB),
    "docs/guide/intro.md": (b"intro\n", FileMode.BLOB),
    "docs/notes": (b"a file\n", FileMode.BLOB),
}


def _index(repo: pygit2.Repository, files: Files) -> pygit2.Index:
    index = pygit2.Index()
    for path, (data, mode) in files.items():
        index.add(pygit2.IndexEntry(path, repo.create_blob(data), FileMode(mode)))
    return index


def _tree(repo: pygit2.Repository, files: Files) -> pygit2.Tree:
    tree = repo[_index(repo, files).write_tree(repo)]
    return tree.peel(pygit2.Tree)


def _changed(**edits: tuple[bytes, int] | None) -> Files:
    files = dict(BASE)
    for key, entry in edits.items():
        path = key.replace("__", "/").replace("_dot_", ".")
        if entry is None:
            del files[path]
        else:
            files[path] = entry
    return files


CASES: dict[str, Files] = {
    "unchanged": dict(BASE),
    "modified": _changed(core__src__Main_dot_java=(b"class Main { int x; }\n", FileMode.BLOB)),
    "mode only": _changed(run_dot_sh=(b"#!/bin/sh\n", FileMode.BLOB)),
    "added deep": _changed(core__src__new__deep__Added_dot_java=(b"class Added {}\n", FileMode.BLOB)),
    "added at root": _changed(LICENSE=(b"license\n", FileMode.BLOB)),
    "deleted": _changed(README_dot_md=None),
    "folder emptied": _changed(core__src__util__Strings_dot_java=None),
    "file to folder": _changed(docs__notes=None, docs__notes__today_dot_md=(b"today\n", FileMode.BLOB)),
    "folder to file": _changed(docs__guide__intro_dot_md=None, docs__guide=(b"now a file\n", FileMode.BLOB)),
    "link retargeted": _changed(link=(b"run.sh", FileMode.LINK)),
    "everything deleted": {},
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_tree_of_index_matches_write_tree(tmp_path: Path, name: str) -> None:
    repo = pygit2.init_repository(str(tmp_path / "repo"), bare=True)
    near = _tree(repo, BASE)
    # A merge with only one side changed gives that side as an index of `repo`, as a pick does.
    index = repo.merge_trees(near, near, _tree(repo, CASES[name]))
    assert index.conflicts is None
    assert tree_of_index(repo, index, near) == index.write_tree(repo)
    assert tree_of_index(repo, index, near) == _index(repo, CASES[name]).write_tree(repo)


def test_tree_of_index_sample_picks(sample_fork: SampleFork) -> None:
    repo = pygit2.Repository(str(sample_fork.path))
    fork = repo.revparse_single(sample_fork.fork_branch).peel(pygit2.Commit)
    for step, commit_id in sample_fork.commits.items():
        commit = repo[commit_id].peel(pygit2.Commit)
        if len(commit.parents) != 1:
            continue
        merged = repo.merge_trees(commit.parents[0].tree, fork.tree, commit.tree)
        if merged.conflicts is not None:
            continue
        assert tree_of_index(repo, merged, fork.tree) == merged.write_tree(repo), step
