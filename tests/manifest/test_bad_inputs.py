"""Run every manifest of the bad-input corpus and check the error it raises.

Each corpus file starts with `# expect: <text>`, a substring of the first line
of the error message, and `# line: <N>` (or `none`), the line the error names.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from patchkit.errors import ManifestError
from patchkit.manifest import load_manifest

CORPUS = Path(__file__).resolve().parents[1] / "bad-inputs" / "manifests"
CASES = sorted(CORPUS.glob("*.yaml"))


def _header(case: Path) -> tuple[str, int | None]:
    first, second, _ = case.read_bytes().split(b"\n", 2)
    expect = first.decode("utf-8").removeprefix("# expect: ")
    line_text = second.decode("utf-8").removeprefix("# line: ")
    return expect, None if line_text == "none" else int(line_text)


def test_corpus_size() -> None:
    assert len(CASES) >= 35


def test_corpus_headers() -> None:
    for case in CASES:
        first, second = case.read_bytes().split(b"\n")[:2]
        assert first.startswith(b"# expect: "), case.name
        assert second.startswith(b"# line: "), case.name


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.stem)
def test_bad_manifest(case: Path) -> None:
    expect, line = _header(case)

    with pytest.raises(ManifestError) as caught:
        load_manifest(case)

    error = caught.value
    first_line = str(error).splitlines()[0]
    assert first_line.startswith(f"{case}:" if line is not None else f"{case}"), first_line
    assert expect in first_line
    assert error.line == line
    assert error.path == str(case)
