from __future__ import annotations

import json
from pathlib import Path

import pytest

from patchkit.errors import ManifestError
from patchkit.manifest import load_manifest
from patchkit.manifest.stored import load_manifest_stored, manifest_stamp
from tests.manifest.conftest import DRUID_MANIFEST, MINIMAL, WriteManifest


def _entries(root: Path) -> list[Path]:
    return sorted((root / "manifest" / manifest_stamp()).glob("*.json"))


def test_stored_same_as_loaded(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    first = load_manifest_stored(DRUID_MANIFEST, root)
    assert first == load_manifest(DRUID_MANIFEST)
    assert len(_entries(root)) == 1
    assert load_manifest_stored(DRUID_MANIFEST, root) == first


def test_stored_entry_is_read(write_manifest: WriteManifest, tmp_path: Path) -> None:
    path = write_manifest(MINIMAL)
    root = tmp_path / "cache"
    load_manifest_stored(path, root)
    [entry] = _entries(root)
    document = json.loads(entry.read_bytes())
    document["manifest"]["patchset"] = "changed in the cache"
    entry.write_text(json.dumps(document), encoding="utf-8")
    assert load_manifest_stored(path, root).patchset == "changed in the cache"


def test_stored_text_change(write_manifest: WriteManifest, tmp_path: Path) -> None:
    path = write_manifest(MINIMAL)
    root = tmp_path / "cache"
    load_manifest_stored(path, root)
    write_manifest(MINIMAL.replace("patchset: sample", "patchset: other"))
    assert load_manifest_stored(path, root).patchset == "other"
    assert len(_entries(root)) == 2


def test_stored_path_in_key(write_manifest: WriteManifest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_manifest(MINIMAL)
    root = tmp_path / "cache"
    monkeypatch.chdir(tmp_path)
    relative = load_manifest_stored(Path(path.name), root)
    absolute = load_manifest_stored(path, root)
    assert relative.path == path.name
    assert absolute.path == str(path)
    assert len(_entries(root)) == 2


def test_stored_bad_manifest_not_kept(write_manifest: WriteManifest, tmp_path: Path) -> None:
    path = write_manifest(MINIMAL.replace("priority: 1", "priority: high"))
    root = tmp_path / "cache"
    for _ in range(2):
        with pytest.raises(ManifestError, match="priority"):
            load_manifest_stored(path, root)
    assert _entries(root) == []


@pytest.mark.parametrize(
    "content",
    [b"{", b"[]", b'{"key": "another"}', None],
    ids=["truncated", "list", "other-key", "wrong-types"],
)
def test_stored_damaged_entry(write_manifest: WriteManifest, tmp_path: Path, content: bytes | None) -> None:
    path = write_manifest(MINIMAL)
    root = tmp_path / "cache"
    expected = load_manifest_stored(path, root)
    [entry] = _entries(root)
    if content is None:
        document = json.loads(entry.read_bytes())
        document["manifest"]["patches"] = "not a list"
        content = json.dumps(document).encode()
    entry.write_bytes(content)
    assert load_manifest_stored(path, root) == expected
    assert json.loads(entry.read_bytes())["manifest"]["patchset"] == "sample"
