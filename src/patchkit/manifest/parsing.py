"""Parse a manifest's text into ruamel's round-trip data, with every YAML error placed."""

from __future__ import annotations

from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError

from patchkit.errors import ManifestError
from patchkit.manifest.locations import KeyPath, format_key_path
from patchkit.manifest.structure import check_events

_EXPECTED_KEYS = "patchset, upstream, fork, work_branch and patches"


class _ManifestConstructor(RoundTripConstructor):
    """ruamel's round-trip constructor, with dates and times left as strings.

    YAML 1.2's core schema has no timestamps, but ruamel resolves them anyway and
    raises a bare ValueError, with no position, for an impossible date such as
    2024-02-30. A ref named like a date is a string, so it stays one.
    """

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        return self.construct_scalar(node)


_ManifestConstructor.add_constructor("tag:yaml.org,2002:timestamp", _ManifestConstructor.construct_yaml_timestamp)


def parse_manifest_yaml(text: str, shown: str) -> CommentedMap:
    """Return the manifest's top-level mapping; raise ManifestError for anything else."""
    yaml = YAML(typ="rt")
    yaml.Constructor = _ManifestConstructor
    try:
        check_events(yaml.parse(text), shown)
        document = yaml.load(text)
    except YAMLError as error:
        raise _yaml_error(shown, text, error) from None

    if document is None:
        raise ManifestError(shown, None, None, f"file is empty; a manifest needs the keys {_EXPECTED_KEYS}")
    if not isinstance(document, CommentedMap):
        raise ManifestError(
            shown, 1, None, f"the top level is {_kind_of(document)}; expected a mapping with the keys {_EXPECTED_KEYS}"
        )
    _check_keys_are_strings(shown, document, ())
    return document


def _kind_of(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    return f"a single value ({value!r})"


def _check_keys_are_strings(shown: str, value: Any, path: KeyPath) -> None:
    """Reject keys such as `1:` or `null:`, which YAML reads as numbers or null."""
    if isinstance(value, CommentedMap):
        for key, item in value.items():
            if not isinstance(key, str):
                line = value.lc.key(key)[0] + 1
                problem = f"key {key!r} is not a string; quote it if it is meant as a name"
                raise ManifestError(shown, line, format_key_path(path), problem)
            _check_keys_are_strings(shown, item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_keys_are_strings(shown, item, path + (index,))


def _yaml_error(shown: str, text: str, error: YAMLError) -> ManifestError:
    if isinstance(error, ReaderError):
        return _reader_error(shown, text, error)
    if not isinstance(error, MarkedYAMLError) or error.problem_mark is None:
        return ManifestError(shown, None, None, f"invalid YAML: {error}")

    mark = error.problem_mark
    if _is_tab(text, mark.line, mark.column):
        problem = "tab character where the YAML parser accepts none; use spaces for indentation and separation"
        return ManifestError(shown, mark.line + 1, None, problem)
    problem = f"invalid YAML: {error.problem}"
    if error.context and str(error.context).startswith("while ") and error.context_mark is not None:
        problem += f" ({error.context}, which starts on line {error.context_mark.line + 1})"
    elif error.context:
        problem = f"invalid YAML: {error.context}, {error.problem}"
    return ManifestError(shown, mark.line + 1, None, problem)


def _is_tab(text: str, line: int, column: int) -> bool:
    lines = text.splitlines()
    return line < len(lines) and column < len(lines[line]) and lines[line][column] == "\t"


def _reader_error(shown: str, text: str, error: ReaderError) -> ManifestError:
    # ReaderError gives a character offset into the text, not a line.
    position = min(int(error.position), len(text))
    line = text.count("\n", 0, position) + 1
    character = error.character if isinstance(error.character, str) else chr(error.character)
    problem = f"character U+{ord(character):04X} is not allowed in YAML; remove it"
    return ManifestError(shown, line, None, problem)
