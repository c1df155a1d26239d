"""`patchkit resolutions list` and `forget` through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from patchkit.cli import cli
from patchkit.report.escape import break_autolinks
from patchkit.resolutions import RecordedResolution
from patchkit.resolutions.recordfile import dump_record, file_name
from tests.resolutions.flow import copy_manifest

RECORD = RecordedResolution(
    id="0123456789abcdef", path="src/A.java", member="A.run()", upstream_commit="f" * 40, pr=42,
    recorded_at="2026-12-01", ours="a();\n", theirs="b();\n", resolution="b();\na();\n",
)


@pytest.fixture
def manifest(tmp_path: Path) -> Path:
    path = copy_manifest(tmp_path)
    folder = path.parent / "druid-30.resolutions"
    folder.mkdir()
    (folder / file_name(RECORD)).write_text(dump_record(RECORD), encoding="utf-8")
    return path


def test_list_json(manifest: Path) -> None:
    result = CliRunner().invoke(cli, ["resolutions", "list", "--manifest", str(manifest), "--json"])

    document = json.loads(result.stdout)
    assert result.exit_code == 0
    assert document["directory"] == str(manifest.parent / "druid-30.resolutions")
    assert [r["id"] for r in document["resolutions"]] == [RECORD.id]
    assert document["resolutions"][0]["member"] == "A.run()"
    assert document["resolutions"][0]["resolution"] == "b();\na();\n"


def test_list_table(manifest: Path) -> None:
    result = CliRunner().invoke(cli, ["resolutions", "list", "--manifest", str(manifest)])

    assert result.exit_code == 0
    assert RECORD.id in result.output
    assert "#42" in result.output


def test_list_default_manifest(manifest: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(manifest.parent.parent)

    result = CliRunner().invoke(cli, ["resolutions", "list", "--json"])

    assert result.exit_code == 0
    assert json.loads(result.stdout)["resolutions"][0]["id"] == RECORD.id


def test_forget_deletes_file(manifest: Path) -> None:
    result = CliRunner().invoke(cli, ["resolutions", "forget", "012345", "--manifest", str(manifest), "--json"])

    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"id": "012345", "forgotten": True}
    assert list((manifest.parent / "druid-30.resolutions").glob("*.yaml")) == []


def test_forget_unknown_id_fails(manifest: Path) -> None:
    result = CliRunner().invoke(cli, ["resolutions", "forget", "ffffff", "--manifest", str(manifest), "--json"])

    assert result.exit_code == 2
    assert json.loads(result.stdout) == {"id": "ffffff", "forgotten": False}
    assert len(list((manifest.parent / "druid-30.resolutions").glob("*.yaml"))) == 1


def test_forget_pasted_id(manifest: Path) -> None:
    pasted = break_autolinks(RECORD.id[:10]) + "\u200b"
    assert "\u2060" in pasted

    result = CliRunner().invoke(cli, ["resolutions", "forget", pasted, "--manifest", str(manifest), "--json"])

    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"id": RECORD.id[:10], "forgotten": True}
    assert list((manifest.parent / "druid-30.resolutions").glob("*.yaml")) == []
