"""Why a pick conflicts: the upstream commits that wrote the context it builds on.

A cherry-pick conflicts when the lines around upstream's change (the file at
the commit's parent) differ from the fork's lines at the same place. The
lines of the parent's version that the fork lacks were written by upstream
commits after the fork point. Blame from the parent back to the fork point
finds them, and the manifest shows whether each was skipped, not listed, or is
applied later.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pygit2

from patchkit.cachefiles import JsonCache, source_stamp
from patchkit.javamerge import textform
from patchkit.javacache import parse_java
from patchkit.javamerge.api import UnreadableError
from patchkit.javamerge.structure import TypeBody
from patchkit.model import Decision, Manifest, PatchOutcome, PatchSpec, Provenance, ResolutionKind
from patchkit.pick import FileConflict, PickResult
from patchkit.resolve import UpstreamRange, pr_number, subject_of
from patchkit.textcodec import decode_text

ConflictKey = tuple[str, str | None]


@dataclass(frozen=True)
class MemberSpan:
    """Lines of one member or type declaration: 1-based, `first` to `last` inclusive.

    `name` is spelled as the Java merge names conflicts: `Type.method(Param)`,
    `Type` for a top-level type, and `Type (declaration)` for the lines of a
    type up to its opening brace. `container` marks a type whose members have
    spans of their own.
    """

    name: str
    first: int
    last: int
    container: bool = False


def member_spans(text: str) -> tuple[MemberSpan, ...]:
    """Return the span of every member of a Java file, or () when the file cannot be split."""
    try:
        parsed = parse_java(textform.normalize(text))
    except UnreadableError:
        return ()
    return tuple(_body_spans(parsed.unit, "", len(parsed.unit.header)))


def _body_spans(body: TypeBody, owner: str, start: int) -> Iterator[MemberSpan]:
    """Yield spans of a body whose first member starts at 0-based line `start`."""
    line = start
    for member in body.members:
        name = f"{owner}.{member.signature}" if owner else member.signature
        first = line + member.lead
        yield MemberSpan(name, first + 1, line + len(member.lines), container=member.body is not None)
        if member.body is not None:
            yield MemberSpan(f"{name} (declaration)", first + 1, first + len(member.body.header))
            yield from _body_spans(member.body, name, first + len(member.body.header))
        line += len(member.lines)


def simple_member_name(member: str, with_parameters: bool = True) -> str:
    """Return `saveLogs(String)` (or `saveLogs`) for the merger's `Type.saveLogs(String)`."""
    name = member if with_parameters else member.split("(", 1)[0]
    head, paren, tail = name.partition("(")
    return head.rsplit(".", 1)[-1] + paren + tail


def span_named(spans: Iterable[MemberSpan], name: str) -> MemberSpan | None:
    return next((span for span in spans if span.name == name), None)


def _blob_text(tree: pygit2.Tree, path: str) -> str:
    try:
        blob = tree[path]
    except KeyError:
        return ""
    if not isinstance(blob, pygit2.Blob):
        return ""
    return decode_text(blob.data) or ""


def _lines(text: str, span: MemberSpan | None) -> tuple[list[str], int]:
    """Return the lines of `span` (all lines when None) and the 1-based number of the first."""
    lines = textform.normalize(text).splitlines()
    if span is None:
        return lines, 1
    return lines[span.first - 1 : span.last], span.first


def lines_fork_lacks(base_text: str, fork_text: str, member: str | None) -> list[int]:
    """Return the 1-based lines of `base_text` within `member` that the fork's version does not have."""
    base_span = span_named(member_spans(base_text), member) if member else None
    fork_span = span_named(member_spans(fork_text), member) if member else None
    base_lines, first = _lines(base_text, base_span)
    if member is not None and fork_span is None:
        fork_lines: list[str] = []
    else:
        fork_lines, _ = _lines(fork_text, fork_span)
    matcher = difflib.SequenceMatcher(None, fork_lines, base_lines, autojunk=False)
    missing: list[int] = []
    for tag, _, _, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "insert"):
            missing.extend(range(first + j1, first + j2))
    return missing


