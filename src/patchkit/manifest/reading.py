"""Read a manifest file's bytes and decode them, with errors a user can act on."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from patchkit.errors import ManifestError

# A real manifest is a few kilobytes. The bound keeps a wrong path (a log, a
# build artifact, /dev/zero) from being read into memory and parsed.
MAX_MANIFEST_BYTES = 1024 * 1024

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def read_manifest_text(path: Path) -> str:
    """Return the manifest's text, without a UTF-8 byte-order mark if it has one."""
    data = _read_bytes(path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _decode_error(path, data, error) from None


def _read_bytes(path: Path) -> bytes:
    display_path = str(path)
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            raise ManifestError(display_path, None, None, "is a folder; expected a manifest file (YAML)")
        if not stat.S_ISREG(mode):
            raise ManifestError(display_path, None, None, "is not a regular file; expected a manifest file (YAML)")
        with open(path, "rb") as stream:
            data = stream.read(MAX_MANIFEST_BYTES + 1)
    except FileNotFoundError:
        raise ManifestError(display_path, None, None, "file not found; check the path") from None
    except PermissionError:
        raise ManifestError(display_path, None, None, "permission denied; the file cannot be read") from None
    except OSError as error:
        raise ManifestError(display_path, None, None, f"cannot be read: {error.strerror or error}") from None
    except ValueError:
        raise ManifestError(display_path, None, None, "invalid path: it contains a NUL character") from None

    if len(data) > MAX_MANIFEST_BYTES:
        raise ManifestError(
            display_path,
            None,
            None,
            f"file is larger than {MAX_MANIFEST_BYTES // 1024} KiB, the limit for a manifest; "
            "check that the path names a patchkit manifest",
        )
    return data


def _decode_error(path: Path, data: bytes, error: UnicodeDecodeError) -> ManifestError:
    if data.startswith(_UTF16_BOMS):
        return ManifestError(str(path), 1, None, "file is UTF-16 encoded; save it as UTF-8")
    line_start = data.rfind(b"\n", 0, error.start) + 1
    line = data.count(b"\n", 0, error.start) + 1
    column = error.start - line_start + 1
    byte = data[error.start]
    return ManifestError(
        str(path),
        line,
        None,
        f"not valid UTF-8: byte 0x{byte:02x} at column {column}; save the file as UTF-8",
    )
