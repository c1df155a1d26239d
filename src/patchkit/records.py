"""Conversion of run records to JSON-ready dicts and back."""

from __future__ import annotations

import enum
import json
from typing import Any

import cattrs

from patchkit import model
from patchkit.model import RunRecord

_converter = cattrs.Converter()
for _enum_type in vars(model).values():
    # cattrs keeps str-based enums as enum objects; the JSON must carry plain values.
    if isinstance(_enum_type, type) and issubclass(_enum_type, enum.Enum):
        _converter.register_unstructure_hook(_enum_type, lambda value: value.value)


def record_to_dict(record: RunRecord) -> dict[str, Any]:
    """Return the record as plain dicts, lists, strings and numbers."""
    data: dict[str, Any] = _converter.unstructure(record)
    return data


def record_from_dict(data: dict[str, Any]) -> RunRecord:
    """Build a record from `record_to_dict` output; raises cattrs errors on bad data."""
    return _converter.structure(data, RunRecord)


def record_to_json(record: RunRecord) -> str:
    return json.dumps(record_to_dict(record), indent=2, ensure_ascii=False) + "\n"
