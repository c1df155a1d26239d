from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from patchkit.javamerge import FileMerge, MergeLabels, merge_java_file
from patchkit.mergestore import InvalidEntry, MergeStore, decode, encode, merge_key, merger_stamp
from tests.javamerge.golden_cases import GOLDEN, GoldenCase, all_cases, load_case

LABELS = MergeLabels(ours="fork", theirs="upstream 0123456789")


def _merge(case: GoldenCase) -> FileMerge:
    return merge_java_file(case.base, case.ours, case.theirs, path=case.path, rules=case.rules, labels=LABELS)


def _key(case: GoldenCase) -> str:
    return merge_key(case.base, case.ours, case.theirs, case.path, case.rules, LABELS)


def _store_merge(store: MergeStore, case: GoldenCase) -> FileMerge:
    return store.merge(case.base, case.ours, case.theirs, path=case.path, rules=case.rules, labels=LABELS)


def _entry(root: Path, case: GoldenCase) -> Path:
    return root / "merges" / merger_stamp() / f"{_key(case)}.json"


@pytest.mark.parametrize("case", all_cases(), ids=lambda case: case.name)
def test_roundtrip_every_golden_case(case: GoldenCase) -> None:
    merged = _merge(case)
    document = json.loads(json.dumps(encode(merged, _key(case))))
    assert decode(document, _key(case)) == merged


def test_store_returns_the_merge_and_keeps_it(tmp_path: Path) -> None:
    case = load_case(GOLDEN / "savelogs")
    merged = _store_merge(MergeStore(tmp_path), case)
    assert merged == _merge(case)
    assert merged.conflicts and merged.conflicts[0].rule is not None
    assert json.loads(_entry(tmp_path, case).read_bytes())["text"] == merged.text


def test_store_reads_a_kept_merge(tmp_path: Path) -> None:
    case = load_case(GOLDEN / "savelogs")
    _store_merge(MergeStore(tmp_path), case)
    entry = _entry(tmp_path, case)
    document = json.loads(entry.read_bytes())
    document["text"] = "// read from the store\n"
    entry.write_text(json.dumps(document), encoding="utf-8")
    assert _store_merge(MergeStore(tmp_path), case).text == "// read from the store\n"


def test_other_rules_are_another_merge(tmp_path: Path) -> None:
    case = load_case(GOLDEN / "savelogs")
    store = MergeStore(tmp_path)
    with_rule = _store_merge(store, case)
    (rule,) = case.rules
    without = dataclasses.replace(case, rules=())
    narrowed = dataclasses.replace(case, rules=(dataclasses.replace(rule, pattern="never matches"),))
    assert _key(without) != _key(case) != _key(narrowed)
    assert _store_merge(store, without) == _merge(without) != with_rule
    assert _store_merge(store, narrowed) == _merge(narrowed) != with_rule


def test_moved_rule_is_the_same_merge() -> None:
    case = load_case(GOLDEN / "savelogs")
    (rule,) = case.rules
    moved = dataclasses.replace(case, rules=(dataclasses.replace(rule, line=rule.line + 40),))
    assert _key(moved) == _key(case)


def test_other_labels_are_another_merge() -> None:
    case = load_case(GOLDEN / "pom-same-property")
    other = MergeLabels(ours="fork", theirs="upstream 9876543210")
    assert _key(case) != merge_key(case.base, case.ours, case.theirs, case.path, case.rules, other)


def test_texts_do_not_run_into_each_other() -> None:
    labels, rules = MergeLabels(), ()
    assert merge_key("ab", "c", "", "A.java", rules, labels) != merge_key("a", "bc", "", "A.java", rules, labels)


@pytest.mark.parametrize("damage", [
    {"text": 7},
    {"clean": "yes"},
    {"conflicts": [{"member": "run()"}]},
    {"conflicts": [{"member": "run()", "resolution": "guessed", "rule": None, "reason": "",
                    "upstream_text": None, "resolved_text": None, "diff": None, "extra_lines": 0}]},
    {"stamp": "0000000000000000"},
    {"key": "another"},
])
def test_invalid_entry_is_merged_again(tmp_path: Path, damage: dict[str, object]) -> None:
    case = load_case(GOLDEN / "savelogs")
    store = MergeStore(tmp_path)
    _store_merge(store, case)
    entry = _entry(tmp_path, case)
    document = {**json.loads(entry.read_bytes()), **damage}
    with pytest.raises(InvalidEntry):
        decode(document, _key(case))
    entry.write_text(json.dumps(document), encoding="utf-8")
    assert _store_merge(store, case) == _merge(case)
    assert decode(json.loads(entry.read_bytes()), _key(case)) == _merge(case)


def test_unreadable_entry_is_merged_again(tmp_path: Path) -> None:
    case = load_case(GOLDEN / "savelogs")
    store = MergeStore(tmp_path)
    _store_merge(store, case)
    _entry(tmp_path, case).write_bytes(b'{"stamp": ')
    assert _store_merge(store, case) == _merge(case)


def test_stored_fallback_is_reported_again(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    case = load_case(GOLDEN / "fallback-text-block")
    store = MergeStore(tmp_path)
    first = _store_merge(store, case)
    assert first.fallback_reason is not None
    caplog.clear()
    with caplog.at_level("WARNING"):
        assert _store_merge(store, case) == first
    assert first.fallback_reason in caplog.text
