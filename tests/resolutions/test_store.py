"""ResolutionStore on small files: record, apply, list, forget, and the cases that must not apply."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from patchkit.resolutions import RecordedResolution, RecordError, ResolutionStore
from patchkit.resolutions.recordfile import dump_record, file_name

JAVA_PATH = "src/main/java/demo/App.java"

JAVA_MARKED = """package demo;

public class App
{
  public int size()
  {
<<<<<<< fork
    return 1 + extra;
=======
    return 2;
>>>>>>> upstream abc (#7)
  }

  public String name()
  {
<<<<<<< fork
    return "fork";
=======
    return "upstream";
>>>>>>> upstream abc (#7)
  }
}
"""

JAVA_RESOLVED = (
    JAVA_MARKED.replace("<<<<<<< fork\n    return 1 + extra;\n=======\n    return 2;\n>>>>>>> upstream abc (#7)\n",
                        "    return 2 + extra;\n")
    .replace('<<<<<<< fork\n    return "fork";\n=======\n    return "upstream";\n>>>>>>> upstream abc (#7)\n',
             '    return "fork";\n')
)


def _record(store: ResolutionStore, marked: str = JAVA_MARKED, resolved: str = JAVA_RESOLVED) -> list[str]:
    return store.record(JAVA_PATH, marked, resolved, member_of_line=None, upstream_commit="abc" * 8, pr=7)


def test_record_one_per_hunk_with_members(tmp_path: Path) -> None:
    store = ResolutionStore(tmp_path / "records")

    ids = _record(store)

    members = {record.member for record in store.list()}
    assert len(ids) == 2
    assert members == {"App.size()", "App.name()"}


def test_apply_reproduces_resolution(tmp_path: Path) -> None:
    store = ResolutionStore(tmp_path / "records")
    ids = _record(store)

    match = store.apply(JAVA_PATH, JAVA_MARKED)

    assert match.text == JAVA_RESOLVED
    assert sorted(match.used) == sorted(ids)


def test_apply_after_moving_members(tmp_path: Path) -> None:
    store = ResolutionStore(tmp_path / "records")
    _record(store)
    moved = JAVA_MARKED.replace("public class App\n{\n", "public class App\n{\n  private int extra = 0;\n\n")

    match = store.apply(JAVA_PATH, moved)

    assert match.text == JAVA_RESOLVED.replace("public class App\n{\n", "public class App\n{\n  private int extra = 0;\n\n")


def test_partial_match_applies_nothing(tmp_path: Path) -> None:
    store = ResolutionStore(tmp_path / "records")
    ids = _record(store)
    changed = JAVA_MARKED.replace('    return "upstream";\n', '    return "upstream-2";\n')

    match = store.apply(JAVA_PATH, changed)

    name_id = next(r.id for r in store.list() if r.member == "App.name()")
    assert match.text is None
    assert match.used == ()
    assert match.mismatched == (name_id,)
    assert "App.name()" in match.reason
    assert len(ids) == 2


def test_same_sides_other_member_no_match(tmp_path: Path) -> None:
    store = ResolutionStore(tmp_path / "records")
    _record(store)
    renamed = JAVA_MARKED.replace("public String name()", "public String label()")

    match = store.apply(JAVA_PATH, renamed)

    assert match.text is None
    assert match.mismatched == ()


def test_apply_crlf_file(tmp_path: Path) -> None:
    store = ResolutionStore(tmp_path / "records")
    _record(store)

    match = store.apply(JAVA_PATH, JAVA_MARKED.replace("\n", "\r\n"))

    assert match.text == JAVA_RESOLVED.replace("\n", "\r\n")


def test_trailing_whitespace_ignored(tmp_path: Path) -> None:
    store = ResolutionStore(tmp_path / "records")
    _record(store)

    match = store.apply(JAVA_PATH, JAVA_MARKED.replace("return 2;\n", "return 2;   \n"))

    assert match.text == JAVA_RESOLVED


def test_text_file_keyed_by_file_name(tmp_path: Path) -> None:
    store = ResolutionStore(tmp_path / "records")
    marked = "a\n<<<<<<< f\nx\n=======\ny\n>>>>>>> u\nb\n"
    ids = store.record("docs/notes.txt", marked, "a\nxy\nb\n", member_of_line=None, upstream_commit="c" * 40, pr=None)

    assert store.apply("other/notes.txt", marked).text == "a\nxy\nb\n"
    assert store.apply("docs/other.txt", marked).text is None
    assert store.list()[0].member is None
    assert len(ids) == 1


def test_member_of_line_overrides(tmp_path: Path) -> None:
    store = ResolutionStore(tmp_path / "records")
    seen: list[int] = []

    def member_of_line(line: int) -> str | None:
        seen.append(line)
        return "Custom.member()"

    store.record(JAVA_PATH, JAVA_MARKED, JAVA_RESOLVED, member_of_line=member_of_line, upstream_commit="d" * 40, pr=7)

    assert seen == [7, 12]
    assert {r.member for r in store.list()} == {"Custom.member()"}


def test_markers_left_records_nothing(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    store = ResolutionStore(tmp_path / "records")

    with caplog.at_level(logging.WARNING, logger="patchkit"):
        ids = _record(store, resolved=JAVA_MARKED)

    assert ids == []
    assert store.list() == []
    assert "still has conflict markers" in caplog.text


def test_edit_outside_hunks_records_nothing(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    store = ResolutionStore(tmp_path / "records")
    resolved = JAVA_RESOLVED.replace("package demo;\n", "package demo;\n\nimport java.util.List;\n")

    with caplog.at_level(logging.WARNING, logger="patchkit"):
        ids = _record(store, resolved=resolved)

    assert ids == []
    assert "not recorded" in caplog.text


def test_no_markers_reason(tmp_path: Path) -> None:
    match = ResolutionStore(tmp_path / "records").apply(JAVA_PATH, JAVA_RESOLVED)

    assert match.text is None
    assert "no conflict markers" in match.reason


def test_record_again_replaces_file(tmp_path: Path) -> None:
    store = ResolutionStore(tmp_path / "records")
    _record(store)
    again = JAVA_RESOLVED.replace("return 2 + extra;", "return extra + 2;")

    _record(store, resolved=again)

    assert len(list((tmp_path / "records").glob("*.yaml"))) == 2
    assert store.apply(JAVA_PATH, JAVA_MARKED).text == again


def test_forget_by_prefix(tmp_path: Path) -> None:
    store = ResolutionStore(tmp_path / "records")
    ids = _record(store)

    assert store.forget(ids[0][:8]) is True
    assert [r.id for r in store.list()] == [ids[1]]
    assert store.forget(ids[0]) is False
    with pytest.raises(RecordError):
        store.forget(ids[1][:5])


def test_forget_ambiguous_prefix_raises(tmp_path: Path) -> None:
    folder = tmp_path / "records"
    folder.mkdir()
    for record_id in ("abc1230000000000", "abc1239000000000"):
        record = RecordedResolution(record_id, "a.txt", None, "c" * 40, None, "2026-01-01", "x\n", "y\n", "z\n")
        (folder / file_name(record)).write_text(dump_record(record), encoding="utf-8")
    store = ResolutionStore(folder)

    with pytest.raises(RecordError) as raised:
        store.forget("abc123")

    assert "abc1230000000000" in str(raised.value)
    assert len(store.list()) == 2
    assert store.forget("abc1239") is True
    assert [r.id for r in store.list()] == ["abc1230000000000"]


def test_missing_folder_lists_nothing(tmp_path: Path) -> None:
    assert ResolutionStore(tmp_path / "absent").list() == []


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("- a list\n", "not a YAML mapping"),
        ("id: x\npath: p\nupstream_commit: c\nours: ''\ntheirs: ''\nresolution: 3\n", "'resolution'"),
        ("id: x\npath: p\nupstream_commit: c\npr: yes\nours: ''\ntheirs: ''\nresolution: ''\n", "'pr'"),
        ("id: [\n", "cannot be read"),
    ],
)
def test_invalid_record_file_raises(tmp_path: Path, content: str, problem: str) -> None:
    folder = tmp_path / "records"
    folder.mkdir()
    (folder / "bad.yaml").write_text(content, encoding="utf-8")

    with pytest.raises(RecordError) as raised:
        ResolutionStore(folder).list()

    assert problem in str(raised.value)
    assert "bad.yaml" in str(raised.value)
