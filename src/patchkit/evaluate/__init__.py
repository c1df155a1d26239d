"""Replay the cherry-picks in a repository's history and score patchkit's merger against what people committed."""

from __future__ import annotations

import json
import logging
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import pygit2

from patchkit.errors import RepositoryError
from patchkit.evaluate.finder import Backport, find_backports
from patchkit.evaluate.replay import FileScore, Outcome, Replay, replay
from patchkit.evaluate.score import Score, score

__all__ = [
    "Backport", "Evaluation", "FileScore", "Outcome", "RepositoryEvaluation", "Score",
    "evaluate", "evaluate_repository", "write_details",
]

log = logging.getLogger("patchkit.evaluate")


@dataclass(frozen=True)
class RepositoryEvaluation:
    path: str
    replays: tuple[Replay, ...]
    score: Score


@dataclass(frozen=True)
class Evaluation:
    repositories: tuple[RepositoryEvaluation, ...]
    overall: Score

    def document(self) -> dict[str, object]:
        """Return the JSON document of `patchkit evaluate --json`."""
        return {
            "version": 1,
            "repositories": [{"path": r.path, **asdict(r.score)} for r in self.repositories],
            "overall": asdict(self.overall),
        }


def _open(path: Path) -> pygit2.Repository:
    discovered = pygit2.discover_repository(str(path)) if path.exists() else None
    if discovered is None:
        raise RepositoryError(f"{path} is not a git repository. Pass --repo with a clone or a bare mirror.")
    return pygit2.Repository(discovered)


def _scratch_store(repo: pygit2.Repository, folder: Path) -> pygit2.Repository:
    """Create a bare repository in `folder` that reads `repo`'s objects and keeps every object a merge writes."""
    scratch = pygit2.init_repository(str(folder), bare=True)
    objects = Path(repo.path) / "objects"
    (folder / "objects" / "info" / "alternates").write_text(f"{objects.resolve()}\n", encoding="utf-8")
    return pygit2.Repository(str(folder))


def evaluate_repository(
    path: Path, globs: Sequence[str] = (), *, limit: int | None = None, by_pr: bool = False
) -> RepositoryEvaluation:
    """Replay the backports of one repository (see `find_backports`) without writing into it."""
    repo = _open(path)
    backports = find_backports(repo, globs, by_pr=by_pr, limit=limit)
    log.info("%s: replaying %d backports", path, len(backports))
    with tempfile.TemporaryDirectory(prefix="patchkit-evaluate-") as folder:
        scratch = _scratch_store(repo, Path(folder))
        replays = []
        for backport in backports:
            commit = scratch[backport.commit.id].peel(pygit2.Commit)
            original = scratch[backport.original.id].peel(pygit2.Commit)
            replays.append(replay(scratch, Backport(commit, original, backport.matched_by)))
    return RepositoryEvaluation(str(path), tuple(replays), score(replays))


def evaluate(
    paths: Sequence[Path], globs: Sequence[str] = (), *, limit: int | None = None, by_pr: bool = False
) -> Evaluation:
    """Evaluate each repository and add the totals up; `limit` applies per repository."""
    results = tuple(evaluate_repository(path, globs, limit=limit, by_pr=by_pr) for path in paths)
    every = [replay for result in results for replay in result.replays]
    return Evaluation(results, score(every))


def write_details(evaluation: Evaluation, target: Path) -> None:
    """Write one JSON line per conflicting file, and one per clean-merge mismatch.

    A conflicting file's line has the repository, both commits, the path, the
    outcome, the reason and the seconds the merge took. A mismatch line has the
    outcome `clean-merge-mismatch`: git merged the file cleanly and patchkit's
    merger did not produce the same text.
    """
    with target.open("w", encoding="utf-8") as stream:
        for result in evaluation.repositories:
            for replayed in result.replays:
                for line in _detail_lines(result.path, replayed):
                    stream.write(json.dumps(line, ensure_ascii=False) + "\n")


def _detail_lines(repository: str, replayed: Replay) -> list[dict[str, object]]:
    common = {"repository": repository, "matched_by": replayed.backport.matched_by}
    lines = [{**common, **asdict(file), "outcome": file.outcome.value} for file in replayed.files]
    for check in replayed.clean_checks:
        if not check.same:
            lines.append({**common, "backport": check.backport, "original": str(replayed.backport.original.id),
                          "path": check.path, "outcome": "clean-merge-mismatch",
                          "reason": "git merged this file cleanly, but patchkit's merger produced other text"})
    return lines