def blame_cache(root: Path) -> JsonCache:
    """Return the cache of blamed lines under `root`, which plan fills.

    A blame depends only on the path, the two commits, the lines, libgit2 and
    the code of this module. It walks the file's history, which takes longer
    the larger the fork: about 5 ms per conflicted file with 3,000 extra files
    (`benchmarks/bench_plan.py`).
    """
    return JsonCache(root, "blame", source_stamp([pygit2.LIBGIT2_VERSION], [sys.modules[__name__]]))


def _blamed_lines(
    repo: pygit2.Repository, path: str, parent: pygit2.Commit, fork_point: str, lines: Iterable[int],
    cache: JsonCache | None = None,
) -> dict[int, pygit2.Oid | None]:
    """Return the upstream commit after the fork point that wrote each of `lines` of `path` at `parent`.

    A line the fork point already had maps to None. One blame covers every
    line, so the history of the file is walked once per conflicting file, not
    once per conflicting member. `cache` keeps the result for a later call.
    """
    wanted = sorted(set(lines))
    if not wanted:
        return {}
    facts = json.dumps([path, str(parent.id), fork_point, wanted], ensure_ascii=True)
    key = hashlib.sha256(facts.encode("ascii")).hexdigest()
    stored = _stored_blame(cache.read_keyed(key), wanted) if cache is not None else None
    if stored is not None:
        return stored
    blame = repo.blame(path, newest_commit=parent.id, oldest_commit=pygit2.Oid(hex=fork_point),
                       min_line=wanted[0], max_line=wanted[-1])
    by_line: dict[int, pygit2.Oid | None] = {}
    for number in wanted:
        hunk = blame.for_line(number)
        by_line[number] = None if hunk.boundary else hunk.final_commit_id
    if cache is not None:
        lines_found = {str(number): None if oid is None else str(oid) for number, oid in by_line.items()}
        cache.write_keyed(key, {"lines": lines_found})
    return by_line


def _stored_blame(document: dict[str, Any] | None, numbers: list[int]) -> dict[int, pygit2.Oid | None] | None:
    """Return the blamed lines of a cache entry, or None when it does not have exactly `numbers`."""
    found = document.get("lines") if document is not None else None
    if not isinstance(found, dict) or sorted(found) != sorted(str(number) for number in numbers):
        return None
    by_line: dict[int, pygit2.Oid | None] = {}
    for number in numbers:
        value = found[str(number)]
        if value is not None and not (isinstance(value, str) and re.fullmatch(r"[0-9a-f]{40}", value)):
            return None
        by_line[number] = None if value is None else pygit2.Oid(hex=value)
    return by_line


def _commits_of(lines: Sequence[int], by_line: dict[int, pygit2.Oid | None]) -> list[pygit2.Oid]:
    """Return the distinct commits that wrote `lines`, in the order of the lines."""
    found: list[pygit2.Oid] = []
    for number in lines:
        oid = by_line[number]
        if oid is not None and oid not in found:
            found.append(oid)
    return found


def spec_for_commit(manifest: Manifest, commit: pygit2.Commit) -> PatchSpec | None:
    """Return the manifest patch that names `commit` by id, or by PR number when it names no id."""
    commit_id = str(commit.id)
    number = pr_number(commit)
    for spec in manifest.patches:
        if spec.commit is not None and commit_id.startswith(spec.commit.lower()):
            return spec
        if spec.commit is None and spec.pr is not None and spec.pr == number:
            return spec
    return None


def _status(manifest: Manifest, source: PatchSpec | None, current: PatchSpec | None) -> str:
    if source is None:
        return "not listed"
    if source.decision is Decision.SKIP:
        return "skipped"
    order = [spec.id for spec in manifest.apply_order()]
    if current is not None and current.id in order and order.index(source.id) < order.index(current.id):
        return "listed earlier"
    return "listed later"


def _provenance(manifest: Manifest, current: PatchSpec | None, commit: pygit2.Commit) -> Provenance:
    source = spec_for_commit(manifest, commit)
    return Provenance(
        commit=str(commit.id),
        subject=subject_of(commit),
        pr=pr_number(commit),
        manifest_status=_status(manifest, source, current),
        patch_id=source.id if source is not None else None,
    )


# The conflicts whose context a human had to read: those left for one, and those
# settled by a recorded resolution, which is a human's earlier decision.
_HUMAN_RESOLUTIONS = (ResolutionKind.UNRESOLVED, ResolutionKind.RECORDED)


