from __future__ import annotations

import dataclasses
import enum
import json
from importlib import resources
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest

from patchkit import model
from patchkit.model import BuildStatus, RunRecord
from patchkit.records import record_from_dict
from patchkit.report.jsonreport import render_json, report_schema, validate_report
from tests.report.sample_records import HOSTILE, Shutdown, druid_record, hostile_record

RECORDS = {
    "recorded": druid_record(),
    "stopped": druid_record(shutdown=Shutdown.STOPPED),
    "build-failed": druid_record(build=BuildStatus.FAILED),
    "hostile": hostile_record(),
}

# Which schema definition describes each dataclass of the record.
DEFINITIONS = {
    model.PatchOutcome: "patch",
    model.ConflictRecord: "conflict",
    model.Provenance: "provenance",
    model.Rename: "rename",
    model.RevertInfo: "revert",
    model.BuildOutcome: "build",
    model.CompilerError: "compiler_error",
    model.ComponentImpact: "component_impact",
}


def _document(record: RunRecord | None = None) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(render_json(record or druid_record()))
    return document


@pytest.mark.parametrize("name", sorted(RECORDS))
def test_render_json_round_trips(name: str) -> None:
    record = RECORDS[name]
    document = _document(record)
    validate_report(document)
    assert record_from_dict(document) == record


def test_render_json_schema_version() -> None:
    assert _document()["schema_version"] == model.SCHEMA_VERSION


def test_render_json_keeps_text_intact() -> None:
    document = _document(hostile_record())
    patch = document["patches"][0]
    assert patch["subject"] == HOSTILE
    assert patch["author"] == HOSTILE
    assert patch["conflicts"][0]["member"] == HOSTILE
    assert document["build"]["errors"][0]["message"] == HOSTILE
    assert document["warnings"] == [HOSTILE]


def test_render_json_rejects_invalid_record() -> None:
    record = druid_record()
    bad_patch = dataclasses.replace(record.patches[0], pr=0)
    with pytest.raises(jsonschema.ValidationError):
        render_json(dataclasses.replace(record, patches=(bad_patch,)))


def test_schema_is_draft_2020_12() -> None:
    schema = report_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_schema_returns_fresh_copy() -> None:
    report_schema()["properties"].clear()
    assert "patches" in report_schema()["properties"]


def _assert_object_matches(definition: dict[str, Any], cls: type) -> None:
    names = {field.name for field in dataclasses.fields(cls)}
    assert set(definition["properties"]) == names, cls.__name__
    assert set(definition["required"]) == names, cls.__name__
    assert definition["additionalProperties"] is False, cls.__name__


def test_schema_lists_every_record_field() -> None:
    schema = report_schema()
    _assert_object_matches(schema, RunRecord)
    for cls, name in DEFINITIONS.items():
        _assert_object_matches(schema["$defs"][name], cls)


@pytest.mark.parametrize(
    ("location", "enum_type"),
    [
        (("properties", "status"), model.RunStatus),
        (("$defs", "patch", "properties", "decision"), model.Decision),
        (("$defs", "patch", "properties", "status"), model.PatchStatus),
        (("$defs", "conflict", "properties", "resolution"), model.ResolutionKind),
        (("$defs", "build", "properties", "status"), model.BuildStatus),
    ],
)
def test_schema_enums_match_model(location: tuple[str, ...], enum_type: type[enum.Enum]) -> None:
    node: Any = report_schema()
    for key in location:
        node = node[key]
    assert node["enum"] == [member.value for member in enum_type]


def test_schema_impact_enum_allows_null() -> None:
    impact = report_schema()["$defs"]["patch"]["properties"]["impact"]["enum"]
    assert impact == [member.value for member in model.Impact] + [None]


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("unexpected",), "field"),
        (("status",), "finished"),
        (("patches", 0, "status"), "merged"),
        (("patches", 0, "conflicts", 0, "resolution"), "magic"),
        (("patches", 0, "conflicts", 0, "extra_lines"), -1),
        (("build", "status"), "green"),
        (("build", "errors"), [{"path": "A.java", "line": 1}]),
        (("impact", 0, "touched"), "yes"),
        (("schema_version",), 2),
    ],
)
def test_validate_report_rejects_change(path: tuple[str | int, ...], value: Any) -> None:
    document = _document(druid_record(build=BuildStatus.FAILED))
    node: Any = document
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    with pytest.raises(jsonschema.ValidationError):
        validate_report(document)


@pytest.mark.parametrize("field", ["patches", "build", "started_at", "warnings"])
def test_validate_report_rejects_missing(field: str) -> None:
    document = _document()
    del document[field]
    with pytest.raises(jsonschema.ValidationError):
        validate_report(document)


def test_schema_ships_in_package() -> None:
    text = resources.files("patchkit.report").joinpath("schema.json").read_text(encoding="utf-8")
    assert json.loads(text) == report_schema()

