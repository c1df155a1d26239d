"""The saveLogs merge on the sample fork's own files, when the fixture is present."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from patchkit.javamerge import merge_java_file
from patchkit.model import MergeRule, ResolutionKind, RuleKind

FILES = Path(__file__).parents[2] / "fixtures" / "druid-sample" / "files"
LIFECYCLE = (
    "extensions-contrib/kubernetes-overlord-extensions/src/main/java/"
    "org/apache/druid/k8s/overlord/KubernetesPeonLifecycle.java"
)
RULE = MergeRule(
    name="keep-logs-diagnostics",
    kind=RuleKind.KEEP_FORK_STATEMENTS,
    type_name="KubernetesPeonLifecycle",
    member="saveLogs",
    pattern=r"📋 \[LOGS\]",
)


def read(snapshot: str) -> str:
    return (FILES / snapshot / LIFECYCLE).read_text(encoding="utf-8")


def method_text(source: str, name: str) -> str:
    start = source.index(f"void {name}()")
    end = source.index("\n  }\n", start)
    return source[start:end]


@pytest.mark.skipif(not (FILES / "pr-17431" / LIFECYCLE).exists(), reason="the sample fork fixture is missing")
def test_sample_savelogs_merge() -> None:
    base, fork, upstream = read("import"), read("fork-logs-diagnostics"), read("pr-17431")
    result = merge_java_file(base, fork, upstream, path=LIFECYCLE, rules=[RULE])
    save_logs = method_text(result.text, "saveLogs")

    assert result.clean
    assert [c.resolution for c in result.conflicts] == [ResolutionKind.RULE]
    assert "startWatchingLogs()" not in save_logs
    assert "getPeonLogs(taskId)" in save_logs
    fork_statements = re.findall(r'log\.info\("📋 \[LOGS\][^\n]*', method_text(fork, "saveLogs"))
    for statement in fork_statements:
        assert statement in save_logs
    assert save_logs.index("Files.copy(logStream") < save_logs.index("pushing log file")
    assert save_logs.index("pushing log file") < save_logs.index("taskLogs.pushTaskLog")
