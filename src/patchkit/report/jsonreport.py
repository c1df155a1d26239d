"""The JSON report: the run record as `records.record_to_json` writes it, checked against the shipped schema."""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

# NOTE: types-jsonschema is not installed, so mypy treats jsonschema as untyped.
import jsonschema  # type: ignore[import-untyped]

from patchkit.model import RunRecord
from patchkit.records import record_to_json


def render_json(record: RunRecord) -> str:
    """Render the record as JSON and validate the result against the shipped schema.

    Raises jsonschema.ValidationError when the record does not fit the schema.
    Text is written as the commits and files had it, with JSON escaping only.
    """
    text = record_to_json(record)
    validate_report(json.loads(text))
    return text


@functools.lru_cache(maxsize=1)
def _load_schema() -> str:
    return resources.files("patchkit.report").joinpath("schema.json").read_text(encoding="utf-8")


def report_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of the JSON report, as a fresh dict."""
    schema: dict[str, Any] = json.loads(_load_schema())
    return schema


def validate_report(document: dict[str, Any]) -> None:
    """Check a JSON report against the schema, raising jsonschema.ValidationError if it does not fit."""
    _validator().validate(document)


@functools.lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft202012Validator:
    schema = report_schema()
    # A broken shipped schema is a bug, so check_schema raises SchemaError for it.
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)
