from __future__ import annotations

from typing import Any

import pytest
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from patchkit.bundled import bundled_path
from patchkit.errors import ManifestError
from patchkit.manifest.parsing import parse_manifest_yaml
from patchkit.manifest.replay import load_recorded, recording


def _both_ways(text: str) -> tuple[Any, Any]:
    direct = YAML(typ="rt").load(text)
    parser = YAML(typ="rt")
    events: list[Any] = []
    for _ in recording(parser.parse(text), events):
        pass
    return direct, load_recorded(parser, events, text)


def test_replay_bundled_manifest_equal() -> None:
    text = bundled_path("patchsets", "druid-30.yaml").read_text(encoding="utf-8")
    direct, replayed = _both_ways(text)
    assert replayed == direct
    assert isinstance(replayed, CommentedMap)
    assert replayed.lc.key("patches") == direct.lc.key("patches")
    assert replayed["patches"][1].lc.key("pr") == direct["patches"][1].lc.key("pr")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("%YAML 1.1\n---\nflag: yes\n", True),
        ("%YAML 1.2\n---\nflag: yes\n", "yes"),
        ("flag: yes\n", "yes"),
    ],
)
def test_replay_yaml_version_directive(text: str, expected: object) -> None:
    direct, replayed = _both_ways(text)
    assert direct["flag"] == expected
    assert replayed["flag"] == expected


def test_replay_comments_kept() -> None:
    text = "# head\npatchset: x  # trailing\nfork: main\n"
    direct, replayed = _both_ways(text)
    assert repr(replayed.ca.items) == repr(direct.ca.items)


def test_parse_second_document_rejected() -> None:
    with pytest.raises(ManifestError, match="expected a single document"):
        parse_manifest_yaml("patchset: x\n---\nfork: main\n", "m.yaml")
