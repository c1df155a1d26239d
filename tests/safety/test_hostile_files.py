"""Files that are binary, not UTF-8, CRLF, BOM-prefixed, huge or symbolic links, in real picks.

The `bad-inputs/files` corpus contains one raw sample per file (its content is the whole
case). Each sample goes through three picks: upstream adds it, upstream changes a file
to it, and both sides change it so the pick conflicts. Bytes must survive exactly: a
clean pick commits upstream's bytes, and a conflict keeps both sides' blobs in the
index and the shared part of the file in the work tree.
"""

from __future__ import annotations

from pathlib import Path

import pygit2
import pytest

from tests.safety.harness import run_patchkit, saved_state, take_snapshot
from tests.safety.twosided import TwoSided, two_sided

CORPUS = Path(__file__).resolve().parents[1] / "bad-inputs" / "files"
SAMPLES = sorted(CORPUS.iterdir())
OTHER = {"other.txt": b"unrelated\n"}

# Known bugs in the conflicting pick, by sample name.
CONFLICT_BUGS: dict[str, str] = {}


def _conflict_params() -> list[object]:
    params: list[object] = []
    for sample in SAMPLES:
        reason = CONFLICT_BUGS.get(sample.name)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(sample, id=sample.name, marks=marks))
    return params


def _work_branch_blob(scenario: TwoSided, path: str) -> pygit2.Object:
    tree = scenario.builder.repo.references["refs/heads/refresh"].peel(pygit2.Commit).tree
    return scenario.builder.repo[tree[path].id]


def _assert_clean_pick(scenario: TwoSided, path: str, expected: bytes) -> None:
    start = take_snapshot(scenario.path)

    result = scenario.apply()

    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr
    assert _work_branch_blob(scenario, path).read_raw() == expected
    assert take_snapshot(scenario.path).files == start.files


def test_corpus_size() -> None:
    assert len(SAMPLES) >= 15


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda path: path.name)
def test_file_added_upstream(tmp_path: Path, sample: Path) -> None:
    data = sample.read_bytes()
    scenario = two_sided(tmp_path, OTHER, {"fork.txt": b"fork\n"}, {f"data/{sample.name}": data})

    _assert_clean_pick(scenario, f"data/{sample.name}", data)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda path: path.name)
def test_file_changed_upstream(tmp_path: Path, sample: Path) -> None:
    data = sample.read_bytes()
    path = f"data/{sample.name}"
    scenario = two_sided(tmp_path, {path: b"before\n", **OTHER}, {"other.txt": b"fork\n"}, {path: data})

    _assert_clean_pick(scenario, path, data)


@pytest.mark.parametrize("sample", _conflict_params())
def test_file_conflict(tmp_path: Path, sample: Path) -> None:
    data = sample.read_bytes()
    path = f"data/{sample.name}"
    sides = {side: data + f"\n{side} end\n".encode() for side in ("base", "fork", "upstream")}
    scenario = two_sided(tmp_path, {path: sides["base"]}, {path: sides["fork"]}, {path: sides["upstream"]})
    start = take_snapshot(scenario.path)

    result = scenario.apply()

    assert "Traceback" not in result.stderr
    assert result.returncode == 1, result.stderr
    index = scenario.builder.repo.index
    index.read()
    ancestor, ours, theirs = index.conflicts[path]
    assert scenario.builder.repo[ancestor.id].read_raw() == sides["base"]
    assert scenario.builder.repo[ours.id].read_raw() == sides["fork"]
    assert scenario.builder.repo[theirs.id].read_raw() == sides["upstream"]
    assert (scenario.path / path).read_bytes().startswith(data)
    aborted = run_patchkit("abort", "--repo", str(scenario.path))
    assert aborted.returncode == 0, aborted.stderr
    assert take_snapshot(scenario.path).files == start.files


def _huge_java(changed: dict[int, str]) -> bytes:
    """Return a Java class of about 50,000 lines: 10,000 five-line methods, some changed."""
    lines = ["package demo;", "", "public class Huge", "{"]
    for number in range(10_000):
        body = changed.get(number, f"return {number};")
        lines += [f"  public int value{number}()", "  {", f"    {body}", "  }", ""]
    lines.append("}")
    return ("\n".join(lines) + "\n").encode()


def test_huge_file_clean(tmp_path: Path) -> None:
    path = "src/Huge.java"
    upstream = _huge_java({9_000: "return -1;"})
    scenario = two_sided(tmp_path, {path: _huge_java({})}, {path: _huge_java({10: "return 10 + 0;"})}, {path: upstream})

    result = scenario.apply()

    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr
    merged = _work_branch_blob(scenario, path).read_raw()
    assert merged == _huge_java({10: "return 10 + 0;", 9_000: "return -1;"})
    assert len(merged.splitlines()) >= 50_000


def test_huge_file_conflict(tmp_path: Path) -> None:
    path = "src/Huge.java"
    scenario = two_sided(
        tmp_path, {path: _huge_java({})}, {path: _huge_java({25_00: "return 0;"})}, {path: _huge_java({25_00: "return 1;"})}
    )

    result = scenario.apply()

    assert "Traceback" not in result.stderr
    assert result.returncode == 1, result.stderr
    state = saved_state(scenario.path)
    assert state is not None
    assert state["stopped"]["conflicts"][0]["path"] == path


def test_symlink_retargeted_upstream(tmp_path: Path) -> None:
    link = pygit2.enums.FileMode.LINK
    scenario = two_sided(tmp_path, {"current": (link, b"v1"), **OTHER}, {"other.txt": b"fork\n"}, {"current": (link, b"v2")})

    _assert_clean_pick(scenario, "current", b"v2")
    tree = scenario.builder.repo.references["refs/heads/refresh"].peel(pygit2.Commit).tree
    assert tree["current"].filemode == link


def test_symlink_added_upstream(tmp_path: Path) -> None:
    link = pygit2.enums.FileMode.LINK
    scenario = two_sided(tmp_path, OTHER, {"fork.txt": b"fork\n"}, {"outside": (link, b"../../../etc/passwd")})

    _assert_clean_pick(scenario, "outside", b"../../../etc/passwd")
    assert not (scenario.path / "outside").exists()
