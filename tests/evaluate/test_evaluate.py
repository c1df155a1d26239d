"""Replaying the backports of a repository and scoring the merger."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from patchkit.cli import cli
from patchkit.errors import RepositoryError
from patchkit.evaluate import Evaluation, evaluate, evaluate_repository, write_details
from patchkit.evaluate.replay import comparable
from patchkit.evaluate.score import percentile
from tests.repobuilder import RepoBuilder, snapshot


def test_counts_by_outcome(history: RepoBuilder) -> None:
    score = evaluate_repository(history.path).score

    assert score.backports == 4
    assert score.clean_backports == 1
    assert score.conflicting_files == 3
    assert score.resolved == 2
    assert score.equal == 1
    assert score.different == 1
    assert score.left_for_human == 1
    assert score.unparseable == 0


def test_clean_merge_cross_check(history: RepoBuilder) -> None:
    score = evaluate_repository(history.path).score

    assert score.clean_files_checked == 1
    assert score.clean_mismatches == 0


def test_by_pr_adds_backport(history: RepoBuilder) -> None:
    score = evaluate_repository(history.path, by_pr=True).score

    assert score.backports == 5
    assert score.clean_backports == 2


def test_times_recorded(history: RepoBuilder) -> None:
    score = evaluate_repository(history.path).score

    assert score.median_seconds is not None
    assert score.p95_seconds is not None
    assert score.p95_seconds >= score.median_seconds


def test_repository_unchanged(history: RepoBuilder) -> None:
    before = snapshot(history.path, objects=True)

    evaluate_repository(history.path, by_pr=True)

    assert snapshot(history.path, objects=True) == before


def test_overall_adds_repositories(history: RepoBuilder) -> None:
    evaluation = evaluate([history.path, history.path], limit=2)

    assert evaluation.overall.backports == 4
    assert evaluation.repositories[0].score.backports == 2
    overall = evaluation.document()["overall"]
    assert isinstance(overall, dict)
    assert overall["backports"] == 4


def test_details_one_line_per_file(history: RepoBuilder, tmp_path: Path) -> None:
    target = tmp_path / "details.jsonl"

    write_details(evaluate([history.path]), target)

    lines = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert sorted(line["outcome"] for line in lines) == ["different", "equal", "left-for-human"]
    assert {line["path"] for line in lines} == {"App.java"}
    assert all(line["reason"] for line in lines)
    assert {line["original"] for line in lines} == {
        history.commits[name] for name in ("Tune b (#11)", "Rename app (#12)", "Tune b again (#14)")
    }


def test_not_a_repository_raises(tmp_path: Path) -> None:
    with pytest.raises(RepositoryError):
        evaluate_repository(tmp_path / "absent")


def test_cli_json_document(history: RepoBuilder, tmp_path: Path) -> None:
    details = tmp_path / "details.jsonl"

    result = CliRunner().invoke(
        cli, ["evaluate", "--repo", str(history.path), "--by-pr", "--json", "--details", str(details)]
    )

    document = json.loads(result.stdout)
    assert result.exit_code == 0
    assert document["version"] == 1
    assert document["overall"]["backports"] == 5
    assert document["repositories"][0]["equal"] == 1
    assert len(details.read_text(encoding="utf-8").splitlines()) == 3


def test_cli_table(history: RepoBuilder) -> None:
    result = CliRunner().invoke(cli, ["evaluate", "--repo", str(history.path), "--branch", "release-*"])

    assert result.exit_code == 0
    assert "left for a human" in result.stdout
    assert history.path.parent.name in result.stdout


@pytest.mark.parametrize(
    ("values", "share", "expected"),
    [([], 0.95, None), ([3.0], 0.95, 3.0), ([1.0, 2.0, 3.0, 4.0], 0.5, 2.0), ([float(i) for i in range(1, 101)], 0.95, 95.0)],
)
def test_percentile_nearest_rank(values: list[float], share: float, expected: float | None) -> None:
    assert percentile(values, share) == expected


def test_comparable_ignores_endings() -> None:
    assert comparable("a  \r\nb\r\n") == comparable("a\nb\n\n")
    assert comparable("a\nb\n") != comparable("a\nc\n")


def test_details_lists_clean_mismatch(history: RepoBuilder, tmp_path: Path) -> None:
    result = evaluate_repository(history.path)
    replayed = next(r for r in result.replays if r.clean_checks)
    broken = dataclasses.replace(replayed, clean_checks=tuple(
        dataclasses.replace(check, same=False) for check in replayed.clean_checks
    ))
    evaluation = Evaluation((dataclasses.replace(result, replays=(broken,)),), result.score)
    target = tmp_path / "details.jsonl"

    write_details(evaluation, target)

    lines = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [line["outcome"] for line in lines] == ["clean-merge-mismatch"]
    assert lines[0]["path"] == "Util.java"
    assert lines[0]["original"] == history.commits["Tune Util.last (#10)"]
