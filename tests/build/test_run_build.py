from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pygit2
import pytest

from patchkit.build import BuildProgress, run_build
from patchkit.build.worktree import worktrees_dir
from patchkit.errors import RepositoryError, ToolMissingError
from patchkit.model import BuildConfig, BuildStatus
from tests.build import sample_project
from tests.build.repos import commit_files

CALC = "core/src/main/java/example/calc/Calc.java"
CALC_TEST = "core/src/test/java/example/calc/CalcTest.java"

BROKEN_CALC = sample_project.CALC_JAVA.replace("return a + b;", "return a + missing;")
FAILING_TEST = sample_project.CALC_TEST_JAVA.replace("assertEquals(5, Calc.add(2, 3));",
                                                     "assertEquals(6, Calc.add(2, 3));")
FAKE_MAVEN = """#!/bin/sh
echo "[INFO] Building fake-module 1.0"
echo "args: $*"
"""


def _config(maven_repo_local: Path) -> BuildConfig:
    return BuildConfig(flags=(f"-Dmaven.repo.local={maven_repo_local}",))


def _worktrees(repo: pygit2.Repository) -> list[Path]:
    folder = worktrees_dir(repo)
    return sorted(folder.iterdir()) if folder.exists() else []


def _user_checkout_untouched(repo: pygit2.Repository) -> bool:
    repo.index.read()
    workdir_files = [p.name for p in Path(repo.workdir).iterdir() if p.name != ".git"]
    return len(repo.index) == 0 and workdir_files == []


@pytest.mark.maven
def test_run_build_passes(sample_repo: pygit2.Repository, maven_repo_local: Path, tmp_path: Path) -> None:
    seen: list[BuildProgress] = []
    log_path = tmp_path / "logs" / "build.log"
    outcome = run_build(sample_repo, "main", _config(maven_repo_local),
                        changed_paths={CALC: "fix-1"}, log_path=log_path, progress=seen.append)

    assert outcome.status is BuildStatus.PASSED, outcome.reason
    assert outcome.modules == ("core",)
    assert outcome.command[:5] == ("mvn", "-B", "-pl", "core", "-am")
    assert outcome.command[-2:] == ("clean", "package")
    assert outcome.log_path == str(log_path)
    assert "BUILD SUCCESS" in log_path.read_text()
    assert outcome.errors == ()
    assert outcome.duration_seconds > 0
    assert "calc-core" in {progress.module for progress in seen}
    assert seen[-1].line == log_path.read_text().splitlines()[-1]
    assert _worktrees(sample_repo) == []
    assert _user_checkout_untouched(sample_repo)


@pytest.mark.maven
def test_run_build_compile_error(sample_repo: pygit2.Repository, maven_repo_local: Path,
                                 tmp_path: Path) -> None:
    commit_id = commit_files(sample_repo, {CALC: BROKEN_CALC}, "Break Calc")
    outcome = run_build(sample_repo, commit_id, _config(maven_repo_local),
                        changed_paths={CALC: "fix-17431"}, log_path=tmp_path / "build.log")

    assert outcome.status is BuildStatus.FAILED
    assert len(outcome.errors) == 1
    error = outcome.errors[0]
    assert error.path == CALC
    assert error.line == 8
    assert error.column == 20
    assert error.message.startswith("cannot find symbol")
    assert "variable missing" in error.message
    assert error.patch_id == "fix-17431"
    assert "Compilation failure" in outcome.reason
    assert _worktrees(sample_repo) == []


@pytest.mark.maven
def test_run_build_failing_test(sample_repo: pygit2.Repository, maven_repo_local: Path,
                                tmp_path: Path) -> None:
    commit_files(sample_repo, {CALC_TEST: FAILING_TEST}, "Expect the wrong sum")
    config = replace(_config(maven_repo_local), tests=True, modules=("core",), goals=("test",))
    outcome = run_build(sample_repo, "main", config, changed_paths={}, log_path=tmp_path / "build.log")

    assert outcome.status is BuildStatus.FAILED
    assert outcome.failed_tests == ("CalcTest.addsTwoNumbers",)
    assert outcome.errors == ()
    assert "-DskipTests" not in outcome.command


