from __future__ import annotations

from pathlib import Path

import pygit2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pygit2.enums import DiffFind, FileMode

from patchkit.treediff import changed_files, commit_diff, narrow_diff
from patchkit.treeedit import edit_tree

Files = dict[str, tuple[bytes, int]]


def _tree(repo: pygit2.Repository, files: Files) -> pygit2.Tree:
    entries = {path: (repo.create_blob(data), mode) for path, (data, mode) in files.items()}
    return repo[edit_tree(repo, None, entries)].peel(pygit2.Tree)


def _deltas(diff: pygit2.Diff) -> list[tuple[object, ...]]:
    return [
        (delta.status, delta.old_file.path, delta.old_file.id, delta.old_file.mode,
         delta.new_file.path, delta.new_file.id, delta.new_file.mode)
        for delta in diff.deltas
    ]


def _assert_same_diff(repo: pygit2.Repository, old: pygit2.Tree, new: pygit2.Tree) -> None:
    full, narrow = old.diff_to_tree(new), narrow_diff(repo, old, new)
    assert _deltas(narrow) == _deltas(full)
    assert narrow.patch == full.patch
    assert narrow.patchid == full.patchid
    full.find_similar(flags=DiffFind.FIND_RENAMES)
    narrow.find_similar(flags=DiffFind.FIND_RENAMES)
    assert _deltas(narrow) == _deltas(full)


@pytest.fixture
def repo(tmp_path: Path) -> pygit2.Repository:
    return pygit2.init_repository(str(tmp_path / "repo"), bare=True)


UNCHANGED: Files = {f"big/module{n}/src/File{n}.java": (f"class File{n} {{}}\n".encode(), FileMode.BLOB) for n in range(30)}
BODY = b"".join(b"line %d\n" % n for n in range(40))

CASES: dict[str, tuple[Files, Files]] = {
    "modified": ({"a/b/App.java": (b"one\n", FileMode.BLOB)}, {"a/b/App.java": (b"two\n", FileMode.BLOB)}),
    "added": ({}, {"a/New.java": (b"new\n", FileMode.BLOB)}),
    "deleted": ({"a/Old.java": (b"old\n", FileMode.BLOB)}, {}),
    "mode": ({"run.sh": (b"echo\n", FileMode.BLOB)}, {"run.sh": (b"echo\n", FileMode.BLOB_EXECUTABLE)}),
    "link": ({"current": (b"v1", FileMode.LINK)}, {"current": (b"v2", FileMode.LINK)}),
    "renamed": ({"old/Moved.java": (BODY, FileMode.BLOB)}, {"new/Moved.java": (BODY + b"end\n", FileMode.BLOB)}),
    "file-to-folder": ({"conf": (b"x\n", FileMode.BLOB)}, {"conf/app.yaml": (b"y\n", FileMode.BLOB)}),
    "folder-to-file": ({"conf/app.yaml": (b"y\n", FileMode.BLOB), "conf/b/c": (b"z\n", FileMode.BLOB)},
                       {"conf": (b"x\n", FileMode.BLOB)}),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_narrow_diff_cases(repo: pygit2.Repository, name: str) -> None:
    before, after = CASES[name]
    _assert_same_diff(repo, _tree(repo, {**UNCHANGED, **before}), _tree(repo, {**UNCHANGED, **after}))


def test_changed_files_skips_equal(repo: pygit2.Repository) -> None:
    old = _tree(repo, {**UNCHANGED, "a/App.java": (b"one\n", FileMode.BLOB)})
    new = _tree(repo, {**UNCHANGED, "a/App.java": (b"two\n", FileMode.BLOB)})
    before, after = changed_files(old, new)
    assert list(before) == ["a/App.java"]
    assert list(after) == ["a/App.java"]


def test_changed_files_empty_side(repo: pygit2.Repository) -> None:
    new = _tree(repo, {"a/App.java": (b"one\n", FileMode.BLOB), "b": (b"two\n", FileMode.BLOB)})
    before, after = changed_files(None, new)
    assert before == {}
    assert sorted(after) == ["a/App.java", "b"]


def _commit(repo: pygit2.Repository, files: Files, parents: list[pygit2.Oid]) -> pygit2.Commit:
    signature = pygit2.Signature("Test", "test@example.org", 1_700_000_000, 0)
    oid = repo.create_commit(None, signature, signature, "change", _tree(repo, files).id, parents)
    return repo[oid].peel(pygit2.Commit)


def test_commit_diff_root_commit(repo: pygit2.Repository) -> None:
    root = _commit(repo, UNCHANGED, [])
    assert commit_diff(repo, root).patch == root.tree.diff_to_tree(swap=True).patch


def test_commit_diff_against_parent(repo: pygit2.Repository) -> None:
    root = _commit(repo, UNCHANGED, [])
    child = _commit(repo, {**UNCHANGED, "a/App.java": (b"one\n", FileMode.BLOB)}, [root.id])
    assert commit_diff(repo, child).patchid == repo.diff(root, child).patchid


_paths = st.builds(
    lambda folder, name: f"{folder}/{name}",
    st.sampled_from(["a", "a/c", "a/d", "e/f/g", "big/module1/src"]),
    st.sampled_from(["X.java", "y", "File1.java"]),
)
_files = st.dictionaries(
    _paths,
    st.tuples(st.sampled_from([b"1\n", b"2\n", BODY]), st.sampled_from([FileMode.BLOB, FileMode.BLOB_EXECUTABLE])),
    max_size=6,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=_files, after=_files)
def test_narrow_diff_matches_libgit2(repo: pygit2.Repository, before: Files, after: Files) -> None:
    _assert_same_diff(repo, _tree(repo, {**UNCHANGED, **before}), _tree(repo, {**UNCHANGED, **after}))
