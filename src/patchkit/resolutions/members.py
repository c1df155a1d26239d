"""Name the Java member that contains a line, the way the merger names members in its reports."""

from __future__ import annotations

from collections.abc import Callable

from patchkit.javacache import parse_java
from patchkit.javamerge.api import UnreadableError
from patchkit.javamerge.structure import TypeBody

MemberOfLine = Callable[[int], "str | None"]


def _no_member(line: int) -> str | None:
    return None


def java_member_locator(path: str, text: str) -> MemberOfLine:
    """Return a function from a 1-based line of `text` to its member, such as `KubernetesWorkItem.shutdown()`.

    Lines between members belong to the enclosing type (`KubernetesWorkItem`), and
    the package and import lines to no member. Files that are not Java, or that
    javalang cannot parse, get a function that always returns None.
    """
    if not path.endswith(".java"):
        return _no_member
    try:
        parsed = parse_java(text.replace("\r\n", "\n"))
    except UnreadableError:
        return _no_member
    spans: list[tuple[int, int, str]] = []
    _collect(parsed.unit, 0, "", spans)

    def member_of_line(line: int) -> str | None:
        # The innermost span wins: it is the last one collected among those that contain the line.
        found = None
        for start, end, name in spans:
            if start < line <= end:
                found = name
        return found

    return member_of_line


def _collect(body: TypeBody, offset: int, owner: str, spans: list[tuple[int, int, str]]) -> None:
    """Append (first line - 1, last line, name) for each member of `body`, whose header starts after `offset` lines."""
    start = offset + len(body.header)
    for member in body.members:
        end = start + len(member.lines)
        name = f"{owner}.{member.signature}" if owner else member.signature
        spans.append((start, end, name))
        if member.body is not None:
            inner_total = len(member.body.header) + sum(len(m.lines) for m in member.body.members) + len(member.body.tail)
            _collect(member.body, end - inner_total, name if owner else member.name, spans)
        start = end
