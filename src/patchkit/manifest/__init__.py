"""The manifest: a YAML file that describes one refresh of a fork."""

from patchkit.manifest.loader import load_manifest
from patchkit.manifest.schema import manifest_schema

__all__ = ["load_manifest", "manifest_schema"]