@pytest.mark.maven
def test_run_build_timeout(sample_repo: pygit2.Repository, maven_repo_local: Path, tmp_path: Path) -> None:
    outcome = run_build(sample_repo, "main", _config(maven_repo_local), changed_paths={CALC: "fix-1"},
                        log_path=tmp_path / "build.log", timeout_seconds=0.5)

    assert outcome.status is BuildStatus.TIMED_OUT
    assert "0.5 seconds" in outcome.reason
    assert _worktrees(sample_repo) == []


def test_run_build_missing_maven(sample_repo: pygit2.Repository, tmp_path: Path) -> None:
    config = BuildConfig(maven="/nonexistent/mvn")
    with pytest.raises(ToolMissingError) as caught:
        run_build(sample_repo, "main", config, changed_paths={CALC: "fix-1"}, log_path=tmp_path / "build.log")

    assert "/nonexistent/mvn" in str(caught.value)
    assert caught.value.exit_code == 2
    assert _worktrees(sample_repo) == []


def test_run_build_missing_jdk(sample_repo: pygit2.Repository, tmp_path: Path) -> None:
    config = BuildConfig(java_home=str(tmp_path / "no-jdk"))
    with pytest.raises(ToolMissingError) as caught:
        run_build(sample_repo, "main", config, changed_paths={CALC: "fix-1"}, log_path=tmp_path / "build.log")

    assert "no-jdk" in str(caught.value)
    assert "build.java_home" in str(caught.value)


def test_run_build_wrapper_kept_worktree(sample_repo: pygit2.Repository, tmp_path: Path) -> None:
    commit_files(sample_repo, {"mvnw": FAKE_MAVEN}, "Add a Maven wrapper", executable=frozenset({"mvnw"}))
    seen: list[BuildProgress] = []
    outcome = run_build(sample_repo, "main", BuildConfig(), changed_paths={CALC: "fix-1"},
                        log_path=tmp_path / "build.log", keep_worktree=True, progress=seen.append)

    assert outcome.status is BuildStatus.PASSED
    assert outcome.command[0] == "./mvnw"
    kept = _worktrees(sample_repo)
    assert len(kept) == 1
    assert (kept[0] / CALC).read_text() == sample_project.CALC_JAVA
    assert str(kept[0]) in outcome.reason
    assert [progress.module for progress in seen] == ["fake-module", "fake-module"]
    assert _user_checkout_untouched(sample_repo)


def test_run_build_interrupt_removes_worktree(sample_repo: pygit2.Repository, tmp_path: Path) -> None:
    commit_files(sample_repo, {"mvnw": FAKE_MAVEN}, "Add a Maven wrapper", executable=frozenset({"mvnw"}))

    def interrupt(progress: BuildProgress) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_build(sample_repo, "main", BuildConfig(), changed_paths={CALC: "fix-1"},
                  log_path=tmp_path / "build.log", progress=interrupt)

    assert _worktrees(sample_repo) == []


def test_run_build_wrapper_failure(sample_repo: pygit2.Repository, tmp_path: Path) -> None:
    commit_files(sample_repo, {"mvnw": "#!/bin/sh\nexit 7\n"}, "Add a failing wrapper",
                 executable=frozenset({"mvnw"}))
    outcome = run_build(sample_repo, "main", BuildConfig(), changed_paths={CALC: "fix-1"},
                        log_path=tmp_path / "build.log")

    assert outcome.status is BuildStatus.FAILED
    assert "code 7" in outcome.reason


def test_run_build_nothing_changed(sample_repo: pygit2.Repository, tmp_path: Path) -> None:
    outcome = run_build(sample_repo, "main", BuildConfig(), changed_paths={}, log_path=tmp_path / "build.log")

    assert outcome.status is BuildStatus.SKIPPED
    assert not (tmp_path / "build.log").exists()


def test_run_build_disabled(sample_repo: pygit2.Repository, tmp_path: Path) -> None:
    outcome = run_build(sample_repo, "main", BuildConfig(enabled=False), changed_paths={CALC: "fix-1"},
                        log_path=tmp_path / "build.log")

    assert outcome.status is BuildStatus.SKIPPED


def test_run_build_unknown_commit(sample_repo: pygit2.Repository, tmp_path: Path) -> None:
    with pytest.raises(RepositoryError):
        run_build(sample_repo, "no-such-branch", BuildConfig(), changed_paths={CALC: "fix-1"},
                  log_path=tmp_path / "build.log")
