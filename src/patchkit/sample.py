"""Build the Druid-shaped sample fork that `patchkit demo` and the tests run on.

The bundled fixture `druid-sample` contains `history.yaml` (the commits, in order) and
`files/<snapshot>/` (the full files each commit writes). Names, e-mails and dates
are fixed, so every build of the sample gives identical commit ids.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pygit2
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from patchkit.bundled import bundled_path
from patchkit.errors import PatchkitError

log = logging.getLogger("patchkit.sample")

SAMPLE_FIXTURE = "druid-sample"

_COMMIT_PLACEHOLDER = re.compile(r"\{commit:([^}]+)\}")


@dataclass(frozen=True)
class SampleFork:
    """A built sample repository and the names of its refs and commits."""

    path: Path
    fork_branch: str
    upstream_ref: str
    fork_point_tag: str
    commits: Mapping[str, str]


@dataclass(frozen=True)
class _Move:
    """Rename every file under the folder `source` to the same path under `target`."""

    source: str
    target: str


@dataclass(frozen=True)
class _Step:
    name: str
    author: pygit2.Signature
    subject: str
    body: str
    snapshot: str
    move: _Move | None


@dataclass(frozen=True)
class _Branch:
    ref: str
    steps: tuple[_Step, ...]


@dataclass(frozen=True)
class _History:
    remote_name: str
    remote_url: str
    tag: str
    base: tuple[_Step, ...]
    upstream: _Branch
    fork: _Branch


def build_sample_fork(dest: Path) -> SampleFork:
    """Create the sample fork in `dest`, which must not exist or be an empty folder.

    The result has the tag at the release, the upstream commits on a remote-tracking
    ref, and the fork branch checked out with a clean work tree.
    """
    _check_destination(dest)
    fixture = bundled_path("fixtures", SAMPLE_FIXTURE)
    history = _load_history(fixture / "history.yaml")
    fork_branch = _shorthand(history.fork.ref, "refs/heads/")

    repo = pygit2.init_repository(str(dest), initial_head=fork_branch)
    repo.remotes.create(history.remote_name, history.remote_url)
    writer = _HistoryWriter(repo, fixture / "files")

    # Both branches start from the tagged release and its files.
    release_id, release_files = writer.write_steps(None, {}, history.base)
    repo.references.create(f"refs/tags/{history.tag}", release_id)
    for branch in (history.upstream, history.fork):
        tip_id, _ = writer.write_steps(release_id, dict(release_files), branch.steps)
        repo.references.create(branch.ref, tip_id)

    repo.checkout(history.fork.ref)
    log.info("Built the sample fork in %s with %d commits", dest, len(writer.commits))
    return SampleFork(
        path=dest,
        fork_branch=fork_branch,
        upstream_ref=_shorthand(history.upstream.ref, "refs/remotes/"),
        fork_point_tag=history.tag,
        commits=MappingProxyType(dict(writer.commits)),
    )


def _check_destination(dest: Path) -> None:
    if not dest.exists():
        return
    if not dest.is_dir():
        raise PatchkitError(f"Cannot build the sample fork at {dest}: it is a file, not a folder.")
    if any(dest.iterdir()):
        raise PatchkitError(
            f"Cannot build the sample fork in {dest}: the folder is not empty. "
            "Choose a new path or an empty folder."
        )


def _shorthand(ref: str, prefix: str) -> str:
    return ref[len(prefix):] if ref.startswith(prefix) else ref


class _HistoryWriter:
    """Write commits from snapshots, remembering each step's commit id by name."""

    def __init__(self, repo: pygit2.Repository, snapshots: Path) -> None:
        self.repo = repo
        self.snapshots = snapshots
        self.commits: dict[str, str] = {}

    def write_steps(
        self,
        parent: pygit2.Oid | None,
        files: dict[str, pygit2.Oid],
        steps: Sequence[_Step],
    ) -> tuple[pygit2.Oid, dict[str, pygit2.Oid]]:
        """Commit `steps` in order on top of `parent`, whose tree contains `files`.

        Return the last commit's id and its files; `files` is updated in place.
        """
        if parent is None and not steps:
            raise PatchkitError("The sample history has no base commits.")
        tip = parent
        for step in steps:
            if step.move is not None:
                _move_files(files, step.move, step.name)
            files.update(self._snapshot_blobs(step))
            tip = self._commit(step, files, [] if tip is None else [tip])
        assert tip is not None
        return tip, files

    def _snapshot_blobs(self, step: _Step) -> dict[str, pygit2.Oid]:
        folder = self.snapshots / step.snapshot
        if not folder.is_dir():
            raise PatchkitError(f"Sample step '{step.name}': snapshot folder {folder} is missing.")
        blobs = {}
        for file in sorted(path for path in folder.rglob("*") if path.is_file()):
            blobs[file.relative_to(folder).as_posix()] = self.repo.create_blob(file.read_bytes())
        return blobs

    def _commit(self, step: _Step, files: Mapping[str, pygit2.Oid], parents: list[pygit2.Oid]) -> pygit2.Oid:
        index = pygit2.Index()
        for path, blob_id in sorted(files.items()):
            index.add(pygit2.IndexEntry(path, blob_id, pygit2.enums.FileMode.BLOB))
        tree_id = index.write_tree(self.repo)
        message = self._message(step)
        commit_id = self.repo.create_commit(None, step.author, step.author, message, tree_id, parents)
        self.commits[step.name] = str(commit_id)
        log.debug("Sample step %s is commit %s", step.name, commit_id)
        return commit_id

    def _message(self, step: _Step) -> str:
        def commit_of(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in self.commits:
                raise PatchkitError(
                    f"Sample step '{step.name}' names step '{name}', which is not an earlier commit."
                )
            return self.commits[name]

        body = _COMMIT_PLACEHOLDER.sub(commit_of, step.body).strip()
        return f"{step.subject}\n\n{body}\n" if body else f"{step.subject}\n"


def _move_files(files: dict[str, pygit2.Oid], move: _Move, step: str) -> None:
    moved = [path for path in files if path.startswith(move.source)]
    if not moved:
        raise PatchkitError(f"Sample step '{step}' moves '{move.source}', but no file is under that folder.")
    for path in moved:
        files[move.target + path[len(move.source):]] = files.pop(path)


def _load_history(path: Path) -> _History:
    """Read the sample's history file into steps with their authors resolved."""
    try:
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    except (OSError, YAMLError) as error:
        raise PatchkitError(f"Cannot read the sample history {path}: {error}") from error
    reader = _HistoryReader(path, data)
    return reader.history()


class _HistoryReader:
    """Convert the parsed history file, naming the file and key in every error."""

    def __init__(self, path: Path, data: Any) -> None:
        self.path = path
        self.data = self._mapping(data, "the document")
        people = self._mapping(self.data.get("people"), "people")
        self.people = {key: self._mapping(value, f"people.{key}") for key, value in people.items()}

    def history(self) -> _History:
        remote = self._mapping(self.data.get("remote"), "remote")
        return _History(
            remote_name=self._text(remote, "name", "remote"),
            remote_url=self._text(remote, "url", "remote"),
            tag=self._text(self.data, "tag", "the document"),
            base=self._steps(self.data.get("base"), "base"),
            upstream=self._branch("upstream"),
            fork=self._branch("fork"),
        )

    def _branch(self, key: str) -> _Branch:
        branch = self._mapping(self.data.get(key), key)
        return _Branch(
            ref=self._text(branch, "ref", key),
            steps=self._steps(branch.get("commits"), f"{key}.commits"),
        )

    def _steps(self, value: Any, where: str) -> tuple[_Step, ...]:
        if not isinstance(value, list):
            raise self._error(where, "expected a list of commits")
        return tuple(self._step(item, f"{where}[{number}]") for number, item in enumerate(value))

    def _step(self, value: Any, where: str) -> _Step:
        item = self._mapping(value, where)
        move = item.get("move")
        return _Step(
            name=self._text(item, "step", where),
            author=self._signature(item, where),
            subject=self._text(item, "subject", where),
            body=str(item.get("body", "")),
            snapshot=self._text(item, "snapshot", where),
            move=None if move is None else self._move(move, f"{where}.move"),
        )

    def _signature(self, item: Mapping[str, Any], where: str) -> pygit2.Signature:
        author = self._text(item, "author", where)
        if author not in self.people:
            raise self._error(f"{where}.author", f"'{author}' is not listed under people")
        person = self.people[author]
        date_text = self._text(item, "date", where)
        try:
            date = datetime.fromisoformat(date_text)
        except ValueError as error:
            raise self._error(f"{where}.date", f"invalid ISO 8601 date '{date_text}'") from error
        offset = date.utcoffset()
        if offset is None:
            raise self._error(f"{where}.date", f"'{date_text}' needs a UTC offset such as +02:00")
        return pygit2.Signature(
            self._text(person, "name", f"people.{author}"),
            self._text(person, "email", f"people.{author}"),
            int(date.timestamp()),
            int(offset.total_seconds()) // 60,
        )

    def _move(self, value: Any, where: str) -> _Move:
        move = self._mapping(value, where)
        source = self._text(move, "from", where)
        target = self._text(move, "to", where)
        if not (source.endswith("/") and target.endswith("/")):
            raise self._error(where, "'from' and 'to' must be folders ending in '/'")
        return _Move(source, target)

    def _mapping(self, value: Any, where: str) -> Mapping[str, Any]:
        if not isinstance(value, dict):
            raise self._error(where, "expected a mapping")
        return value

    def _text(self, item: Mapping[str, Any], key: str, where: str) -> str:
        value = item.get(key)
        if not isinstance(value, str) or not value:
            raise self._error(f"{where}.{key}", "expected a non-empty string")
        return value

    def _error(self, where: str, problem: str) -> PatchkitError:
        return PatchkitError(f"Invalid sample history {self.path} at {where}: {problem}.")
