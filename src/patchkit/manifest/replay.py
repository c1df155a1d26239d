"""Build a manifest's values from the YAML events that the structure check recorded.

`check_events` must see ruamel's events before any value is built, and
ruamel's `load` would scan and parse the text a second time. On the bundled
druid-30 manifest that second parse took about half of the load time, so the
recorded events go to ruamel's composer and constructor instead.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from ruamel.yaml import YAML


def recording(events: Iterable[Any], into: list[Any]) -> Iterator[Any]:
    """Yield `events` unchanged, appending each to `into` first."""
    for event in events:
        into.append(event)
        yield event


class _ReplayParser:
    """The part of ruamel's parser interface that its composer calls, serving recorded events.

    `events` is set on the class made by `_replay_parser_class`, because ruamel
    builds its parser itself, with the loader as the only argument.
    """

    events: tuple[Any, ...] = ()

    def __init__(self, loader: Any) -> None:
        self.loader = loader
        self.pending: deque[Any] = deque(self.events)

    def check_event(self, *choices: Any) -> bool:
        if not self.pending:
            return False
        return not choices or isinstance(self.pending[0], choices)

    def peek_event(self) -> Any:
        return self.pending[0] if self.pending else None

    def get_event(self) -> Any:
        return self.pending.popleft() if self.pending else None

    def dispose(self) -> None:
        self.pending.clear()


def _replay_parser_class(events: list[Any]) -> type[_ReplayParser]:
    return type("_RecordedEventsParser", (_ReplayParser,), {"events": tuple(events)})


def load_recorded(parsed_with: YAML, events: list[Any], text: str) -> Any:
    """Construct the document of `events`, recorded by `parsed_with.parse(text)`, as `parsed_with.load(text)` would.

    A `%YAML` directive sets the version that decides how plain scalars
    resolve (`yes` is a boolean in 1.1 and a string in 1.2). The parse stored
    it on `parsed_with`, and the loader here takes it from there.
    """
    yaml = YAML(typ="rt")
    yaml.Constructor = parsed_with.Constructor
    yaml.Parser = _replay_parser_class(events)
    yaml.version = parsed_with.version
    return yaml.load(text)
