"""Load the golden merge cases under tests/javamerge/golden/: base, ours and theirs in, the expected file out."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML

from patchkit.model import MergeRule, RuleKind

GOLDEN = Path(__file__).parent / "golden"
DEFAULT_PATH = "src/main/java/org/example/Example.java"


@dataclass(frozen=True)
class GoldenCase:
    """One case folder: the three inputs, the exact expected output and what the merge must report."""

    name: str
    base: str
    ours: str
    theirs: str
    expected: str
    path: str
    rules: tuple[MergeRule, ...]
    clean: bool
    fallback: bool
    conflicts: dict[str, str]
    line_merge: bool


def _read(folder: Path, stem: str) -> str:
    """Read `stem` with whatever extension the case uses (`.java`, or `.xml` for a pom)."""
    (path,) = folder.glob(f"{stem}.*")
    # newline="" keeps CRLF and a byte-order mark exactly as the file stores them.
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def _rule(entry: dict[str, object]) -> MergeRule:
    paths = entry.get("paths") or []
    assert isinstance(paths, list)
    return MergeRule(
        name=str(entry["name"]),
        kind=RuleKind(str(entry["kind"])),
        paths=tuple(str(p) for p in paths),
        type_name=str(entry["type_name"]) if "type_name" in entry else None,
        member=str(entry["member"]) if "member" in entry else None,
        pattern=str(entry["pattern"]) if "pattern" in entry else None,
    )


def load_case(folder: Path) -> GoldenCase:
    """Read one case folder; `case.yaml` is optional and defaults to a clean merge without rules."""
    settings: dict[str, object] = {}
    if (folder / "case.yaml").exists():
        settings = dict(YAML(typ="safe").load(folder / "case.yaml") or {})
    rules = settings.get("rules") or []
    conflicts = settings.get("conflicts") or {}
    assert isinstance(rules, list) and isinstance(conflicts, dict)
    return GoldenCase(
        name=folder.name,
        base=_read(folder, "base"),
        ours=_read(folder, "ours"),
        theirs=_read(folder, "theirs"),
        expected=_read(folder, "expected"),
        path=str(settings.get("path", DEFAULT_PATH)),
        rules=tuple(_rule(entry) for entry in rules),
        clean=bool(settings.get("clean", True)),
        fallback=bool(settings.get("fallback", False)),
        conflicts={str(k): str(v) for k, v in conflicts.items()},
        line_merge=bool(settings.get("line_merge", False)),
    )


def all_cases() -> list[GoldenCase]:
    return [load_case(folder) for folder in sorted(GOLDEN.iterdir()) if folder.is_dir()]
