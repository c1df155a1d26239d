"""In-memory cherry-pick of one upstream commit onto a fork commit.

The pick merges only the paths the upstream commit touches, each mapped to the
fork's path first (see `renames.py`). As in `git cherry-pick`, the merge base is the
commit's parent and the two sides are the fork commit and the upstream commit. The
base and both sides are small trees that hold only the touched paths, so the merge
takes as long on a large fork as on a small one. The merged files are then written
onto the fork's tree.
Conflicted files then go through the Java-aware merger. Where one side deleted the
file, `deletions.py` settles the safe cases and leaves the rest for a human.
Nothing here touches a ref, the index file or the work tree.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pygit2
from pygit2.enums import DeltaStatus, DiffFind, MergeFlag

from patchkit import renames, treediff, treeedit
from patchkit.cachefiles import JsonCache, source_stamp
from patchkit.deletions import DeletionAction, ForkSpan, settle_deletion
from patchkit.gitrepo import read_blob
from patchkit.javamerge import FileMerge, MergeLabels, merge_java_file
from patchkit.mergestore import MergeStore
from patchkit.model import MergeRule, PathMapping, Rename
from patchkit.renames import PathMapper
from patchkit.resolve import pr_number
from patchkit.textcodec import decode_text, encode_text
from patchkit.treediff import changed_files, commit_diff
from patchkit.treeedit import edit_tree, has_file, has_folder

log = logging.getLogger("patchkit.pick")


@dataclass(frozen=True)
class FileConflict:
    """A file git could not merge, and what the Java-aware merger made of it."""

    path: str
    upstream_path: str
    kind: str
    resolved: bool
    merge: FileMerge | None = None
    marked_text: bytes | None = None
    reason: str = ""
    base_text: str | None = None
    theirs_text: str | None = None
    deletion: DeletionAction | None = None

    @property
    def leaves_no_file(self) -> bool:
        """True for a delete/modify conflict settled by leaving no file at its path."""
        return self.resolved and self.deletion is not None


@dataclass
class PickResult:
    """The merged index of one pick's touched paths, plus everything the report needs about it.

    `fork_files` is the tree of the fork's files at the touched paths, as the fork
    commit has them.
    """

    commit: pygit2.Commit
    onto: pygit2.Commit
    index: pygit2.Index
    files: list[str]
    renames: list[Rename]
    fork_files: pygit2.Oid
    conflicts: list[FileConflict] = field(default_factory=list)

    @property
    def unresolved(self) -> list[FileConflict]:
        return [c for c in self.conflicts if not c.resolved]

    def merged_tree(self, repo: pygit2.Repository) -> pygit2.Oid:
        """Write the fork's tree with the merged files of a pick that has no conflict left.

        The files that differ between the merged index and `fork_files` are the
        pick's changes to the fork.
        """
        merged = repo[self.index.write_tree(repo)].peel(pygit2.Tree)
        before, after = changed_files(repo[self.fork_files].peel(pygit2.Tree), merged)
        return edit_tree(repo, self.onto.tree, {path: after.get(path) for path in before.keys() | after.keys()})

    def tree_without_conflicts(self, repo: pygit2.Repository) -> pygit2.Oid:
        """Write the tree of the merged files, leaving each unresolved path as the fork has it."""
        unresolved = {conflict.path for conflict in self.unresolved}
        changes: dict[str, tuple[pygit2.Oid, int] | None] = {}
        for path in self.files:
            if path in unresolved:
                continue
            try:
                entry = self.index[path]
            except KeyError:
                changes[path] = None
                continue
            changes[path] = (entry.id, entry.mode)
        return edit_tree(repo, self.onto.tree, changes)


@dataclass
class PickContext:
    """Settings shared by the picks of one run."""

    repo: pygit2.Repository
    fork_point: pygit2.Commit
    rules: tuple[MergeRule, ...]
    fork_label: str
    mapper_cache: dict[str, tuple[dict[str, str], dict[str, str]]] = field(default_factory=dict)
    manifest_map: tuple[PathMapping, ...] = ()
    merges: MergeStore | None = None
    """Stored merges to reuse, which plan opens. apply leaves it None and merges every file."""
    diffs: JsonCache | None = None
    """Stored renames and commits' changed paths (see `diff_cache`), which plan opens."""


