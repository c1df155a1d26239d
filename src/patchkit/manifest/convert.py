"""Build the domain model from a manifest document that passed every check."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from patchkit.model import (
    BuildConfig,
    Component,
    Decision,
    Impact,
    Manifest,
    MergeRule,
    PatchSpec,
    PathMapping,
    RuleKind,
)

_TOUCHED_MODULES = "touched"


def build_manifest(path: Path, document: Any) -> Manifest:
    """Convert ruamel's data into a Manifest of plain Python values."""
    return Manifest(
        path=str(path),
        patchset=str(document["patchset"]),
        upstream=str(document["upstream"]),
        fork=str(document["fork"]),
        work_branch=str(document["work_branch"]),
        patches=tuple(_patch(entry) for entry in document["patches"]),
        fork_point=_optional_text(document, "fork_point"),
        path_map=tuple(_path_mapping(entry) for entry in document.get("path_map", [])),
        rules=tuple(_rule(entry) for entry in document.get("rules", [])),
        build=_build(document.get("build", {})),
        components=tuple(_component(name, entry) for name, entry in document.get("components", {}).items()),
        resolutions_dir=_resolutions_dir(path, document.get("resolutions")),
    )


def _optional_text(entry: Any, key: str) -> str | None:
    return str(entry[key]) if key in entry else None


def _optional_int(entry: Any, key: str) -> int | None:
    return int(entry[key]) if key in entry else None


def _texts(values: Any) -> tuple[str, ...]:
    return tuple(str(value) for value in values)


def _line(entry: Any) -> int:
    """Return the 1-based line where a mapping from ruamel starts."""
    return int(entry.lc.line) + 1


def _patch(entry: Any) -> PatchSpec:
    impact = entry.get("impact")
    return PatchSpec(
        id=str(entry["id"]),
        decision=Decision(str(entry["decision"])),
        pr=_optional_int(entry, "pr"),
        commit=_optional_text(entry, "commit"),
        upstream_sha=_optional_text(entry, "upstream_sha"),
        priority=_optional_int(entry, "priority"),
        impact=Impact(str(impact)) if impact is not None else None,
        reason=_optional_text(entry, "reason"),
        expect_conflicts=_texts(entry.get("expect_conflicts", [])),
        acknowledge_revert=bool(entry.get("acknowledge_revert", False)),
        line=_line(entry),
    )


def _rule(entry: Any) -> MergeRule:
    return MergeRule(
        name=str(entry["name"]),
        kind=RuleKind(str(entry["kind"])),
        paths=_texts(entry.get("paths", [])),
        type_name=_optional_text(entry, "type"),
        member=_optional_text(entry, "member"),
        pattern=_optional_text(entry, "pattern"),
        line=_line(entry),
    )


def _path_mapping(entry: Any) -> PathMapping:
    return PathMapping(upstream=str(entry["upstream"]), fork=str(entry["fork"]))


def _build(entry: Any) -> BuildConfig:
    defaults = BuildConfig()
    modules = entry.get("modules", _TOUCHED_MODULES)
    return BuildConfig(
        enabled=bool(entry.get("enabled", defaults.enabled)),
        modules=None if modules == _TOUCHED_MODULES else _texts(modules),
        also_make=bool(entry.get("also_make", defaults.also_make)),
        goals=_texts(entry.get("goals", defaults.goals)),
        flags=_texts(entry.get("flags", defaults.flags)),
        tests=bool(entry.get("tests", defaults.tests)),
        timeout_minutes=int(entry.get("timeout_minutes", defaults.timeout_minutes)),
        maven=_optional_text(entry, "maven"),
        java_home=_optional_text(entry, "java_home"),
    )


def _component(name: Any, entry: Any) -> Component:
    return Component(name=str(name), deploy=str(entry["deploy"]), paths=_texts(entry["paths"]))


def _resolutions_dir(path: Path, configured: Any) -> str:
    """Return the absolute folder for recorded resolutions.

    A configured folder is relative to the manifest's folder; the default is
    `<manifest stem>.resolutions` beside the manifest.
    """
    folder = str(configured) if configured is not None else f"{path.stem}.resolutions"
    return os.path.normpath(os.path.abspath(path.parent / folder))
