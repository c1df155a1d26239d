"""One recorded resolution as a YAML file that reads well in a pull request."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import LiteralScalarString

from patchkit.errors import PatchkitError

SUFFIX = ".yaml"
_HEADER = (
    "# A conflict resolved by hand, recorded by patchkit. patchkit applies it again when the\n"
    "# same conflict comes back (same member, same lines on both sides, trailing whitespace\n"
    "# ignored). Delete this file, or run `patchkit resolutions forget ID`, to stop that.\n"
)
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


class RecordError(PatchkitError):
    """A recorded resolution file cannot be read or is ambiguous."""


@dataclass(frozen=True)
class RecordedResolution:
    """A human's resolution of one conflict hunk, as stored beside the manifest.

    `ours`, `theirs` and `resolution` are LF text with trailing whitespace removed.
    """

    id: str
    path: str
    member: str | None
    upstream_commit: str
    pr: int | None
    recorded_at: str
    ours: str
    theirs: str
    resolution: str
    file: Path | None = None


def file_name(record: RecordedResolution) -> str:
    """Return `<member>-<id>.yaml`, so a folder listing shows which member each record is for."""
    label = record.member or Path(record.path).name
    label = _UNSAFE_NAME.sub("_", label.replace("()", "").replace("(", "_").replace(")", ""))
    return f"{label.strip('_.') or 'file'}-{record.id}{SUFFIX}"


def _block(text: str) -> str | LiteralScalarString:
    return LiteralScalarString(text) if text else ""


def dump_record(record: RecordedResolution) -> str:
    """Return the YAML text of a record: the facts first, then both sides and the resolution as blocks."""
    document = {
        "id": record.id,
        "path": record.path,
        "member": record.member,
        "upstream_commit": record.upstream_commit,
        "pr": record.pr,
        "recorded_at": record.recorded_at,
        "ours": _block(record.ours),
        "theirs": _block(record.theirs),
        "resolution": _block(record.resolution),
    }
    yaml = YAML()
    yaml.allow_unicode = True
    yaml.width = 4096
    stream = io.StringIO()
    yaml.dump(document, stream)
    return _HEADER + stream.getvalue()


def load_record(file: Path) -> RecordedResolution:
    """Read one record file; raise RecordError naming the file and the field when it is invalid."""
    try:
        data = YAML(typ="safe").load(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, YAMLError) as error:
        raise RecordError(f"Recorded resolution {file} cannot be read ({error}). Fix or delete the file.") from None
    if not isinstance(data, dict):
        raise RecordError(f"Recorded resolution {file} is not a YAML mapping. Fix or delete the file.")
    return RecordedResolution(
        id=_text(data, "id", file),
        path=_text(data, "path", file),
        member=_optional_text(data, "member", file),
        upstream_commit=_text(data, "upstream_commit", file),
        pr=_optional_int(data, "pr", file),
        recorded_at=str(data.get("recorded_at", "")),
        ours=_text(data, "ours", file, empty=True),
        theirs=_text(data, "theirs", file, empty=True),
        resolution=_text(data, "resolution", file, empty=True),
        file=file,
    )


def _invalid(file: Path, key: str, expected: str) -> RecordError:
    return RecordError(f"Recorded resolution {file}: '{key}' must be {expected}. Fix or delete the file.")


def _text(data: dict[str, Any], key: str, file: Path, *, empty: bool = False) -> str:
    value = data.get(key)
    if not isinstance(value, str) or (not empty and not value):
        raise _invalid(file, key, "a string" if empty else "a non-empty string")
    return value


def _optional_text(data: dict[str, Any], key: str, file: Path) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise _invalid(file, key, "a string or null")
    return value


def _optional_int(data: dict[str, Any], key: str, file: Path) -> int | None:
    value = data.get(key)
    if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
        raise _invalid(file, key, "a whole number or null")
    return value
