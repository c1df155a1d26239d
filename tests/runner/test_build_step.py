"""The Maven build at the end of apply: a patch that breaks compilation, and a failing test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from patchkit.cli import cli
from patchkit.errors import EXIT_BUILD_FAILED
from tests.build.conftest import maven_repo_local  # noqa: F401  (a fixture)
from tests.build.sample_project import CALC_JAVA, CALC_TEST_JAVA, FILES
from tests.repobuilder import RepoBuilder

BROKEN_CALC = CALC_JAVA.replace("return a + b;", "return a + b + missing;")
FAILING_TEST = CALC_TEST_JAVA.replace("assertEquals(5, Calc.add(2, 3));", "assertEquals(6, Calc.add(2, 3));")


def _project(path: Path, upstream_files: dict[str, str]) -> RepoBuilder:
    builder = RepoBuilder.init(path)
    base = builder.commit("main", "Add the calculator", dict(FILES))
    builder.tag("base", base)
    builder.commit("fork", "Fork README", {"README.md": "Our fork.\n"}, parent=base)
    builder.commit("upstream", "Change the calculator (#31)", upstream_files, parent=base)
    builder.checkout("fork")
    return builder


def _manifest(folder: Path, maven_repo: Path, tests: bool) -> Path:
    path = folder / "calc.yaml"
    path.write_text(
        "patchset: calc\nupstream: upstream\nfork: fork\nfork_point: base\nwork_branch: refresh\n"
        "patches:\n  - id: calc-change\n    pr: 31\n    decision: apply\n    priority: 1\n"
        f"build:\n  tests: {'true' if tests else 'false'}\n  goals: [package]\n"
        f"  flags: ['-Dmaven.repo.local={maven_repo}']\n  timeout_minutes: 10\n",
        encoding="utf-8",
    )
    return path


def _apply_json(manifest: Path, repo: Path) -> tuple[int, dict]:
    result = CliRunner().invoke(cli, ["apply", str(manifest), "--repo", str(repo), "--json"])
    return result.exit_code, json.loads(result.stdout)


@pytest.mark.maven
def test_compile_error_exits_3(tmp_path: Path, maven_repo_local: Path) -> None:
    builder = _project(tmp_path / "repo", {"core/src/main/java/example/calc/Calc.java": BROKEN_CALC})

    code, document = _apply_json(_manifest(tmp_path, maven_repo_local, tests=False), builder.path)

    assert code == EXIT_BUILD_FAILED
    build = document["run"]["build"]
    assert build["status"] == "failed"
    assert "core" in build["modules"]
    [error] = build["errors"]
    assert error["path"] == "core/src/main/java/example/calc/Calc.java"
    assert error["line"] == BROKEN_CALC.splitlines().index("        return a + b + missing;") + 1
    assert "missing" in error["message"]
    assert error["patch_id"] == "calc-change"
    markdown = Path(document["reports"]["markdown"]).read_text()
    assert "Calc.java" in markdown
    assert "missing" in markdown


@pytest.mark.maven
def test_failing_junit_test_named(tmp_path: Path, maven_repo_local: Path) -> None:
    builder = _project(tmp_path / "repo", {"core/src/test/java/example/calc/CalcTest.java": FAILING_TEST})

    code, document = _apply_json(_manifest(tmp_path, maven_repo_local, tests=True), builder.path)

    assert code == EXIT_BUILD_FAILED
    assert document["run"]["build"]["failed_tests"] == ["CalcTest.addsTwoNumbers"]