def diff_cache(root: Path) -> JsonCache:
    """Return the cache of detected renames and of the paths each commit changes, under `root`.

    Both depend only on the object ids, libgit2 and the code of this module,
    `renames.py`, `treediff.py` and `treeedit.py`. Each entry names its key, so an
    entry copied under another key is not used.
    """
    stamp = source_stamp([pygit2.LIBGIT2_VERSION], [sys.modules[__name__], renames, treediff, treeedit])
    return JsonCache(root, "diffs", stamp)


def _changes(
    repo: pygit2.Repository, commit: pygit2.Commit, cache: JsonCache | None
) -> list[tuple[str | None, str | None]]:
    """Return (path before, path after) for each file the commit changes, renames paired."""
    key = f"changes-{commit.id}"
    stored = cache.read_keyed(key) if cache is not None else None
    found = stored.get("changes") if stored is not None else None
    if isinstance(found, list) and all(map(_is_pair, found)):
        return [(before, after) for before, after in found]
    pairs = _diff_pairs(repo, commit)
    if cache is not None:
        cache.write_keyed(key, {"changes": pairs})
    return pairs


def _is_pair(item: object) -> bool:
    return (
        isinstance(item, list) and len(item) == 2
        and all(side is None or isinstance(side, str) for side in item) and item != [None, None]
    )


def _diff_pairs(repo: pygit2.Repository, commit: pygit2.Commit) -> list[tuple[str | None, str | None]]:
    diff = commit_diff(repo, commit)
    diff.find_similar(flags=DiffFind.FIND_RENAMES)
    pairs: list[tuple[str | None, str | None]] = []
    for delta in diff.deltas:
        before = None if delta.status == DeltaStatus.ADDED else delta.old_file.path
        after = None if delta.status == DeltaStatus.DELETED else delta.new_file.path
        pairs.append((before, after))
    return pairs


def _entry(tree: pygit2.Tree, path: str) -> tuple[pygit2.Oid, int] | None:
    try:
        entry = tree[path]
    except KeyError:
        return None
    return entry.id, entry.filemode


def _collision(tree: pygit2.Tree, path: str) -> str | None:
    """Return the fork's file or folder that an entry at `path` would replace, if any."""
    if has_file(tree, path):
        return None
    if has_folder(tree, path):
        return f"{path}/"
    parts = path.split("/")
    for depth in range(1, len(parts)):
        prefix = "/".join(parts[:depth])
        if has_file(tree, prefix):
            return prefix
    return None


def _collision_conflict(path: str, upstream_path: str, other: str) -> FileConflict:
    return FileConflict(
        path, upstream_path, "directory/file", False,
        reason=(f"upstream's {path} needs a file where the fork has the folder {other}" if other.endswith("/")
                else f"upstream's {path} needs a folder where the fork has the file {other}")
        + "; move one of them by hand, `git add` the result, then run `patchkit continue`",
    )


@dataclass
class _Mapping:
    """The paths one upstream commit touches, mapped to the fork, with each side's entry."""

    touched: dict[str, str] = field(default_factory=dict)
    renames: list[Rename] = field(default_factory=list)
    base: dict[str, tuple[pygit2.Oid, int] | None] = field(default_factory=dict)
    theirs: dict[str, tuple[pygit2.Oid, int] | None] = field(default_factory=dict)
    collisions: list[FileConflict] = field(default_factory=list)
    moves: list[tuple[str, str]] = field(default_factory=list)


