"""Replay one backport as an in-memory cherry-pick and score patchkit's merger against the committed files."""

from __future__ import annotations

import enum
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pygit2
from pygit2.enums import MergeFlag

from patchkit.deletions import ForkSpan, settle_deletion
from patchkit.evaluate.finder import Backport
from patchkit.javamerge import MergeLabels, merge_java_file
from patchkit.textcodec import decode_text

_LABELS = MergeLabels(ours="backport parent", theirs="original")


class Outcome(str, enum.Enum):
    """Outcome of one file the replayed cherry-pick could not merge."""

    EQUAL = "equal"
    DIFFERENT = "different"
    LEFT = "left-for-human"


@dataclass(frozen=True)
class FileScore:
    """One conflicting file: the merger's outcome, why, and how long the merge took.

    `kind` is git's conflict: "content", "delete/modify" (one side deleted the
    file) or "binary"; the merger runs only on content conflicts, and
    `settle_deletion` decides delete/modify ones as it does in a pick.
    """

    backport: str
    original: str
    path: str
    outcome: Outcome
    reason: str
    seconds: float
    unparseable: bool
    kind: str = "content"


@dataclass(frozen=True)
class CleanCheck:
    """A file git merged cleanly although both sides changed it, and whether the merger agreed."""

    backport: str
    path: str
    same: bool


@dataclass(frozen=True)
class Replay:
    """The result of replaying one backport."""

    backport: Backport
    files: tuple[FileScore, ...]
    clean_checks: tuple[CleanCheck, ...]


def comparable(text: str) -> str:
    """Return `text` with line endings and trailing whitespace ignored, for equality checks."""
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").rstrip().split("\n"))


def _text(repo: pygit2.Repository, oid: pygit2.Oid) -> str | None:
    return decode_text(repo[oid].peel(pygit2.Blob).data)


def _committed(repo: pygit2.Repository, tree: pygit2.Tree, path: str) -> str | None:
    try:
        return _text(repo, tree[path].id)
    except KeyError:
        return None


def replay(scratch: pygit2.Repository, backport: Backport) -> Replay:
    """Cherry-pick `backport.original` onto the backport's parent and merge each conflict with patchkit.

    `scratch` must read the user's objects (through an alternate) and receive any
    object the merge writes, so the user's repository is only read.
    """
    base = backport.original.parents[0]
    ours = backport.commit.parents[0]
    index = scratch.merge_trees(base.tree, ours.tree, backport.original.tree, flags=MergeFlag.FIND_RENAMES)
    fork = _fork_span(scratch, ours, base)
    files: list[FileScore] = []
    conflicted: set[str] = set()
    if index.conflicts is not None:
        for sides in index.conflicts:
            score = _score_conflict(scratch, backport, sides, fork)
            conflicted.add(score.path)
            files.append(score)
    checks = tuple(_check_clean(scratch, backport, index, conflicted))
    return Replay(backport, tuple(files), checks)


_Sides = tuple[pygit2.IndexEntry | None, pygit2.IndexEntry | None, pygit2.IndexEntry | None]


def _fork_span(scratch: pygit2.Repository, ours: pygit2.Commit, base: pygit2.Commit) -> ForkSpan | None:
    """Return the backport branch's own history: from where it left the original's (their merge base) to `ours`."""
    oid = scratch.merge_base(ours.id, base.id)
    return ForkSpan(scratch, scratch[oid].peel(pygit2.Commit), ours) if oid is not None else None


def _score_deletion(backport: Backport, sides: _Sides, fork: ForkSpan | None) -> FileScore:
    """Score a delete/modify conflict: settled as `pick` settles it, or left for a human."""
    ancestor, ours, theirs = sides
    present = ours or theirs or ancestor
    assert present is not None
    path = str(present.path)
    ids = (str(backport.commit.id), str(backport.original.id), path)
    # With rename detection on, the sides of one conflict may have different paths.
    fork_path = str((ours or ancestor or present).path)
    upstream_path = str((theirs or ancestor or present).path)
    decision = None if fork is None else settle_deletion(fork, fork_path, upstream_path, ours, theirs)
    if decision is None:
        return FileScore(*ids, Outcome.LEFT, "one side deleted the file and the other changed it", 0.0, False,
                         "delete/modify")
    if path not in backport.commit.tree and fork_path not in backport.commit.tree:
        return FileScore(*ids, Outcome.EQUAL, f"{decision.reason}, and the backport commit has no file there either",
                         0.0, False, "delete/modify")
    return FileScore(*ids, Outcome.DIFFERENT, f"{decision.reason}, but the backport commit has the file",
                     0.0, False, "delete/modify")


def _score_conflict(
    scratch: pygit2.Repository, backport: Backport, sides: _Sides, fork: ForkSpan | None
) -> FileScore:
    ancestor, ours, theirs = sides
    if ours is None or theirs is None:
        return _score_deletion(backport, sides, fork)
    present = ours or theirs or ancestor
    assert present is not None
    path = str(present.path)
    ids = (str(backport.commit.id), str(backport.original.id), path)
    texts = [_text(scratch, side.id) if side is not None else "" for side in (ancestor, ours, theirs)]
    if any(text is None for text in texts):
        return FileScore(*ids, Outcome.LEFT, "binary file", 0.0, False, "binary")
    base_text, ours_text, theirs_text = (text or "" for text in texts)
    started = time.perf_counter()
    merged = merge_java_file(base_text, ours_text, theirs_text, path=path, labels=_LABELS)
    seconds = time.perf_counter() - started
    unparseable = path.endswith(".java") and merged.fallback_reason is not None
    if not merged.clean:
        reason = merged.fallback_reason or "; ".join(c.reason for c in merged.conflicts if c.resolution.value == "unresolved")
        return FileScore(*ids, Outcome.LEFT, reason or "conflict markers left", seconds, unparseable)
    committed = _committed(scratch, backport.commit.tree, path)
    if committed is None:
        return FileScore(*ids, Outcome.DIFFERENT, "the backport commit does not have this file", seconds, unparseable)
    if comparable(committed) == comparable(merged.text):
        return FileScore(*ids, Outcome.EQUAL, "same as the committed file", seconds, unparseable)
    return FileScore(*ids, Outcome.DIFFERENT, "resolved, but not as the committed file", seconds, unparseable)


def _changed_paths(repo: pygit2.Repository, old: pygit2.Tree, new: pygit2.Tree) -> set[str]:
    return {delta.new_file.path for delta in old.diff_to_tree(new).deltas}


def _check_clean(
    scratch: pygit2.Repository, backport: Backport, index: pygit2.Index, conflicted: set[str]
) -> Iterator[CleanCheck]:
    """Yield, for each file both sides changed that git merged cleanly, whether the merger agrees with git."""
    base = backport.original.parents[0].tree
    ours = backport.commit.parents[0].tree
    theirs = backport.original.tree
    both = _changed_paths(scratch, base, ours) & _changed_paths(scratch, base, theirs)
    for path in sorted(both - conflicted):
        texts = [_committed(scratch, tree, path) for tree in (base, ours, theirs)]
        try:
            git_text = _text(scratch, index[path].id)
        except KeyError:
            continue
        if git_text is None or any(text is None for text in texts):
            continue
        base_text, ours_text, theirs_text = (text or "" for text in texts)
        merged = merge_java_file(base_text, ours_text, theirs_text, path=path, labels=_LABELS)
        same = merged.clean and comparable(merged.text) == comparable(git_text)
        yield CleanCheck(str(backport.commit.id), path, same)
