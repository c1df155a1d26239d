"""Load a manifest: read, parse, validate against the schema, check, build the model."""

from __future__ import annotations

import logging
from pathlib import Path

from patchkit.errors import ManifestError
from patchkit.manifest.checks import semantic_problems
from patchkit.manifest.convert import build_manifest
from patchkit.manifest.locations import Problem
from patchkit.manifest.parsing import parse_manifest_yaml
from patchkit.manifest.reading import read_manifest_text
from patchkit.manifest.schema import schema_problems
from patchkit.model import Manifest

logger = logging.getLogger("patchkit.manifest")

# Past this many, the rest of the problems are counted instead of listed.
MAX_LISTED_PROBLEMS = 20


def load_manifest(path: Path) -> Manifest:
    """Load and check the manifest at `path`.

    Raises ManifestError for every kind of bad input. When the manifest has
    several problems, the error's line and key are those of the first in
    document order, and its message lists all of them, one per line.
    """
    return manifest_from_text(path, read_manifest_text(path))


def manifest_from_text(path: Path, text: str) -> Manifest:
    """Load and check the manifest text read from `path`, like `load_manifest`."""
    display_path = str(path)
    document = parse_manifest_yaml(text, display_path)

    problems = schema_problems(document)
    if not problems:
        # The cross-key checks read values with the types the schema promises.
        problems = semantic_problems(document)
    if problems:
        raise _combined_error(display_path, problems)

    manifest = build_manifest(path, document)
    logger.debug("loaded manifest %s: %d patches, %d rules", display_path, len(manifest.patches), len(manifest.rules))
    return manifest


def _combined_error(display_path: str, problems: list[Problem]) -> ManifestError:
    ordered = sorted(problems, key=Problem.sort_key)
    first = ordered[0]
    text = first.text
    for other in ordered[1:MAX_LISTED_PROBLEMS]:
        text += "\n" + str(ManifestError(display_path, other.line, other.key, other.text))
    if len(ordered) > MAX_LISTED_PROBLEMS:
        text += f"\n... and {len(ordered) - MAX_LISTED_PROBLEMS} more problems"
    return ManifestError(display_path, first.line, first.key, text)