def _map_changes(ctx: PickContext, commit: pygit2.Commit, mapper: PathMapper) -> _Mapping:
    parent = commit.parents[0]
    mapping = _Mapping()
    for before, after in _changes(ctx.repo, commit, ctx.diffs):
        fork_paths: dict[str, str] = {}
        for upstream_path in {p for p in (before, after) if p is not None}:
            fork_path, how = mapper.map(upstream_path, parent, added=upstream_path != before)
            fork_paths[upstream_path] = fork_path
            mapping.touched[fork_path] = upstream_path
            if how is not None:
                mapping.renames.append(Rename(upstream_path, fork_path, how))
            mapping.base.setdefault(fork_path, None)
            mapping.theirs.setdefault(fork_path, None)
            if upstream_path == before:
                mapping.base[fork_path] = _entry(parent.tree, upstream_path)
            if upstream_path == after:
                mapping.theirs[fork_path] = _entry(commit.tree, upstream_path)
        if before is not None and after is not None and before != after:
            mapping.moves.append((fork_paths[before], fork_paths[after]))
    return mapping


def _set_aside_collisions(mapping: _Mapping, tree: pygit2.Tree) -> None:
    """Take out of the merge every path that would turn a fork file into a folder or back.

    libgit2's index silently drops the fork's file when a folder entry of the same
    name is added, so such paths become conflicts for a human instead.
    """
    for path, upstream_path in list(mapping.touched.items()):
        other = _collision(tree, path)
        if other is None or (mapping.base[path] is None and mapping.theirs[path] is None):
            continue
        mapping.collisions.append(_collision_conflict(path, upstream_path, other))
        del mapping.touched[path]


def _follow_moves(mapping: _Mapping, tree: pygit2.Tree) -> dict[str, tuple[pygit2.Oid, int] | None]:
    """Merge each file upstream's commit moves at its new path; return the fork side's moves.

    As git's rename detection does, the fork's version of the file goes to the new
    path for the merge, so the fork's edits follow the move and only the commit's
    own changes to the content apply. Without this, the move would read as a
    deletion plus a new file holding upstream's whole version, with every upstream
    change the fork lacks.
    """
    ours: dict[str, tuple[pygit2.Oid, int] | None] = {}
    for source, target in mapping.moves:
        if source not in mapping.touched or target not in mapping.touched:
            continue
        if not has_file(tree, source) or _entry(tree, target) is not None:
            continue
        ours[target], ours[source] = _entry(tree, source), None
        mapping.base[target], mapping.base[source] = mapping.base[source], None
    return ours


def _fork_file(tree: pygit2.Tree, path: str) -> tuple[pygit2.Oid, int] | None:
    """Return the fork's entry at `path`, or None for a folder, which the merge leaves as it is."""
    return _entry(tree, path) if has_file(tree, path) else None


def _mapped_trees(
    ctx: PickContext, commit: pygit2.Commit, onto: pygit2.Commit
) -> tuple[pygit2.Oid, pygit2.Oid, pygit2.Oid, pygit2.Oid, _Mapping]:
    """Build the merge base, the fork side, upstream's side and the fork's files as trees of the touched paths."""
    mapper = PathMapper(
        ctx.repo, onto.tree, ctx.fork_point.tree, ctx.manifest_map, upstream_cache=ctx.mapper_cache,
        stored=ctx.diffs,
    )
    mapping = _map_changes(ctx, commit, mapper)
    _set_aside_collisions(mapping, onto.tree)
    ours_moves = _follow_moves(mapping, onto.tree)
    fork_entries = {path: _fork_file(onto.tree, path) for path in mapping.touched}
    fork_files = edit_tree(ctx.repo, None, fork_entries)
    ours = edit_tree(ctx.repo, None, {**fork_entries, **ours_moves}) if ours_moves else fork_files
    base = edit_tree(ctx.repo, None, {path: mapping.base[path] for path in mapping.touched})
    theirs = edit_tree(ctx.repo, None, {path: mapping.theirs[path] for path in mapping.touched})
    return base, ours, theirs, fork_files, mapping


def _conflict_kind(ancestor: object, ours: object, theirs: object) -> str:
    if ancestor is None:
        return "add/add"
    if ours is None:
        return "delete/modify"
    if theirs is None:
        return "modify/delete"
    return "content"


