"""Finding backports by their cherry-pick line and by PR number."""

from __future__ import annotations

import pygit2

from patchkit.evaluate.finder import Backport, branch_refs, find_backports
from tests.repobuilder import RepoBuilder


def _names(history: RepoBuilder, backports: list[Backport]) -> list[str]:
    by_id = {oid: name for name, oid in history.commits.items()}
    return [by_id[str(b.commit.id)] for b in backports]


def test_trailer_backports_newest_first(history: RepoBuilder) -> None:
    found = find_backports(history.repo, ())

    assert _names(history, found) == ["D'", "C'", "B'", "A'"]
    assert {b.matched_by for b in found} == {"trailer"}
    assert str(found[0].original.id) == history.commits["Tune b again (#14)"]


def test_missing_original_skipped(history: RepoBuilder) -> None:
    found = find_backports(history.repo, (), by_pr=True)

    assert "E'" not in _names(history, found)


def test_by_pr_matches_subject(history: RepoBuilder) -> None:
    found = find_backports(history.repo, (), by_pr=True)

    backport = next(b for b in found if b.matched_by == "pr")
    assert _names(history, [backport]) == ["F'"]
    assert str(backport.original.id) == history.commits["Fix docs (#13)"]


def test_limit_keeps_newest(history: RepoBuilder) -> None:
    assert _names(history, find_backports(history.repo, (), limit=2)) == ["D'", "C'"]


def test_branch_glob_filters(history: RepoBuilder) -> None:
    assert find_backports(history.repo, ("main",)) == []
    assert len(find_backports(history.repo, ("release-*",))) == 4


def test_full_ref_glob(history: RepoBuilder) -> None:
    history.repo.references.create("refs/pull/7/head", pygit2.Oid(hex=history.commits["C'"]))

    assert branch_refs(history.repo, ("refs/pull/*",)) == ["refs/pull/7/head"]
    assert _names(history, find_backports(history.repo, ("refs/pull/*",))) == ["C'", "B'", "A'"]
    assert branch_refs(history.repo, ()) == ["refs/heads/main", "refs/heads/release-1"]


def test_tag_of_blob_ignored(history: RepoBuilder) -> None:
    blob = history.repo.create_blob(b"not a commit\n")
    history.repo.references.create("refs/tags/blob-tag", blob)

    assert len(find_backports(history.repo, ("refs/tags/*", "release-*"))) == 4
