from __future__ import annotations

from pathlib import Path

from patchkit.build import maven_command
from patchkit.model import BuildConfig


def test_maven_command_defaults(tmp_path: Path) -> None:
    command = maven_command(BuildConfig(), ["core"], tmp_path)
    assert command == ["mvn", "-B", "-pl", "core", "-am", "-DskipTests", "clean", "package"]


def test_maven_command_several_modules(tmp_path: Path) -> None:
    command = maven_command(BuildConfig(), ["app", "core"], tmp_path)
    assert command[2:4] == ["-pl", "app,core"]


def test_maven_command_whole_reactor(tmp_path: Path) -> None:
    command = maven_command(BuildConfig(), ["."], tmp_path)
    assert command == ["mvn", "-B", "-DskipTests", "clean", "package"]


def test_maven_command_root_among_modules(tmp_path: Path) -> None:
    command = maven_command(BuildConfig(), [".", "core"], tmp_path)
    assert "-pl" not in command
    assert "-am" not in command


def test_maven_command_without_also_make(tmp_path: Path) -> None:
    command = maven_command(BuildConfig(also_make=False), ["core"], tmp_path)
    assert command == ["mvn", "-B", "-pl", "core", "-DskipTests", "clean", "package"]


def test_maven_command_flags_and_goals(tmp_path: Path) -> None:
    config = BuildConfig(flags=("-T", "4", "-Dmaven.repo.local=/r"), goals=("verify",))
    command = maven_command(config, ["core"], tmp_path)
    assert command == ["mvn", "-B", "-pl", "core", "-am", "-T", "4", "-Dmaven.repo.local=/r",
                       "-DskipTests", "verify"]


def test_maven_command_tests_enabled(tmp_path: Path) -> None:
    command = maven_command(BuildConfig(tests=True), ["core"], tmp_path)
    assert "-DskipTests" not in command


def test_maven_command_skip_flag_given(tmp_path: Path) -> None:
    for flag in ("-DskipTests", "-DskipTests=true", "-Dmaven.test.skip=true"):
        command = maven_command(BuildConfig(flags=(flag,)), ["core"], tmp_path)
        assert command.count(flag) == 1, flag
        assert command.count("-DskipTests") == (1 if flag == "-DskipTests" else 0), flag


def test_maven_command_similar_flag_not_skip(tmp_path: Path) -> None:
    command = maven_command(BuildConfig(flags=("-DskipTestsX",)), ["core"], tmp_path)
    assert "-DskipTests" in command


def test_maven_command_executable_wrapper(tmp_path: Path) -> None:
    wrapper = tmp_path / "mvnw"
    wrapper.write_text("#!/bin/sh\n")
    wrapper.chmod(0o755)
    assert maven_command(BuildConfig(), ["core"], tmp_path)[0] == "./mvnw"


def test_maven_command_wrapper_not_executable(tmp_path: Path) -> None:
    (tmp_path / "mvnw").write_text("#!/bin/sh\n")
    (tmp_path / "mvnw").chmod(0o644)
    assert maven_command(BuildConfig(), ["core"], tmp_path)[0] == "mvn"


def test_maven_command_configured_maven_wins(tmp_path: Path) -> None:
    wrapper = tmp_path / "mvnw"
    wrapper.write_text("#!/bin/sh\n")
    wrapper.chmod(0o755)
    command = maven_command(BuildConfig(maven="/opt/maven/bin/mvn"), ["core"], tmp_path)
    assert command[0] == "/opt/maven/bin/mvn"
