"""Tests of the shipped JSON Schema, as an editor would use it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
from ruamel.yaml import YAML

from patchkit.manifest import manifest_schema
from tests.manifest.conftest import DRUID_MANIFEST


def _object_schemas(node: Any) -> Iterator[dict[str, Any]]:
    """Yield every subschema that declares properties."""
    if isinstance(node, dict):
        if "properties" in node and node.get("type") == "object":
            yield node
        for value in node.values():
            yield from _object_schemas(value)
    elif isinstance(node, list):
        for item in node:
            yield from _object_schemas(item)


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    reference = node.get("$ref")
    if reference is None:
        return node
    target: dict[str, Any] = schema["$defs"][reference.removeprefix("#/$defs/")]
    return target


def test_schema_is_valid_draft_2020_12() -> None:
    schema = manifest_schema()

    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"]


def test_every_key_has_title_and_description() -> None:
    schema = manifest_schema()
    objects = list(_object_schemas(schema))
    assert len(objects) >= 6

    for owner in objects:
        for key, node in owner["properties"].items():
            titled = node if "title" in node else _resolve(schema, node)
            described = node if "description" in node else _resolve(schema, node)
            assert titled.get("title"), key
            assert described.get("description"), key


def test_every_object_rejects_unknown_keys() -> None:
    for owner in _object_schemas(manifest_schema()):
        assert owner.get("additionalProperties") is False, owner.get("title")


def test_druid_manifest_passes_plain_validator() -> None:
    # An editor validates with a stock draft 2020-12 validator, without patchkit's code.
    document = YAML(typ="safe").load(DRUID_MANIFEST.read_text(encoding="utf-8"))

    errors = list(jsonschema.Draft202012Validator(manifest_schema()).iter_errors(document))

    assert errors == []


@pytest.mark.parametrize(
    ("key", "value"),
    [("decision", "maybe"), ("priority", 0), ("commit", "xyz!"), ("impact", "critical")],
)
def test_plain_validator_rejects_patch(key: str, value: Any) -> None:
    document = YAML(typ="safe").load(DRUID_MANIFEST.read_text(encoding="utf-8"))
    document["patches"][0][key] = value

    errors = list(jsonschema.Draft202012Validator(manifest_schema()).iter_errors(document))

    assert len(errors) == 1


def test_schema_copy_is_independent() -> None:
    first = manifest_schema()
    first["properties"].clear()

    assert "patches" in manifest_schema()["properties"]
