"""Following moves: where a path of an upstream commit lives on the fork.

Upstream may have moved files after the fork point (Druid moved the Kubernetes
extension from `extensions-contrib/` to `extensions-core/`), and the fork may have
moved files of its own. libgit2's merge reports such a file as modify/delete when
its rename detection gives up, as it does once a change exceeds its rename limit.
So patchkit maps every path a patch touches before merging: first through the
manifest's `path_map`, then through renames it detects between the fork point and the
patch's parent, and then through the fork's own renames.
"""

from __future__ import annotations

import collections
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass, field

import pygit2
from pygit2.enums import DeltaStatus, DiffFind

from patchkit.cachefiles import JsonCache
from patchkit.model import PathMapping
from patchkit.treediff import narrow_diff
from patchkit.treeedit import has_file, has_folder

# Rename detection compares every added file with every deleted one. libgit2's default
# limit (1000 files) is below the size of one moved Maven module in a big project.
RENAME_LIMIT = 20000


def tree_files(tree: pygit2.Tree, prefix: str = "") -> Iterator[str]:
    """Yield the path of every blob and link under `tree`."""
    for entry in tree:
        path = f"{prefix}{entry.name}"
        if entry.type_str == "tree":
            yield from tree_files(entry, f"{path}/")  # type: ignore[arg-type]
        else:
            yield path


def detect_renames(repo: pygit2.Repository, old: pygit2.Tree, new: pygit2.Tree) -> dict[str, str]:
    """Return {path in `new`: path in `old`} for every file git's rename detection pairs."""
    return _detect(repo, old, new)[0]


def _detect(repo: pygit2.Repository, old: pygit2.Tree, new: pygit2.Tree) -> tuple[dict[str, str], bool]:
    """Return `detect_renames`'s result, and False when missing blobs limited it to identical files."""
    diff = narrow_diff(repo, old, new)
    complete = True
    try:
        diff.find_similar(flags=DiffFind.FIND_RENAMES, rename_limit=RENAME_LIMIT)
    except KeyError:
        # A partial clone lacks some blobs; pair the files whose content is identical.
        diff = narrow_diff(repo, old, new)
        diff.find_similar(flags=DiffFind.FIND_RENAMES | DiffFind.FIND_EXACT_MATCH_ONLY)
        complete = False
    renames = {
        delta.new_file.path: delta.old_file.path
        for delta in diff.deltas
        if delta.status == DeltaStatus.RENAMED
    }
    return renames, complete


def stored_renames(repo: pygit2.Repository, old: pygit2.Tree, new: pygit2.Tree, cache: JsonCache | None) -> dict[str, str]:
    """Return `detect_renames` of the two trees, read from `cache` when an earlier call stored it."""
    if cache is None:
        return detect_renames(repo, old, new)
    key = f"renames-{old.id}-{new.id}"
    stored = cache.read_keyed(key)
    found = stored.get("renames") if stored is not None else None
    if isinstance(found, dict) and all(isinstance(path, str) for pair in found.items() for path in pair):
        return found
    found, complete = _detect(repo, old, new)
    # A result limited by missing blobs is not stored, as a later fetch may complete it.
    if complete:
        cache.write_keyed(key, {"renames": found})
    return found


def _split_common_suffix(new_path: str, old_path: str) -> tuple[str, str] | None:
    """Return the differing folder prefixes of two paths that end alike, or None."""
    new_parts, old_parts = new_path.split("/"), old_path.split("/")
    common = 0
    while (
        common < min(len(new_parts), len(old_parts)) - 1
        and new_parts[-1 - common] == old_parts[-1 - common]
    ):
        common += 1
    if common == 0:
        return None
    new_prefix = "/".join(new_parts[: len(new_parts) - common])
    old_prefix = "/".join(old_parts[: len(old_parts) - common])
    if not new_prefix or not old_prefix:
        return None
    return new_prefix + "/", old_prefix + "/"


def folder_moves(renames: dict[str, str]) -> dict[str, str]:
    """Infer folder moves {new prefix: old prefix} that at least two renamed files agree on."""
    votes: collections.Counter[tuple[str, str]] = collections.Counter()
    for new_path, old_path in renames.items():
        pair = _split_common_suffix(new_path, old_path)
        if pair is not None:
            votes[pair] += 1
    return {new: old for (new, old), count in votes.items() if count >= 2}


@dataclass
class PathMapper:
    """Maps paths of upstream commits to the fork's paths, computing renames lazily."""

    repo: pygit2.Repository
    fork_tree: pygit2.Tree
    fork_point_tree: pygit2.Tree
    manifest_map: tuple[PathMapping, ...] = ()
    _fork_renames: dict[str, str] | None = None
    upstream_cache: dict[str, tuple[dict[str, str], dict[str, str]]] = field(default_factory=dict)
    stored: JsonCache | None = None
    """Renames detected by earlier runs, keyed by the two trees (see `pick.diff_cache`)."""

    def _fork_has_folder(self, path: str) -> bool:
        return has_folder(self.fork_tree, posixpath.dirname(path))

    def _fork_has_file(self, path: str) -> bool:
        return has_file(self.fork_tree, path)

    def _renamed_on_fork(self, fork_point_path: str) -> str:
        if self._fork_renames is None:
            renamed = stored_renames(self.repo, self.fork_point_tree, self.fork_tree, self.stored)
            self._fork_renames = {old: new for new, old in renamed.items()}
        return self._fork_renames.get(fork_point_path, fork_point_path)

    def _upstream_moves(self, parent: pygit2.Commit) -> tuple[dict[str, str], dict[str, str]]:
        key = str(parent.tree.id)
        if key not in self.upstream_cache:
            renames = stored_renames(self.repo, self.fork_point_tree, parent.tree, self.stored)
            self.upstream_cache[key] = (renames, folder_moves(renames))
        return self.upstream_cache[key]

    def _by_manifest(self, path: str) -> str | None:
        for mapping in self.manifest_map:
            if path.startswith(mapping.upstream):
                return mapping.fork + path[len(mapping.upstream) :]
        return None

    def _by_detection(self, path: str, parent: pygit2.Commit) -> str | None:
        renames, folders = self._upstream_moves(parent)
        at_fork_point = renames.get(path)
        if at_fork_point is None:
            for new_prefix, old_prefix in folders.items():
                if path.startswith(new_prefix):
                    at_fork_point = old_prefix + path[len(new_prefix) :]
                    break
        candidate = self._renamed_on_fork(at_fork_point or path)
        if candidate == path:
            return None
        if self._fork_has_file(candidate) or self._fork_has_folder(candidate):
            return candidate
        return None

    def map(self, path: str, parent: pygit2.Commit, *, added: bool = False) -> tuple[str, str | None]:
        """Return the fork path for upstream's `path` and how it was found (None: unchanged).

        A file the patch adds keeps its path when its folder exists on the fork, so
        rename detection runs only for files the fork lacks under a folder it lacks.
        """
        if self._fork_has_file(path) or (added and self._fork_has_folder(path)):
            return path, None
        mapped = self._by_manifest(path)
        if mapped is not None:
            return mapped, "path_map of the manifest"
        mapped = self._by_detection(path, parent)
        if mapped is not None:
            return mapped, "rename detected in history"
        return path, None
