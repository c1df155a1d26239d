"""The manifest's JSON Schema, shipped as `schema.json`, and validation against it."""

from __future__ import annotations

import copy
import functools
import json
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator, validators  # type: ignore[import-untyped]

from patchkit.manifest.locations import Problem
from patchkit.manifest.messages import problems_from_error


def manifest_schema() -> dict[str, Any]:
    """Return a copy of the manifest's JSON Schema (draft 2020-12)."""
    return copy.deepcopy(_shipped_schema())


@functools.lru_cache(maxsize=1)
def _shipped_schema() -> dict[str, Any]:
    text = resources.files("patchkit.manifest").joinpath("schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _is_integer(checker: Any, instance: Any) -> bool:
    # JSON Schema counts 1.0 as an integer, but the model's fields are ints, and
    # `priority: 1.0` in YAML is a float a reader should be told about.
    return isinstance(instance, int) and not isinstance(instance, bool)


_ManifestValidator = validators.extend(
    Draft202012Validator,
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer),
)


@functools.lru_cache(maxsize=1)
def _validator() -> Any:
    return _ManifestValidator(_shipped_schema())


def schema_problems(document: Any) -> list[Problem]:
    """Return every way `document` breaks the schema, each placed at its key's line."""
    problems: list[Problem] = []
    for error in _validator().iter_errors(document):
        problems.extend(problems_from_error(document, error))
    return problems
