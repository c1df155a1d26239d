"""Tests of the file-level errors: paths that are not a readable UTF-8 file within the size limit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from patchkit.errors import ManifestError
from patchkit.manifest import load_manifest
from patchkit.manifest.reading import MAX_MANIFEST_BYTES
from tests.manifest.conftest import MINIMAL, WriteManifest


def _error_of(path: Path) -> ManifestError:
    with pytest.raises(ManifestError) as caught:
        load_manifest(path)
    return caught.value


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.yaml"

    error = _error_of(path)

    assert str(error) == f"{path}: file not found; check the path"
    assert error.line is None


def test_folder_instead_of_file(tmp_path: Path) -> None:
    error = _error_of(tmp_path)

    assert "is a folder" in str(error)
    assert error.path == str(tmp_path)


def test_fifo_is_not_read(tmp_path: Path) -> None:
    # Opening a FIFO would block until a writer appears, so the loader must not try.
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)

    error = _error_of(path)

    assert "is not a regular file" in str(error)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(write_manifest: WriteManifest) -> None:
    path = write_manifest(MINIMAL)
    path.chmod(0)

    error = _error_of(path)

    assert "permission denied" in str(error)


def test_nul_in_path() -> None:
    error = _error_of(Path("patchsets/bad\0name.yaml"))

    assert "invalid path" in str(error)


def test_file_over_limit(write_manifest: WriteManifest) -> None:
    padding = "#" * 79 + "\n"
    text = MINIMAL + padding * (MAX_MANIFEST_BYTES // len(padding) + 1)
    path = write_manifest(text)
    assert path.stat().st_size > MAX_MANIFEST_BYTES

    error = _error_of(path)

    assert "file is larger than 1024 KiB" in str(error)


def test_file_at_limit_is_read(write_manifest: WriteManifest) -> None:
    body = MINIMAL.encode()
    padding = b"#" * (MAX_MANIFEST_BYTES - len(body) - 1) + b"\n"
    path = write_manifest(body + padding)
    assert path.stat().st_size == MAX_MANIFEST_BYTES

    manifest = load_manifest(path)

    assert manifest.patchset == "sample"


def test_utf16_file(write_manifest: WriteManifest) -> None:
    path = write_manifest(MINIMAL.encode("utf-16"))

    error = _error_of(path)

    assert "file is UTF-16 encoded; save it as UTF-8" in str(error)
    assert error.line == 1


def test_invalid_utf8_position(write_manifest: WriteManifest) -> None:
    path = write_manifest(MINIMAL.encode() + b"    reason: na\xefve\n")

    error = _error_of(path)

    assert error.line == 10
    assert "byte 0xef at column 15" in str(error)


def test_nul_character_in_text(write_manifest: WriteManifest) -> None:
    path = write_manifest(MINIMAL + "    reason: a\0b\n")

    error = _error_of(path)

    assert error.line == 10
    assert "U+0000" in str(error)
