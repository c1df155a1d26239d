from __future__ import annotations

import os
from pathlib import Path

import pytest

from patchkit.build.tools import build_environment, require_maven
from patchkit.errors import ToolMissingError


def _fake_jdk(root: Path) -> Path:
    java = root / "bin" / "java"
    java.parent.mkdir(parents=True)
    java.write_text("#!/bin/sh\n")
    java.chmod(0o755)
    return root


def test_build_environment_java_home(tmp_path: Path) -> None:
    jdk = _fake_jdk(tmp_path / "jdk")
    env = build_environment(str(jdk))
    assert env["JAVA_HOME"] == str(jdk)
    assert env["PATH"].split(os.pathsep)[0] == str(jdk / "bin")


def test_build_environment_env_java_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    jdk = _fake_jdk(tmp_path / "jdk")
    monkeypatch.setenv("JAVA_HOME", str(jdk))
    assert build_environment(None)["JAVA_HOME"] == str(jdk)


def test_build_environment_bad_env_java_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "gone"))
    with pytest.raises(ToolMissingError) as caught:
        build_environment(None)
    assert "from JAVA_HOME" in str(caught.value)
    assert str(tmp_path / "gone") in str(caught.value)


def test_build_environment_java_on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_jdk(tmp_path / "jdk")
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "jdk" / "bin"))
    env = build_environment(None)
    assert "JAVA_HOME" not in env
    assert env["PATH"] == str(tmp_path / "jdk" / "bin")


def test_build_environment_no_java(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ToolMissingError) as caught:
        build_environment(None)
    assert "JAVA_HOME is not set" in str(caught.value)


def test_require_maven_relative_wrapper(tmp_path: Path) -> None:
    wrapper = tmp_path / "mvnw"
    wrapper.write_text("#!/bin/sh\n")
    wrapper.chmod(0o755)
    require_maven("./mvnw", tmp_path, {"PATH": ""})


def test_require_maven_not_on_path(tmp_path: Path) -> None:
    with pytest.raises(ToolMissingError) as caught:
        require_maven("mvn", tmp_path, {"PATH": str(tmp_path)})
    assert "'mvn'" in str(caught.value)
