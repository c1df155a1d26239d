"""Reading the three versions of a file and the manifest's rules for the merge commands."""

from __future__ import annotations

from pathlib import Path

from patchkit.errors import PatchkitError
from patchkit.model import MergeRule
from patchkit.textcodec import decode_text


def read_version(path: Path, role: str) -> str:
    """Return one version's text; binary content is bad input."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise PatchkitError(f"Cannot read the {role} file {path}: {error.strerror}.") from None
    text = decode_text(data)
    if text is None:
        raise PatchkitError(f"The {role} file {path} is binary; patchkit merges text files only.")
    return text


def manifest_rules(manifest: Path | None) -> tuple[MergeRule, ...]:
    if manifest is None:
        return ()
    from patchkit.manifest import load_manifest

    return load_manifest(manifest).rules
