"""Finding each hunk's resolution in the file a human staged."""

from __future__ import annotations

import pytest

from patchkit.resolutions.align import AlignmentError, hunk_resolutions
from patchkit.resolutions.markers import parse_marked

TWO_HUNKS = """head
<<<<<<< fork
one-fork
=======
one-upstream
>>>>>>> upstream
middle
}
<<<<<<< fork
two-fork
=======
two-upstream
>>>>>>> upstream
tail
"""


def test_single_hunk_between_fixed_ends() -> None:
    marked = parse_marked("a\n<<<<<<< f\nx\n=======\ny\n>>>>>>> u\nb\n")

    assert hunk_resolutions(marked, "a\nx\ny\nz\nb\n") == [("x\n", "y\n", "z\n")]


def test_two_hunks_split_at_middle_context() -> None:
    marked = parse_marked(TWO_HUNKS)
    resolved = "head\nONE\nmiddle\n}\nTWO\nTWO-b\ntail\n"

    assert hunk_resolutions(marked, resolved) == [("ONE\n",), ("TWO\n", "TWO-b\n")]


def test_hunk_resolved_to_nothing() -> None:
    marked = parse_marked(TWO_HUNKS)

    assert hunk_resolutions(marked, "head\nmiddle\n}\ntail\n") == [(), ()]


def test_repeated_context_takes_first() -> None:
    # The resolved file repeats the middle context, so the earliest match splits it.
    marked = parse_marked("<<<<<<< f\na\n=======\nb\n>>>>>>> u\nm\n<<<<<<< f\nc\n=======\nd\n>>>>>>> u\nend\n")
    resolved = "x\nm\ny\nm\nz\nend\n"

    resolutions = hunk_resolutions(marked, resolved)

    assert marked.join(resolutions) == resolved
    assert resolutions == [("x\n",), ("y\n", "m\n", "z\n")]


def test_crlf_resolution_aligns() -> None:
    marked = parse_marked("a\r\n<<<<<<< f\r\nx\r\n=======\r\ny\r\n>>>>>>> u\r\nb\r\n")

    assert hunk_resolutions(marked, "a\r\nxy\r\nb\r\n") == [("xy\n",)]


@pytest.mark.parametrize(
    "resolved",
    [
        "HEAD\nONE\nmiddle\n}\nTWO\ntail\n",
        "head\nONE\nmiddle\n}\nTWO\ntail changed\n",
        "head\nONE\nmiddle changed\n}\nTWO\ntail\n",
    ],
)
def test_changed_context_raises(resolved: str) -> None:
    with pytest.raises(AlignmentError):
        hunk_resolutions(parse_marked(TWO_HUNKS), resolved)
