"""Run patchkit on each broken repository of the `bad-inputs/repos` corpus.

Each case must end with exit code 2 and a one-paragraph error that contains the
case's expected text, never a traceback, and must leave every file of the repository
(the work tree and `.git`, objects included) exactly as it was.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.repobuilder import snapshot
from tests.safety.badrepos import build_case, read_case
from tests.safety.harness import run_patchkit

CORPUS = Path(__file__).resolve().parents[1] / "bad-inputs" / "repos"
CASES = sorted(CORPUS.glob("*.txt"))


def _params() -> list[object]:
    params: list[object] = []
    for path in CASES:
        reason = read_case(path).xfail
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(path, id=path.stem, marks=marks))
    return params


def _fingerprint(path: Path) -> dict[str, str] | None:
    if not path.is_dir():
        return None
    return snapshot(path, objects=True)


def _arguments(command: str, repo: Path, manifest: Path) -> list[str]:
    if command in ("apply", "plan"):
        return [command, str(manifest), "--repo", str(repo)]
    return [command, "--repo", str(repo)]


def test_corpus_size() -> None:
    assert len(CASES) >= 30


@pytest.mark.parametrize("case_path", _params())
def test_bad_repository(case_path: Path, tmp_path: Path) -> None:
    case = read_case(case_path)
    setup = build_case(case, tmp_path)
    before = _fingerprint(setup.repo)
    state_file = setup.repo / ".git" / "patchkit" / "state.json"
    had_state = state_file.exists()

    result = run_patchkit(*_arguments(case.command, setup.repo, setup.manifest))

    assert "Traceback" not in result.stderr
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("error: "), result.stderr
    assert "\n\n" not in result.stderr.strip(), result.stderr
    assert case.expect in " ".join(result.stderr.split()), result.stderr
    assert _fingerprint(setup.repo) == before
    assert state_file.exists() is had_state
