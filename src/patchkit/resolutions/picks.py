"""Use recorded resolutions on an in-memory pick, and record the ones a human made for it."""

from __future__ import annotations

import logging
from dataclasses import replace

import pygit2

from patchkit.javamerge import FileMerge
from patchkit.model import ResolutionKind
from patchkit.pick import FileConflict, PickResult
from patchkit.resolutions.store import RecordedMatch, ResolutionStore
from patchkit.resolve import pr_number
from patchkit.textcodec import decode_text, encode_text

log = logging.getLogger("patchkit.resolutions")

# Only these conflicts leave a text with markers; delete/modify and binary files do not.
_MARKED_KINDS = ("content", "add/add")


def _marked_text(conflict: FileConflict) -> str | None:
    if conflict.resolved or conflict.kind not in _MARKED_KINDS or conflict.marked_text is None:
        return None
    return decode_text(conflict.marked_text)


def _recorded(conflict: FileConflict, match: RecordedMatch, data: bytes) -> FileConflict:
    """Return the conflict marked resolved, its member conflicts marked as recorded."""
    reason = f"recorded resolution {', '.join(match.used)}"
    merge = conflict.merge
    if merge is not None:
        members = tuple(
            replace(member, resolution=ResolutionKind.RECORDED, reason=reason)
            if member.resolution is ResolutionKind.UNRESOLVED else member
            for member in merge.conflicts
        )
        merge = FileMerge(match.text or "", True, members, merge.fallback_reason)
    return replace(conflict, resolved=True, merge=merge, marked_text=data, reason=reason)


def resolve_from_records(store: ResolutionStore, repo: pygit2.Repository, result: PickResult) -> list[RecordedMatch]:
    """Resolve the pick's unresolved files from records, changing `result` and its index in place.

    A file is resolved only when every hunk in it matches a record. Returns one
    match per file tried, so the caller can report records that did not match.
    """
    matches = []
    for position, conflict in enumerate(result.conflicts):
        text = _marked_text(conflict)
        if text is None:
            continue
        match = store.apply(conflict.path, text)
        matches.append(match)
        if match.text is None:
            continue
        sides = result.index.conflicts[conflict.path] if result.index.conflicts is not None else None
        ours = sides[1] if sides is not None else None
        mode = ours.mode if ours is not None else pygit2.enums.FileMode.BLOB
        data = encode_text(match.text)
        if result.index.conflicts is not None:
            del result.index.conflicts[conflict.path]
        result.index.add(pygit2.IndexEntry(conflict.path, repo.create_blob(data), mode))
        result.conflicts[position] = _recorded(conflict, match, data)
    return matches


def record_pick(store: ResolutionStore, repo: pygit2.Repository, result: PickResult, tree: pygit2.Tree) -> list[str]:
    """Record how `tree` (what the human staged) resolved each unresolved file of the pick; return the ids.

    `result` must be the pick that stopped, made again if needed: a pick is
    deterministic, so it gives back the same text with markers.
    """
    ids: list[str] = []
    for conflict in result.conflicts:
        text = _marked_text(conflict)
        if text is None:
            continue
        try:
            staged = decode_text(repo[tree[conflict.path].id].peel(pygit2.Blob).data)
        except KeyError:
            log.info("%s was deleted in the resolution, so nothing was recorded for it", conflict.path)
            continue
        if staged is None:
            continue
        ids += store.record(conflict.path, text, staged, member_of_line=None,
                            upstream_commit=str(result.commit.id), pr=pr_number(result.commit))
    return ids
