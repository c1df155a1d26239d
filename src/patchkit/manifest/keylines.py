"""Place an error found after loading, such as a ref missing from the repository, at its manifest key."""

from __future__ import annotations

from pathlib import Path

from patchkit.errors import ManifestError
from patchkit.manifest.locations import KeyPath, format_key_path, locate
from patchkit.manifest.parsing import parse_manifest_yaml
from patchkit.manifest.reading import read_manifest_text
from patchkit.model import Manifest


def key_line(manifest_path: str, path: KeyPath) -> int | None:
    """Return the 1-based line of the key at `path` in the manifest file, or None when it has none.

    The file is read again because the model keeps no key positions. A file
    that changed since it was loaded may no longer read, and then the error
    goes without a line.
    """
    try:
        document = parse_manifest_yaml(read_manifest_text(Path(manifest_path)), manifest_path)
    except ManifestError:
        return None
    position = locate(document, path)
    return position[0] if position else None


def error_at_key(manifest: Manifest, path: KeyPath, problem: str) -> ManifestError:
    """Build a ManifestError that names the manifest's file and the line of the key at `path`."""
    return ManifestError(manifest.path, key_line(manifest.path, path), format_key_path(path), problem)
