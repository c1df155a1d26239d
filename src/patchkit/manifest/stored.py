"""Manifests that loaded without a problem, kept as JSON under `.git/patchkit/cache/manifest/`.

Reading a manifest's YAML and checking it took about 5 ms of each plan of the
sample fork, a quarter of a plan whose Java parses are stored. An entry is
keyed by the SHA-256 of the manifest's text and of its path, as given and as
absolute, because the model keeps the one and the resolutions folder derives
from the other. Its stamp covers the source of this package, of the model and
of its JSON conversion, the shipped schema, and the libraries that read YAML,
check the schema and convert (see `cachefiles.py`). Only a manifest without
problems is stored, so one with problems is read and reported in full each time.

A stored manifest is not checked against the schema again, so only `plan`
loads manifests through here: it runs no command that a manifest names.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
from pathlib import Path
from typing import Any

import cattrs.converters
import jsonschema._keywords  # type: ignore[import-untyped]
import jsonschema.validators  # type: ignore[import-untyped]
import ruamel.yaml

from patchkit import model, records
from patchkit.cachefiles import JsonCache, source_stamp
from patchkit.manifest.loader import manifest_from_text
from patchkit.manifest.reading import read_manifest_text
from patchkit.model import Manifest
from patchkit.records import converter, to_plain

log = logging.getLogger("patchkit.manifest")


@functools.lru_cache(maxsize=1)
def manifest_stamp() -> str:
    """Return a short hash of everything that decides what a manifest's text loads as."""
    package = Path(__file__).parent
    files = sorted(package.glob("*.py")) + [package / "schema.json"]
    modules = (model, records, cattrs.converters, jsonschema.validators, jsonschema._keywords)
    return source_stamp([ruamel.yaml.__version__], modules, files)


def load_manifest_stored(path: Path, root: Path) -> Manifest:
    """Load the manifest at `path` like `load_manifest`, reusing the result stored under the cache folder `root`."""
    text = read_manifest_text(path)
    key = _key(path, text)
    cache = JsonCache(root, "manifest", manifest_stamp())
    stored = _manifest_of(cache.read(key), key)
    if stored is not None:
        return stored
    manifest = manifest_from_text(path, text)
    cache.write(key, {"key": key, "manifest": to_plain(manifest)})
    return manifest


def _key(path: Path, text: str) -> str:
    digest = hashlib.sha256()
    for part in (str(path), os.path.abspath(path), text):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def _manifest_of(document: Any, key: str) -> Manifest | None:
    """Return the stored manifest, or None unless `document` is an entry for `key` that converts back exactly."""
    if not isinstance(document, dict) or document.get("key") != key:
        return None
    data = document.get("manifest")
    try:
        manifest = converter().structure(data, Manifest)
    except (cattrs.BaseValidationError, ValueError, TypeError, KeyError, AttributeError) as error:
        log.debug("ignored the stored manifest %s because it is invalid: %s", key, error)
        return None
    return manifest if to_plain(manifest) == data else None