def _blob_text(repo: pygit2.Repository, entry: pygit2.IndexEntry | None) -> str | None:
    """Return the entry's content as text: empty for a missing side, None for binary content."""
    if entry is None:
        return ""
    return decode_text(read_blob(repo, entry.id))


def _labels(ctx: PickContext, commit: pygit2.Commit) -> MergeLabels:
    number = pr_number(commit)
    name = f"upstream {str(commit.id)[:10]}" + (f" (#{number})" if number is not None else "")
    return MergeLabels(ours=ctx.fork_label, theirs=name)


def _side_deleted(ctx: PickContext, path: str, upstream_path: str, kind: str, present: pygit2.IndexEntry) -> FileConflict:
    who = "the fork deleted it and upstream changed it" if kind == "delete/modify" else "upstream deleted it and the fork changed it"
    return FileConflict(path, upstream_path, kind, False, marked_text=read_blob(ctx.repo, present.id),
                        reason=f"{path}: {who}; keep or delete it by hand")


def _merge_conflict(
    ctx: PickContext,
    commit: pygit2.Commit,
    onto: pygit2.Commit,
    path: str,
    upstream_path: str,
    sides: tuple[pygit2.IndexEntry | None, pygit2.IndexEntry | None, pygit2.IndexEntry | None],
) -> FileConflict:
    """Settle one file git could not merge, with the deletion rules or the Java-aware merger."""
    ancestor, ours, theirs = sides
    kind = _conflict_kind(ancestor, ours, theirs)
    if ours is None or theirs is None:
        decision = settle_deletion(ForkSpan(ctx.repo, ctx.fork_point, onto), path, upstream_path, ours, theirs)
        if decision is not None:
            return FileConflict(path, upstream_path, kind, True, reason=decision.reason,
                                deletion=decision.action)
        present = ours or theirs
        assert present is not None
        return _side_deleted(ctx, path, upstream_path, kind, present)
    base_text, ours_text, theirs_text = (_blob_text(ctx.repo, side) for side in (ancestor, ours, theirs))
    if base_text is None or ours_text is None or theirs_text is None:
        return FileConflict(path, upstream_path, "binary", False, marked_text=read_blob(ctx.repo, ours.id),
                            reason=f"{path} is binary; the fork's version is in the work tree")
    merge = merge_java_file if ctx.merges is None else ctx.merges.merge
    merged = merge(base_text, ours_text, theirs_text, path=path, rules=ctx.rules, labels=_labels(ctx, commit))
    return FileConflict(path, upstream_path, kind, merged.clean, merge=merged,
                        marked_text=encode_text(merged.text), reason=merged.fallback_reason or "",
                        base_text=base_text, theirs_text=theirs_text)


def pick(ctx: PickContext, commit: pygit2.Commit, onto: pygit2.Commit) -> PickResult:
    """Cherry-pick `commit` onto `onto` in memory, resolving what the Java merger can."""
    base_tree, ours_tree, theirs_tree, fork_files, mapping = _mapped_trees(ctx, commit, onto)
    merged = ctx.repo.merge_trees(base_tree, ours_tree, theirs_tree, flags=MergeFlag(0))
    result = PickResult(commit, onto, merged, sorted(mapping.touched), mapping.renames, fork_files,
                        list(mapping.collisions))
    upstream_paths = mapping.touched
    if merged.conflicts is None:
        return result
    for sides in list(merged.conflicts):
        path = next(side.path for side in sides if side is not None)
        conflict = _merge_conflict(ctx, commit, onto, path, upstream_paths.get(path, path), sides)
        result.conflicts.append(conflict)
        if conflict.leaves_no_file:
            # With the conflict's stages gone the index has no entry at `path`, so the tree has no file there.
            del merged.conflicts[path]
        elif conflict.resolved:
            assert conflict.marked_text is not None and sides[1] is not None
            del merged.conflicts[path]
            blob = ctx.repo.create_blob(conflict.marked_text)
            merged.add(pygit2.IndexEntry(path, blob, sides[1].mode))
    log.debug("picked %s onto %s: %d conflicts", commit.id, onto.id, len(result.conflicts))
    return result
