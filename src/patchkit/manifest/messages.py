"""Turn jsonschema's validation errors into problems worded for a manifest's author.

jsonschema's own messages quote Python values and schema keywords. These
state what was found, in YAML's terms, and what would be valid at that key.
"""

from __future__ import annotations

import datetime
import difflib
import re
from typing import Any

from patchkit.manifest.locations import KeyPath, Problem, problem_at, show

_TYPE_NAMES = {
    "string": "a string",
    "integer": "an integer",
    "boolean": "a boolean (true or false)",
    "array": "a list",
    "object": "a mapping",
}


def problems_from_error(document: Any, error: Any) -> list[Problem]:
    """Return the problems one jsonschema ValidationError stands for (usually one)."""
    path: KeyPath = tuple(error.absolute_path)
    if "propertyNames" in error.relative_schema_path:
        # The failing instance is a key of the mapping at `path`, not a value.
        return [problem_at(document, path + (error.instance,), _not_valid(error, "a name"))]
    if error.validator == "additionalProperties":
        return _unknown_keys(document, path, error)
    if error.validator == "required":
        return [_missing_key(document, path, error)]
    if error.validator in ("anyOf", "oneOf"):
        return _alternatives(document, path, error)
    return [problem_at(document, path, _describe_error(error))]


def _describe_error(error: Any) -> str:
    """Word one error about a value: what was found and what would be valid."""
    validator = error.validator
    value = error.instance
    if validator == "type":
        return _wrong_type(error.validator_value, value)
    if validator == "enum":
        choices = ", ".join(str(choice) for choice in error.validator_value)
        return f"{show(value)} is not valid; expected one of: {choices}"
    if validator == "const":
        return f"{show(value)} is not valid; expected {show(error.validator_value)}"
    if validator == "minimum":
        return f"{show(value)} is too small; expected an integer of {error.validator_value} or more"
    if validator == "minItems":
        return f"the list has {len(value)} items; expected at least {error.validator_value}"
    if validator == "minLength":
        return "the string is empty; expected a non-empty string"
    if validator == "pattern":
        return _not_valid(error, "a value")
    return str(error.message)


def _expected(error: Any, default: str) -> str:
    """Return the description of the failing subschema, or `default` when it has none.

    Only the subschemas that can fail as a whole (patterns, alternatives and
    conditions) have descriptions written as an expectation. A property's own
    description is a sentence for editors, so it does not fit into a message.
    """
    description = error.schema.get("description") if isinstance(error.schema, dict) else None
    return str(description) if description else default


def _not_valid(error: Any, default: str) -> str:
    return f"{show(error.instance)} is not valid; expected {_expected(error, default)}"


def _wrong_type(expected: Any, value: Any) -> str:
    expected_name = _TYPE_NAMES.get(str(expected), str(expected))
    message = f"expected {expected_name}, got {_describe_value(value)}"
    if expected == "string" and isinstance(value, (int, float)) and not isinstance(value, bool):
        message += "; quote the value to keep it a string"
    elif expected == "integer" and isinstance(value, str) and value.strip().isdigit():
        message += "; write the number without quotes"
    elif expected == "boolean" and isinstance(value, str):
        message += "; write true or false, without quotes"
    return message


def _describe_value(value: Any) -> str:
    if value is None:
        return "no value (null)"
    if isinstance(value, bool):
        return f"a boolean ({show(value)})"
    if isinstance(value, int):
        return f"an integer ({value})"
    if isinstance(value, float):
        return f"a number with a fraction ({value})"
    if isinstance(value, str):
        return f"a string ({show(value)})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return f"a date ({value})"
    return type(value).__name__


def _unknown_keys(document: Any, path: KeyPath, error: Any) -> list[Problem]:
    valid = list(error.schema.get("properties", {}))
    unknown = [key for key in error.instance if key not in valid]
    problems = []
    for key in unknown:
        text = f"unknown key '{key}'"
        close = difflib.get_close_matches(str(key), valid, n=1)
        if close:
            text += f" (did you mean '{close[0]}'?)"
        text += f"; valid keys here: {', '.join(valid)}"
        problems.append(problem_at(document, path + (key,), text))
    return problems


def _missing_key(document: Any, path: KeyPath, error: Any) -> Problem:
    """Place a missing key at the mapping that lacks it, and name the key in full."""
    # jsonschema reports each missing key as its own error, naming it in the message.
    named = re.match(r"'(.+)' is a required property", str(error.message))
    missing = [key for key in error.validator_value if key not in error.instance]
    if named:
        key = named.group(1)
    elif missing:
        key = missing[0]
    else:
        key = str(error.validator_value)
    text = "required key is missing"
    if "then" in error.relative_schema_path and error.schema.get("description"):
        text += f": {error.schema['description']}"
    placed = problem_at(document, path, text)
    return Problem(line=placed.line, key=_join_key(placed.key, key), text=text, column=placed.column)


def _join_key(parent: str | None, key: str) -> str:
    return f"{parent}.{key}" if parent else key


def _alternatives(document: Any, path: KeyPath, error: Any) -> list[Problem]:
    """Word an anyOf or oneOf failure by its most specific cause."""
    causes = list(error.context)
    if causes and all(cause.validator == "required" for cause in causes):
        names = " or ".join(f"'{cause.validator_value[0]}'" for cause in causes)
        return [problem_at(document, path, f"required key is missing: {_expected(error, 'one of ' + names)}")]

    deeper = [cause for cause in causes if len(cause.absolute_path) > len(error.absolute_path)]
    if deeper:
        return problems_from_error(document, deeper[0])
    text = f"{show(error.instance)} is not valid; expected {_expected(error, 'another value')}"
    return [problem_at(document, path, text)]
