from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import jsonschema  # type: ignore[import-untyped]
import pytest

from patchkit.records import record_from_dict
from patchkit.report import render_markdown, write_reports
from tests.report.sample_records import Shutdown, druid_record


def test_write_reports_creates_both(tmp_path: Path) -> None:
    record = druid_record()
    directory = tmp_path / "reports" / "druid-30"
    markdown_path, json_path = write_reports(record, directory)
    assert markdown_path == directory / "report.md"
    assert json_path == directory / "report.json"
    assert markdown_path.read_text(encoding="utf-8") == render_markdown(record)
    assert record_from_dict(json.loads(json_path.read_text(encoding="utf-8"))) == record


def test_write_reports_replaces_old(tmp_path: Path) -> None:
    write_reports(druid_record(shutdown=Shutdown.STOPPED), tmp_path)
    record = druid_record()
    markdown_path, json_path = write_reports(record, tmp_path)
    assert markdown_path.read_text(encoding="utf-8") == render_markdown(record)
    assert json.loads(json_path.read_text(encoding="utf-8"))["status"] == "done"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["report.json", "report.md"]


def test_write_reports_invalid_keeps_old(tmp_path: Path) -> None:
    record = druid_record()
    write_reports(record, tmp_path)
    before = {path.name: path.read_bytes() for path in tmp_path.iterdir()}
    bad_patch = dataclasses.replace(record.patches[0], pr=-5)
    with pytest.raises(jsonschema.ValidationError):
        write_reports(dataclasses.replace(record, patches=(bad_patch,)), tmp_path)
    after = {path.name: path.read_bytes() for path in tmp_path.iterdir()}
    assert after == before


def test_write_reports_failed_write_cleans_up(tmp_path: Path) -> None:
    # A folder in the way makes os.replace fail after the temporary file is written.
    (tmp_path / "report.md").mkdir()
    with pytest.raises(OSError):
        write_reports(druid_record(), tmp_path)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["report.md"]
