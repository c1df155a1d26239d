"""`patchkit demo`: the whole Druid refresh on the sample fork, with the real Maven build."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from patchkit.cli import cli
from patchkit.errors import EXIT_OK
from patchkit.report import validate_report


@pytest.mark.maven
def test_demo_completes_with_build(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["demo", str(tmp_path / "druid"), "--json"])

    assert result.exit_code == EXIT_OK, result.output
    document = json.loads(result.stdout)
    run = document["run"]
    validate_report(run)
    by_id = {patch["id"]: patch for patch in run["patches"]}
    assert by_id["stuck-tasks"]["status"] == "resolved"
    assert by_id["stuck-tasks"]["conflicts"][0]["rule"] == "keep-fork-diagnostics"
    assert by_id["idempotent-shutdown"]["status"] == "resolved"
    assert by_id["idempotent-shutdown"]["conflicts"][0]["resolution"] == "recorded"
    assert by_id["task-location"]["status"] == "applied"
    assert run["build"]["status"] == "passed"
    assert "kubernetes-overlord-extensions" in " ".join(run["build"]["command"])
    assert "-am" in run["build"]["command"]
    markdown = Path(document["reports"]["markdown"]).read_text()
    assert "KubernetesPeonLifecycle.saveLogs()" in markdown
