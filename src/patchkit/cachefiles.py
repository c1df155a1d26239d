"""JSON caches under `.git/patchkit/cache/`, which plan fills so that a later plan does less work.

Each cache is a folder per kind of data, with one subfolder per stamp: a hash
of patchkit's version, the versions of the libraries involved and the source of
the modules whose code decides the cached data. A change to any of them starts
an empty subfolder and removes the subfolders of other stamps. Entries are
plain JSON, so an entry that another process wrote is at worst wrong data for
the caller to check, never code. Each entry is written to a temporary file
that is then renamed into place, so a reader never sees part of an entry.
Unlike `state.atomic_write`, nothing is synced to disk, which saves about
0.3 ms per entry: after a crash an entry may be empty or cut short, and `read`
ignores it as unreadable. Nothing here raises for
a missing, unreadable or unwritable cache: it only costs the work again.

Each folder contains at most `MAX_ENTRIES` entries, or the limit its user
gives. The first write of a `JsonCache` object checks the count and, above the
limit, removes the entries written longest ago, down to three quarters of it.
Reading does not refresh an entry, so an entry in use may be removed too. It is
then computed and written again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

import pygit2

import patchkit
from patchkit.scratch import object_folder

log = logging.getLogger("patchkit.cachefiles")

# A plan of the sample fork writes a dozen entries, and a fork with thousands of
# local commits writes one patch-id per commit. Patch-ids and parses are small entries.
MAX_ENTRIES = 10_000


def cache_root(repo: pygit2.Repository) -> Path:
    """Return `.git/patchkit/cache` of the repository, the main `.git/` for a linked work tree."""
    return object_folder(repo).parent / "patchkit" / "cache"


def source_stamp(versions: Iterable[str], modules: Iterable[ModuleType], files: Iterable[Path] = ()) -> str:
    """Return a short hash of patchkit's version, `versions`, and the bytes of `modules`' source and `files`."""
    digest = hashlib.sha256(patchkit.__version__.encode())
    for version in versions:
        digest.update(b"\0" + version.encode())
    sources = [Path(module.__file__) for module in modules if module.__file__ is not None]
    for path in [*sources, *files]:
        digest.update(b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


class JsonCache:
    """The entries of one kind of data and one stamp, in `root`/`kind`/`stamp`/<key>.json.

    A cache whose folders include a symbolic link is not used, so that neither
    writing nor removing old entries reaches outside `root`'s own folders.
    """

    def __init__(self, root: Path, kind: str, stamp: str, *, limit: int = MAX_ENTRIES) -> None:
        self.stamp = stamp
        self.folder = root / kind / stamp
        self.limit = limit
        self._pruned = False
        self.usable = not any(_is_link(path) for path in (root, root / kind, self.folder))
        if not self.usable:
            log.debug("not using the cache %s, because its path has a symbolic link", self.folder)
        elif not _is_folder(self.folder):
            _remove_other_stamps(self.folder)

    def read(self, key: str) -> Any:
        """Return the JSON value stored under `key`, or None when there is none or it is unreadable."""
        if not self.usable:
            return None
        try:
            return json.loads(_read_regular_file(self._path(key)))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as error:
            log.debug("ignored the cache entry %s because it is unreadable: %s", self._path(key), error)
            return None

    def read_keyed(self, key: str) -> dict[str, Any] | None:
        """Return the JSON object that `write_keyed` stored under `key`, or None when there is none.

        An entry that names another key, such as one copied from another file, counts as none.
        """
        document = self.read(key)
        if not isinstance(document, dict) or document.get("key") != key:
            return None
        return document

    def write_keyed(self, key: str, fields: dict[str, Any]) -> None:
        """Store `fields` under `key` as one JSON object that also names the key."""
        self.write(key, {"key": key, **fields})

    def write(self, key: str, value: Any) -> None:
        """Store a JSON value under `key`; a failed write is logged at DEBUG level and otherwise ignored."""
        if not self.usable:
            return
        if not self._pruned:
            self._pruned = True
            _prune(self.folder, self.limit)
        try:
            # ASCII escapes keep text that is not valid UTF-8 (held as lone surrogates) readable again.
            data = json.dumps(value, ensure_ascii=True, separators=(",", ":")).encode("ascii")
            _replace(self._path(key), data)
        except (OSError, ValueError, TypeError) as error:
            log.debug("failed to write the cache entry %s: %s", self._path(key), error)

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.json"


def _is_link(path: Path) -> bool:
    try:
        return stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:
        return False


def _is_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _read_regular_file(path: Path) -> bytes:
    """Return the bytes of `path`; raise OSError when it is not a regular file, such as a pipe that would block."""
    handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(handle, "rb") as stream:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise OSError(f"{path} is not a regular file")
        return stream.read()


def _replace(path: Path, data: bytes) -> None:
    """Write `data` to a new file beside `path`, then rename it to `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def _prune(folder: Path, limit: int) -> None:
    """Remove the oldest entries of `folder` when it has more than `limit`, keeping three quarters of `limit`."""
    try:
        with os.scandir(folder) as found:
            entries = [entry for entry in found if entry.name.endswith(".json") and entry.is_file(follow_symlinks=False)]
        if len(entries) <= limit:
            return
        entries.sort(key=lambda entry: entry.stat(follow_symlinks=False).st_mtime_ns)
    except OSError as error:
        log.debug("failed to list the cache entries of %s: %s", folder, error)
        return
    for entry in entries[:len(entries) - limit * 3 // 4]:
        try:
            os.unlink(entry.path)
        except OSError as error:
            log.debug("failed to remove the old cache entry %s: %s", entry.path, error)


def _remove_other_stamps(current: Path) -> None:
    """Remove the subfolders of other stamps, which this version of patchkit never reads."""
    try:
        with os.scandir(current.parent) as found:
            others = [Path(entry.path) for entry in found if entry.is_dir(follow_symlinks=False)]
    except OSError as error:
        log.debug("failed to list the cache folders of %s: %s", current.parent, error)
        return
    for other in others:
        if other != current:
            shutil.rmtree(other, ignore_errors=True)
