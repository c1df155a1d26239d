"""The check that the tree to build has the pom.xml Maven will read."""

from __future__ import annotations

from pathlib import Path

import pygit2
import pytest

from patchkit.build.project import check_maven_project, pom_flag
from patchkit.errors import ManifestError
from patchkit.manifest import load_manifest
from patchkit.model import Manifest
from tests.repobuilder import RepoBuilder
from tests.runner.scenarios import fork_and_upstream, patch_entry, write_manifest
from tests.safety.harness import run_patchkit

POM = "<project/>\n"


def _commit(tmp_path: Path, files: dict[str, str | bytes | None]) -> pygit2.Commit:
    builder = RepoBuilder.init(tmp_path / "repo")
    oid = builder.commit("main", "Add files", files)
    return builder.repo[oid].peel(pygit2.Commit)


def _manifest(tmp_path: Path, build: str) -> Manifest:
    path = write_manifest(tmp_path, patch_entry("size", 10, 1))
    text = path.read_text(encoding="utf-8").replace("build:\n  enabled: false\n", build)
    path.write_text(text, encoding="utf-8")
    return load_manifest(path)


def test_root_pom_passes(tmp_path: Path) -> None:
    commit = _commit(tmp_path, {"pom.xml": POM})
    check_maven_project(_manifest(tmp_path, "build:\n  enabled: true\n"), commit, "the fork")


def test_disabled_build_passes(tmp_path: Path) -> None:
    commit = _commit(tmp_path, {"src/App.java": "class App {}\n"})
    check_maven_project(_manifest(tmp_path, "build:\n  enabled: false\n"), commit, "the fork")


def test_missing_pom_names_build(tmp_path: Path) -> None:
    commit = _commit(tmp_path, {"app/pom.xml": POM})
    manifest = _manifest(tmp_path, "build:\n  goals: [verify]\n")

    with pytest.raises(ManifestError) as caught:
        check_maven_project(manifest, commit, "the fork")

    assert caught.value.line == 11
    assert caught.value.key == "build"
    assert "the fork (" in caught.value.problem
    assert "`build: {enabled: false}`" in caught.value.problem


def test_missing_build_section(tmp_path: Path) -> None:
    commit = _commit(tmp_path, {"README.md": "# App\n"})
    manifest = _manifest(tmp_path, "")

    with pytest.raises(ManifestError) as caught:
        check_maven_project(manifest, commit, "the fork")

    assert caught.value.line is None
    assert caught.value.key == "build"


def test_file_flag_folder_passes(tmp_path: Path) -> None:
    commit = _commit(tmp_path, {"app/pom.xml": POM})
    manifest = _manifest(tmp_path, "build:\n  flags: [-f, app]\n  modules: [core]\n")
    check_maven_project(manifest, commit, "the fork")


def test_file_flag_file_passes(tmp_path: Path) -> None:
    commit = _commit(tmp_path, {"app/pom.xml": POM})
    manifest = _manifest(tmp_path, "build:\n  flags: [--file=app/pom.xml]\n")
    check_maven_project(manifest, commit, "the fork")


@pytest.mark.parametrize("target", ["./app/", "app/pom.xml", ".", "/abs/pom.xml"])
def test_file_flag_paths_pass(tmp_path: Path, target: str) -> None:
    commit = _commit(tmp_path, {"pom.xml": POM, "app/pom.xml": POM})
    manifest = _manifest(tmp_path, f"build:\n  flags: [-f, '{target}']\n  modules: [core]\n")
    check_maven_project(manifest, commit, "the fork")


def test_file_flag_missing_target(tmp_path: Path) -> None:
    commit = _commit(tmp_path, {"pom.xml": POM})
    manifest = _manifest(tmp_path, "build:\n  flags:\n    - --file\n    - app\n")

    with pytest.raises(ManifestError) as caught:
        check_maven_project(manifest, commit, "the fork")

    assert caught.value.line == 12
    assert caught.value.key == "build.flags"
    assert "`-f app`" in caught.value.problem


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        (("-f", "a/pom.xml"), "a/pom.xml"),
        (("--file", "a"), "a"),
        (("--file=a",), "a"),
        (("-fae", "-ff", "-fn"), None),
        (("-f",), None),
        ((), None),
    ],
)
def test_pom_flag_spellings(flags: tuple[str, ...], expected: str | None) -> None:
    assert pom_flag(flags) == expected


def test_no_build_skips_check(tmp_path: Path) -> None:
    fork_and_upstream(tmp_path / "repo")
    manifest = write_manifest(tmp_path, patch_entry("size", 10, 1))
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("enabled: false", "enabled: true"), encoding="utf-8")

    result = run_patchkit("apply", str(manifest), "--repo", str(tmp_path / "repo"), "--no-build")

    assert result.returncode == 0, result.stderr


def test_verify_without_pom(tmp_path: Path) -> None:
    fork_and_upstream(tmp_path / "repo")
    manifest = write_manifest(tmp_path, patch_entry("size", 10, 1))
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("enabled: false", "enabled: true"), encoding="utf-8")

    result = run_patchkit("verify", str(manifest), "--repo", str(tmp_path / "repo"))

    assert result.returncode == 2, result.stderr
    assert "'fork' (" in result.stderr
    assert "has no pom.xml at its root" in result.stderr
