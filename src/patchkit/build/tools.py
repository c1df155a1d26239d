"""Find the tools a build needs, Maven and a JDK, before it starts."""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path

from patchkit.errors import ToolMissingError

MAVEN_INSTALL_HINT = ("Install Maven (https://maven.apache.org/install.html) "
                      "or set build.maven in the manifest to its path.")
JDK_INSTALL_HINT = "Install a JDK, or set build.java_home in the manifest or JAVA_HOME to its folder."


def build_environment(java_home: str | None) -> dict[str, str]:
    """Return the environment for Maven, with JAVA_HOME from the manifest or the caller's environment.

    Raises ToolMissingError when the chosen JDK has no `bin/java`, or when no
    JAVA_HOME is set and `java` is not on PATH.
    """
    env = dict(os.environ)
    home = java_home or env.get("JAVA_HOME")
    if not home:
        if shutil.which("java", path=env.get("PATH")) is None:
            raise ToolMissingError(f"No JDK found: JAVA_HOME is not set and 'java' is not on PATH. {JDK_INSTALL_HINT}")
        return env
    source = "build.java_home" if java_home else "JAVA_HOME"
    java = Path(home) / "bin" / "java"
    if not (java.is_file() and os.access(java, os.X_OK)):
        raise ToolMissingError(f"No JDK found at {home} (from {source}): {java} is missing or not executable. "
                               f"{JDK_INSTALL_HINT}")
    env["JAVA_HOME"] = home
    env["PATH"] = os.pathsep.join([str(java.parent), env.get("PATH", "")])
    return env


def require_maven(program: str, workdir: Path, env: Mapping[str, str]) -> None:
    """Raise ToolMissingError unless `program` names an executable, as a path or on PATH.

    A relative path counts from `workdir`, the exported tree where Maven runs.
    """
    if os.sep in program:
        candidate = workdir / program
        found = candidate.is_file() and os.access(candidate, os.X_OK)
    else:
        found = shutil.which(program, path=env.get("PATH")) is not None
    if not found:
        raise ToolMissingError(f"Maven not found: '{program}' is not an executable file or a command on PATH. "
                               f"{MAVEN_INSTALL_HINT}")
