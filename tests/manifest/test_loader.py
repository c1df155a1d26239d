"""Tests of load_manifest on valid manifests and on manifests with several problems."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from patchkit.errors import EXIT_BAD_INPUT, ManifestError
from patchkit.manifest import load_manifest
from patchkit.model import BuildConfig, Component, Decision, Impact, PathMapping, RuleKind
from tests.manifest.conftest import DRUID_MANIFEST, MINIMAL, WriteManifest


def test_druid_manifest_top_level() -> None:
    manifest = load_manifest(DRUID_MANIFEST)

    assert manifest.path == str(DRUID_MANIFEST)
    assert manifest.patchset == "druid-30"
    assert manifest.upstream == "upstream/master"
    assert manifest.fork == "prod-30"
    assert manifest.fork_point == "druid-30.0.0"
    assert manifest.work_branch == "refresh/druid-30"
    assert manifest.path_map == ()
    assert manifest.resolutions_dir == str(DRUID_MANIFEST.parent / "druid-30.resolutions")


def test_druid_manifest_patches() -> None:
    manifest = load_manifest(DRUID_MANIFEST)

    assert [p.id for p in manifest.patches] == [
        "stuck-tasks",
        "idempotent-shutdown",
        "task-location",
        "lifecycle-start",
        "module-move",
    ]
    assert [p.pr for p in manifest.patches] == [17431, 18576, 16711, 17446, 17614]
    assert [p.upstream_sha for p in manifest.patches] == [
        "8850023811",
        "1b220b2504",
        "6cf6838eb9",
        "5764183d4e",
        "62a53ab41b",
    ]
    assert [p.decision for p in manifest.patches] == [Decision.APPLY] * 3 + [Decision.SKIP] * 2
    assert [p.id for p in manifest.apply_order()] == ["stuck-tasks", "idempotent-shutdown", "task-location"]


def test_druid_manifest_first_patch() -> None:
    first = load_manifest(DRUID_MANIFEST).patches[0]

    assert first.priority == 1
    assert first.impact is Impact.HIGH
    assert first.commit is None
    assert first.acknowledge_revert is False
    assert first.reason is not None and first.reason.startswith("Tasks hang when saveLogs()")
    assert first.expect_conflicts == (
        "extensions-contrib/kubernetes-overlord-extensions/src/main/java/org/apache/druid/k8s/overlord/"
        "KubernetesPeonLifecycle.java#saveLogs",
    )
    assert first.line == 12


def test_druid_manifest_rules() -> None:
    (rule,) = load_manifest(DRUID_MANIFEST).rules

    assert rule.name == "keep-fork-diagnostics"
    assert rule.kind is RuleKind.KEEP_FORK_STATEMENTS
    assert rule.pattern == "📋 \\[LOGS\\]"
    assert rule.paths == ("**/KubernetesPeonLifecycle.java",)
    assert rule.type_name == "KubernetesPeonLifecycle"
    assert rule.member == "saveLogs"
    assert rule.line == 57


def test_druid_manifest_build_and_components() -> None:
    manifest = load_manifest(DRUID_MANIFEST)

    assert manifest.build == BuildConfig(
        modules=("extensions-contrib/kubernetes-overlord-extensions",),
        also_make=True,
        goals=("clean", "package"),
        flags=("-DskipTests",),
        tests=False,
        timeout_minutes=20,
    )
    assert manifest.components == (
        Component("overlord", "Overlord jar", ("extensions-contrib/kubernetes-overlord-extensions/**",)),
        Component("task-image", "task pod image", ("indexing-service/**",)),
    )


def test_values_are_plain_python(write_manifest: WriteManifest) -> None:
    text = MINIMAL + "    reason: |\n      block text\n" + "build:\n  flags: ['-q']\n"
    manifest = load_manifest(write_manifest(text))
    patch = manifest.patches[0]

    assert type(manifest.patchset) is str
    assert type(patch.pr) is int
    assert type(patch.priority) is int
    assert type(patch.reason) is str
    assert patch.reason == "block text\n"
    assert type(manifest.build.flags[0]) is str


def test_minimal_defaults(write_manifest: WriteManifest) -> None:
    path = write_manifest(MINIMAL, "patchsets/refresh.yaml")
    manifest = load_manifest(path)

    assert manifest.fork_point is None
    assert manifest.rules == ()
    assert manifest.components == ()
    assert manifest.build == BuildConfig()
    assert manifest.build.modules is None
    assert manifest.resolutions_dir == str(path.parent / "refresh.resolutions")


def test_resolutions_relative_to_manifest(write_manifest: WriteManifest, tmp_path: Path) -> None:
    path = write_manifest(MINIMAL + "resolutions: ../recorded/druid\n", "patchsets/refresh.yaml")

    manifest = load_manifest(path)

    assert manifest.resolutions_dir == str(tmp_path / "recorded" / "druid")


def test_resolutions_absolute_from_relative_path(
    write_manifest: WriteManifest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_manifest(MINIMAL, "patchsets/refresh.yaml")
    monkeypatch.chdir(tmp_path)

    manifest = load_manifest(Path("patchsets/refresh.yaml"))

    assert manifest.path == os.path.join("patchsets", "refresh.yaml")
    assert manifest.resolutions_dir == str(tmp_path / "patchsets" / "refresh.resolutions")


def test_build_modules_touched(write_manifest: WriteManifest) -> None:
    text = MINIMAL + "build:\n  modules: touched\n  enabled: false\n  maven: ./mvnw -B\n  java_home: /opt/jdk17\n"

    build = load_manifest(write_manifest(text)).build

    assert build.modules is None
    assert build.enabled is False
    assert build.maven == "./mvnw -B"
    assert build.java_home == "/opt/jdk17"


def test_path_map_and_commit(write_manifest: WriteManifest) -> None:
    text = MINIMAL.replace("pr: 101", "commit: 1B220B2504") + (
        "path_map:\n  - upstream: extensions-core/kubernetes/\n    fork: extensions-contrib/kubernetes/\n"
    )

    manifest = load_manifest(write_manifest(text))

    assert manifest.path_map == (PathMapping("extensions-core/kubernetes/", "extensions-contrib/kubernetes/"),)
    assert manifest.patches[0].commit == "1B220B2504"
    assert manifest.patches[0].pr is None


def test_skip_priority_is_kept(write_manifest: WriteManifest) -> None:
    text = MINIMAL + "  - id: second\n    pr: 102\n    decision: skip\n    priority: 1\n    reason: not needed\n"

    manifest = load_manifest(write_manifest(text))

    assert manifest.patches[1].priority == 1
    assert [p.id for p in manifest.apply_order()] == ["first"]


def test_byte_order_mark_accepted(write_manifest: WriteManifest) -> None:
    manifest = load_manifest(write_manifest(b"\xef\xbb\xbf" + MINIMAL.encode()))

    assert manifest.patchset == "sample"


def test_crlf_line_endings(write_manifest: WriteManifest) -> None:
    text = MINIMAL.replace("\n", "\r\n") + "  - id: first\r\n    pr: 102\r\n    decision: skip\r\n    reason: x\r\n"

    with pytest.raises(ManifestError) as caught:
        load_manifest(write_manifest(text))

    assert caught.value.line == 10
    assert caught.value.key == "patches[1].id"


def test_str_tag_keeps_digits(write_manifest: WriteManifest) -> None:
    text = MINIMAL + "    upstream_sha: !!str 8850023811\n"

    manifest = load_manifest(write_manifest(text))

    assert manifest.patches[0].upstream_sha == "8850023811"


def test_date_like_ref_is_string(write_manifest: WriteManifest) -> None:
    manifest = load_manifest(write_manifest(MINIMAL + "fork_point: 2024-02-30\n"))

    assert manifest.fork_point == "2024-02-30"


def test_yaml_words_stay_strings(write_manifest: WriteManifest) -> None:
    # YAML 1.2, ruamel's default, reads yes/no/on/off as strings, not booleans.
    manifest = load_manifest(write_manifest(MINIMAL.replace("fork: prod-30", "fork: 'no'") + "fork_point: on\n"))

    assert manifest.fork == "no"
    assert manifest.fork_point == "on"


def test_error_exit_code(write_manifest: WriteManifest) -> None:
    with pytest.raises(ManifestError) as caught:
        load_manifest(write_manifest(MINIMAL.replace("decision: apply", "decision: maybe")))

    assert caught.value.exit_code == EXIT_BAD_INPUT
    assert caught.value.key == "patches[0].decision"
    assert caught.value.line == 8
    assert "'maybe' is not valid; expected one of: apply, skip" in caught.value.problem


def test_all_problems_in_document_order(write_manifest: WriteManifest) -> None:
    text = (
        MINIMAL.replace("upstream: upstream/master\n", "")
        .replace("decision: apply", "decision: maybe")
        .replace("pr: 101", "pr: 0")
        + "build:\n  tests: 1\n"
        + "extra: true\n"
    )
    path = write_manifest(text)

    with pytest.raises(ManifestError) as caught:
        load_manifest(path)

    lines = str(caught.value).splitlines()
    assert len(lines) == 5
    assert lines[0].startswith(f"{path}:6 at 'patches[0].pr': ")
    assert lines[1].startswith(f"{path}:7 at 'patches[0].decision': ")
    assert lines[2].startswith(f"{path}:10 at 'build.tests': ")
    assert lines[3].startswith(f"{path}:11 at 'extra': unknown key")
    assert lines[4] == f"{path} at 'upstream': required key is missing"
    assert caught.value.line == 6
    assert caught.value.key == "patches[0].pr"


def test_problem_list_is_capped(write_manifest: WriteManifest) -> None:
    extra_keys = "".join(f"extra{index}: 1\n" for index in range(30))

    with pytest.raises(ManifestError) as caught:
        load_manifest(write_manifest(MINIMAL + extra_keys))

    lines = str(caught.value).splitlines()
    assert len(lines) == 21
    assert lines[-1] == "... and 10 more problems"


def test_cross_key_checks_wait_for_schema(write_manifest: WriteManifest) -> None:
    # A duplicate id is not reported while the schema still fails, so a wrong
    # type can never reach the cross-key checks.
    text = MINIMAL + "  - id: first\n    pr: 102\n    decision: apply\n    priority: high\n"

    with pytest.raises(ManifestError) as caught:
        load_manifest(write_manifest(text))

    assert "duplicate" not in str(caught.value)
    assert caught.value.key == "patches[1].priority"


def test_comment_before_value_on_next_line(write_manifest: WriteManifest) -> None:
    text = MINIMAL + "    reason: # why\n      not needed\n\n"

    manifest = load_manifest(write_manifest(text))

    assert manifest.patches[0].reason == "not needed"

