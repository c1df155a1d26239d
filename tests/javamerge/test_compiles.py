"""The saveLogs golden result compiles with javac against small stand-ins for Druid's classes."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.javamerge.golden_cases import GOLDEN, load_case
from patchkit.javamerge import merge_java_file

PACKAGE = "org/apache/druid/k8s/overlord/common"
STUBS = {
    "org/apache/druid/java/util/common/logger/Logger.java": """
package org.apache.druid.java.util.common.logger;
public class Logger {
  public Logger(Class<?> owner) {}
  public void info(String message, Object... args) {}
  public void debug(String message, Object... args) {}
  public void warn(String message, Object... args) {}
  public void warn(Throwable error, String message, Object... args) {}
  public void error(Throwable error, String message, Object... args) {}
}
""",
    "org/apache/druid/tasklogs/TaskLogs.java": """
package org.apache.druid.tasklogs;
public interface TaskLogs {
  void pushTaskLog(String taskId, java.io.File file) throws java.io.IOException;
}
""",
    f"{PACKAGE}/LogWatch.java": f"""
package {PACKAGE.replace('/', '.')};
public interface LogWatch {{
  java.io.InputStream getOutput();
  void close();
}}
""",
    f"{PACKAGE}/KubernetesPeonClient.java": f"""
package {PACKAGE.replace('/', '.')};
public interface KubernetesPeonClient {{
  java.util.Optional<LogWatch> getPeonLogWatcher(String taskId);
  java.util.Optional<java.io.InputStream> getPeonLogs(String taskId);
}}
""",
}


@pytest.mark.skipif(shutil.which("javac") is None, reason="javac is not installed")
def test_savelogs_result_compiles(tmp_path: Path) -> None:
    case = load_case(GOLDEN / "savelogs")
    result = merge_java_file(case.base, case.ours, case.theirs, path=case.path, rules=case.rules)
    sources = {**STUBS, f"{PACKAGE}/KubernetesPeonLifecycle.java": result.text}
    for relative, text in sources.items():
        target = tmp_path / "src" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    files = [str(path) for path in (tmp_path / "src").rglob("*.java")]
    completed = subprocess.run(
        ["javac", "-encoding", "UTF-8", "-d", str(tmp_path / "classes"), *files],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
