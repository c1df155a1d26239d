"""Conversion of run records (and other domain dataclasses) to JSON-ready data and back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import cattrs

from patchkit.model import RunRecord

# Every enum of the model derives from str, so json.dumps writes its plain value.
_converter = cattrs.Converter()


def converter() -> cattrs.Converter:
    return _converter


def to_plain(value: object) -> Any:
    """Return a dataclass value as plain dicts, lists, strings and numbers."""
    return json.loads(json.dumps(_converter.unstructure(value)))


def record_to_dict(record: RunRecord) -> dict[str, Any]:
    data: dict[str, Any] = to_plain(record)
    return data


def record_from_dict(data: dict[str, Any]) -> RunRecord:
    """Build a record from `record_to_dict` output; raises cattrs errors on bad data."""
    return _converter.structure(data, RunRecord)


def read_record(path: Path) -> RunRecord:
    """Read a record file; raises OSError, ValueError or cattrs errors when it cannot be read."""
    return record_from_dict(json.loads(path.read_text(encoding="utf-8")))


def record_to_json(record: RunRecord) -> str:
    return json.dumps(record_to_dict(record), indent=2, ensure_ascii=False) + "\n"
