"""git's own three-way file merge (libgit2's xdiff, as `git merge-file` runs it), on texts in memory.

libgit2 merges files only as blobs of a repository, so the module keeps one
repository per process that has no folder on disk: its object database is a
single in-memory backend, emptied after every merge.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pygit2
from pygit2.enums import FileMode

from patchkit.scratch import MemoryObjects

_lock = threading.Lock()
_store: tuple[pygit2.Repository, MemoryObjects] | None = None


@dataclass(frozen=True)
class GitMerge:
    """git's merged text, and whether git merged it without a conflict."""

    text: str
    clean: bool


def _repository() -> tuple[pygit2.Repository, MemoryObjects]:
    global _store
    if _store is None:
        objects = MemoryObjects()
        odb = pygit2.Odb()
        odb.add_backend(objects, 1)
        repo = pygit2.Repository()
        repo.set_odb(odb)
        _store = (repo, objects)
    return _store


def _to_bytes(text: str, wide: bool) -> bytes:
    # pygit2 1.21 decodes the merged bytes as strict UTF-8. A text with bytes that are
    # not UTF-8 (kept as surrogate escapes) goes through Latin-1 instead, which maps
    # each byte to one character, so equal lines stay equal and differ where they differed.
    raw = text.encode("utf-8", errors="surrogateescape")
    return raw.decode("latin-1").encode("utf-8") if wide else raw


def _from_bytes(text: str, wide: bool) -> str:
    if not wide:
        return text
    return text.encode("latin-1").decode("utf-8", errors="surrogateescape")


def _needs_latin1(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def git_merge(base: str, ours: str, theirs: str, labels: tuple[str, str] = ("ours", "theirs")) -> GitMerge | None:
    """Merge three texts with libgit2's file merge; `labels` name ours and theirs after the conflict markers.

    Returns None for text libgit2 cannot take whole: a NUL character, because
    pygit2 reads the result up to the first NUL, and a merge whose result is
    empty (see below).
    """
    texts = (base, ours, theirs)
    if ours == base or ours == theirs:
        return GitMerge(theirs, True)
    if theirs == base:
        return GitMerge(ours, True)
    if any("\0" in text for text in texts):
        return None
    wide = any(_needs_latin1(text) for text in texts)
    names = ("base", *labels)
    with _lock:
        repo, objects = _repository()
        try:
            entries = [
                pygit2.IndexEntry(name, repo.create_blob(_to_bytes(text, wide)), FileMode.BLOB)
                for name, text in zip(names, texts)
            ]
            result = repo.merge_file_from_index(entries[0], entries[1], entries[2])
        except RuntimeError:
            # NOTE: pygit2 1.21 raises RuntimeError ("cannot use string() on NULL")
            # when libgit2's merged text is empty, and hides whether it was clean.
            return None
        finally:
            objects.objects.clear()
    assert isinstance(result, pygit2.index.MergeFileResult)
    return GitMerge(_from_bytes(result.contents, wide), result.automergeable)
