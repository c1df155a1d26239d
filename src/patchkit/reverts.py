"""Finding upstream commits that revert a patch of the manifest.

A commit counts as the revert of an earlier commit in three cases. Its message
contains git's `This reverts commit <id>` line for it. Its subject is
`Revert "<subject of that commit>"`, optionally followed by more text such as a
PR number. Or its subject starts with `Revert` and names the earlier commit's
PR number. A later revert of that revert cancels it, so a change that upstream
re-landed is not reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import pygit2
from pygit2.enums import SortMode

from patchkit.model import Manifest, RevertInfo
from patchkit.resolve import pr_number, subject_of

_REVERTS_LINE = re.compile(r"This reverts commit ([0-9a-fA-F]{7,40})")


def _reverts(candidate: pygit2.Commit, target: pygit2.Commit) -> bool:
    """Return True when `candidate`'s message marks it as the revert of `target`."""
    target_id = str(target.id)
    if any(target_id.startswith(short.lower()) for short in _REVERTS_LINE.findall(candidate.message)):
        return True
    subject = subject_of(candidate)
    if subject.startswith(f'Revert "{subject_of(target)}"'):
        return True
    number = pr_number(target)
    if number is None or not subject.startswith("Revert"):
        return False
    return re.search(rf"#{number}(?!\d)", subject) is not None


def _may_revert(candidate: pygit2.Commit) -> bool:
    """Return False for commits that match none of the revert patterns, which is most of them."""
    return subject_of(candidate).startswith("Revert") or "This reverts commit" in candidate.message


def _commits_after(repo: pygit2.Repository, tip: pygit2.Commit, targets: Iterable[pygit2.Commit]) -> list[pygit2.Commit]:
    """Return the commits from `tip` back to the oldest target, oldest first.

    A topological walk lists every commit before its parents, so once all
    targets are seen, no commit left can descend from one of them. Targets that
    `tip` cannot reach make the walk go to the root.
    """
    waiting = {target.id for target in targets}
    seen: list[pygit2.Commit] = []
    for commit in repo.walk(tip.id, SortMode.TOPOLOGICAL):
        if not waiting:
            break
        seen.append(commit)
        waiting.discard(commit.id)
    seen.reverse()
    return seen


def revert_commits(
    repo: pygit2.Repository, upstream_tip: pygit2.Commit, commits: Mapping[str, pygit2.Commit]
) -> dict[str, pygit2.Commit]:
    """Return {key: the commit that reverts commits[key]} for each commit reverted by the tip.

    Only commits that descend from the reverted one and are ancestors of (or
    equal to) `upstream_tip` count.
    """
    found: dict[str, pygit2.Commit] = {}
    for candidate in _commits_after(repo, upstream_tip, commits.values()):
        if not _may_revert(candidate):
            continue
        for key, target in commits.items():
            _check(repo, candidate, key, target, found)
    return found


def _check(
    repo: pygit2.Repository, candidate: pygit2.Commit, key: str, target: pygit2.Commit,
    found: dict[str, pygit2.Commit],
) -> None:
    current = found.get(key)
    if current is not None:
        if _reverts(candidate, current) and repo.descendant_of(candidate.id, current.id):
            del found[key]
        return
    if _reverts(candidate, target) and repo.descendant_of(candidate.id, target.id):
        found[key] = candidate


def find_reverts(
    repo: pygit2.Repository,
    upstream_tip: pygit2.Commit,
    commits: Mapping[str, pygit2.Commit],
    manifest: Manifest,
) -> dict[str, RevertInfo]:
    """Return {patch id: the upstream revert} for every patch that upstream reverted later."""
    acknowledged = {spec.id: spec.acknowledge_revert for spec in manifest.patches}
    return {
        patch_id: RevertInfo(
            commit=str(revert.id),
            subject=subject_of(revert),
            pr=pr_number(revert),
            acknowledged=acknowledged.get(patch_id, False),
        )
        for patch_id, revert in revert_commits(repo, upstream_tip, commits).items()
    }


def revert_warning(label: str, revert: RevertInfo) -> str:
    """Return the warning plan and apply show for a patch that upstream reverted."""
    by = f"#{revert.pr}" if revert.pr is not None else revert.commit[:10]
    return (
        f"{label} was reverted upstream by {by} ({revert.subject}). Skip the patch, or set "
        "`acknowledge_revert: true` on it to apply it anyway."
    )
