"""Find the backports in a repository's history and the original commit each one copied."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import pygit2
from pygit2.enums import SortMode

# `git cherry-pick -x` appends this line; the last one names the commit that was copied.
_CHERRY_PICKED = re.compile(r"\(cherry picked from commit ([0-9a-f]{7,40})\)")
# Subjects such as "[Backport] Fix the parser (#123)" or "Backport: fix the parser (#123) (#130)".
_BACKPORT_SUBJECT = re.compile(r"^\s*\[?\s*back[- ]?port", re.IGNORECASE)
_PR_NUMBER = re.compile(r"\(#(\d+)\)")
_ANY_NUMBER = re.compile(r"#(\d+)")
_BRANCH_PREFIXES = ("refs/heads/", "refs/remotes/")


@dataclass(frozen=True)
class Backport:
    """A commit that copies `original`.

    `matched_by` is "trailer" when its cherry-pick line names the original, or
    "pr" when its subject's PR number does.
    """

    commit: pygit2.Commit
    original: pygit2.Commit
    matched_by: str


def _subject(commit: pygit2.Commit) -> str:
    return commit.message.split("\n", 1)[0]


def branch_refs(repo: pygit2.Repository, globs: Sequence[str]) -> list[str]:
    """Return the refs that match a glob; every branch when `globs` is empty.

    A glob that starts with `refs/` matches full ref names (`refs/pull/*/head`),
    any other glob matches branch names without their prefix (`main`, `origin/2.*`).
    """
    names = []
    for ref in repo.references:
        if ref.endswith("/HEAD"):
            continue
        if any(glob.startswith("refs/") and fnmatch.fnmatchcase(ref, glob) for glob in globs):
            names.append(ref)
            continue
        prefix = next((p for p in _BRANCH_PREFIXES if ref.startswith(p)), None)
        if prefix is None:
            continue
        short = ref[len(prefix):]
        if not globs or any(fnmatch.fnmatchcase(short, glob) for glob in globs):
            names.append(ref)
    return sorted(names)


def _walk(repo: pygit2.Repository, refs: Sequence[str]) -> Iterator[pygit2.Commit]:
    """Yield every commit reachable from `refs` once, newest first."""
    tips = set()
    for ref in refs:
        try:
            tips.add(repo.references[ref].peel(pygit2.Commit).id)
        except (pygit2.InvalidSpecError, ValueError):
            continue  # a tag of a tree or blob has no history to search
    if not tips:
        return
    walker = repo.walk(None, SortMode.TIME)
    for tip in sorted(tips, key=str):
        walker.push(tip)
    yield from walker


def _lookup(repo: pygit2.Repository, prefix: str) -> pygit2.Commit | None:
    try:
        found = repo.revparse_single(prefix)
    except (KeyError, ValueError, pygit2.GitError):
        return None
    return found if isinstance(found, pygit2.Commit) else None


def _by_trailer(repo: pygit2.Repository, commit: pygit2.Commit) -> pygit2.Commit | None:
    names = _CHERRY_PICKED.findall(commit.message)
    return _lookup(repo, names[-1]) if names else None


def _originals_by_pr(repo: pygit2.Repository) -> dict[int, list[pygit2.Commit]]:
    """Map each PR number that ends a non-backport subject on any branch to its commits."""
    found: dict[int, list[pygit2.Commit]] = {}
    for commit in _walk(repo, branch_refs(repo, ())):
        subject = _subject(commit)
        numbers = _PR_NUMBER.findall(subject)
        if numbers and not _BACKPORT_SUBJECT.match(subject) and len(commit.parents) == 1:
            found.setdefault(int(numbers[-1]), []).append(commit)
    return found


def _by_pr(commit: pygit2.Commit, originals: dict[int, list[pygit2.Commit]]) -> pygit2.Commit | None:
    subject = _subject(commit)
    if not _BACKPORT_SUBJECT.match(subject):
        return None
    for number in _ANY_NUMBER.findall(subject):
        candidates = [c for c in originals.get(int(number), []) if c.id != commit.id]
        if len(candidates) == 1:
            return candidates[0]
    return None


def find_backports(
    repo: pygit2.Repository, globs: Sequence[str], *, by_pr: bool = False, limit: int | None = None
) -> list[Backport]:
    """Return the backports on branches matching `globs`, newest first, at most `limit`.

    A backport and its original must each have one parent, so each can be replayed
    as a cherry-pick. Originals missing from the repository are skipped.
    """
    originals = _originals_by_pr(repo) if by_pr else {}
    found: list[Backport] = []
    for commit in _walk(repo, branch_refs(repo, globs)):
        if len(commit.parents) != 1:
            continue
        original = _by_trailer(repo, commit)
        matched_by = "trailer"
        if original is None and by_pr:
            original, matched_by = _by_pr(commit, originals), "pr"
        if original is None or len(original.parents) != 1 or original.id == commit.id:
            continue
        found.append(Backport(commit, original, matched_by))
        if limit is not None and len(found) >= limit:
            break
    return found