def _human_sites(conflict: FileConflict) -> list[str | None]:
    """Return the members of one file left for a human or settled by a record, or [None] for the whole file."""
    if conflict.merge is None or not conflict.merge.conflicts:
        return [None]
    return [m.member for m in conflict.merge.conflicts if m.resolution in _HUMAN_RESOLUTIONS]


def _needs_provenance(conflict: FileConflict) -> bool:
    if not conflict.resolved:
        return True
    merge = conflict.merge
    return merge is not None and any(m.resolution is ResolutionKind.RECORDED for m in merge.conflicts)


def conflict_provenance(
    repo: pygit2.Repository,
    upstream: UpstreamRange,
    manifest: Manifest,
    commit: pygit2.Commit,
    result: PickResult,
    cache: JsonCache | None = None,
) -> dict[ConflictKey, tuple[Provenance, ...]]:
    """Return, per conflict left for a human or settled by a record, the upstream commits whose lines it builds on.

    Keys are (fork path, member), member None for a whole-file conflict. Sources
    are listed oldest first. A conflict whose context the fork changed itself
    (lines the fork point already had) has no sources. `cache` keeps the blames.
    """
    parent = commit.parents[0]
    current = spec_for_commit(manifest, commit)
    found: dict[ConflictKey, tuple[Provenance, ...]] = {}
    for conflict in filter(_needs_provenance, result.conflicts):
        base_text = _blob_text(parent.tree, conflict.upstream_path)
        fork_text = _blob_text(result.onto.tree, conflict.path)
        lacking = {member: lines_fork_lacks(base_text, fork_text, member) for member in _human_sites(conflict)}
        every_line = [number for lines in lacking.values() for number in lines]
        by_line = _blamed_lines(repo, conflict.upstream_path, parent, upstream.fork_point, every_line, cache)
        for member, lines in lacking.items():
            oids = _commits_of(lines, by_line)
            ordered = sorted(oids, key=lambda oid: upstream.position(str(oid)) or 0)
            found[(conflict.path, member)] = tuple(
                _provenance(manifest, current, repo[oid].peel(pygit2.Commit)) for oid in ordered
            )
    return found


_STATUS_WORDS = {
    "skipped": "which this manifest skips",
    "not listed": "which this manifest does not list",
    "listed later": "which this manifest applies later",
    "listed earlier": "which this manifest applies earlier",
}


def _source_phrase(source: Provenance) -> str:
    name = f"#{source.pr}" if source.pr is not None else f"{source.commit[:10]} ({source.subject})"
    words = _STATUS_WORDS.get(source.manifest_status, f"which this manifest marks {source.manifest_status}")
    if source.patch_id is not None and source.manifest_status != "skipped":
        words += f" as patch '{source.patch_id}'"
    return f"{name}, {words}"


def add_provenance(
    repo: pygit2.Repository,
    upstream: UpstreamRange,
    manifest: Manifest,
    label: str,
    result: PickResult,
    outcome: PatchOutcome,
    cache: JsonCache | None = None,
) -> tuple[PatchOutcome, tuple[str, ...]]:
    """Return `outcome` with the provenance of each conflict left for a human or settled by a record.

    Also returns one `provenance_sentence` per such conflict, labelled `label`.
    `cache` keeps the blames (see `blame_cache`).
    """
    if not any(_needs_provenance(conflict) for conflict in result.conflicts):
        return outcome, ()
    sources = conflict_provenance(repo, upstream, manifest, result.commit, result, cache)
    records = []
    sentences = []
    for record in outcome.conflicts:
        found = sources.get((record.path, record.member))
        if record.resolution not in _HUMAN_RESOLUTIONS or found is None:
            records.append(record)
            continue
        records.append(replace(record, provenance=found))
        sentences.append(provenance_sentence(label, record.member or record.path, found))
    return replace(outcome, conflicts=tuple(records)), tuple(sentences)


def provenance_sentence(patch_label: str, member: str, sources: Sequence[Provenance]) -> str:
    """Return one sentence saying which upstream commits a conflict in `member` builds on."""
    if not sources:
        return f"{patch_label} conflicts in {member} because the fork changed the lines it builds on."
    phrases = [_source_phrase(source) for source in sources]
    joined = phrases[0] if len(phrases) == 1 else "; ".join(phrases[:-1]) + "; and " + phrases[-1]
    return f"{patch_label} conflicts in {member} because it builds on {joined}."
