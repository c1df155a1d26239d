from __future__ import annotations

import dataclasses
import re

import pytest

from patchkit.model import BuildStatus, RunRecord, RunStatus
from patchkit.report.escape import WORD_JOINER
from patchkit.report.markdown import format_duration, render_markdown, render_verdict
from tests.report.markdown_check import (
    AUTOLINKABLE,
    OWN_HTML_BLOCK,
    parse,
    parser,
    table_rows,
    text_tokens,
    walk,
)
from tests.report.sample_records import (
    HOSTILE,
    LIFECYCLE,
    WORK_ITEM,
    Shutdown,
    druid_record,
    hostile_record,
)

RECORDS = {
    "recorded": druid_record(),
    "stopped": druid_record(shutdown=Shutdown.STOPPED),
    "build-failed": druid_record(build=BuildStatus.FAILED),
    "hostile": hostile_record(),
}


def _section(markdown: str, heading: str) -> str:
    start = markdown.index(f"## {heading}\n")
    end = markdown.find("\n## ", start + 1)
    return markdown[start:] if end == -1 else markdown[start:end]


def test_verdict_recorded_run() -> None:
    assert render_verdict(druid_record()) == (
        "Refresh of `prod-30` with 3 upstream patches: 1 applied, 1 resolved by a rule,"
        " 1 resolved by a recorded resolution; build passed. 2 more are skipped by the manifest."
    )


def test_verdict_stopped_run() -> None:
    assert render_verdict(druid_record(shutdown=Shutdown.STOPPED)) == (
        "Refresh of `prod-30` with 3 upstream patches: 1 resolved by a rule,"
        " 1 stopped at a conflict, 1 not reached; build not run;"
        " the run stopped for a human. 2 more are skipped by the manifest."
    )


def test_verdict_failed_build() -> None:
    verdict = render_verdict(druid_record(build=BuildStatus.FAILED))
    assert verdict.endswith("; build failed with 2 compiler errors. 2 more are skipped by the manifest.")


def test_verdict_single_patch_aborted() -> None:
    record = druid_record()
    record = dataclasses.replace(record, patches=record.patches[2:3], status=RunStatus.ABORTED)
    assert render_verdict(record) == (
        "Refresh of `prod-30` with 1 upstream patch: 1 applied; build passed; the run was aborted."
    )


def test_verdict_without_patches() -> None:
    record = dataclasses.replace(druid_record(), patches=(), status=RunStatus.DONE)
    assert render_verdict(record) == "Refresh of `prod-30` with no upstream patches; build passed."
    markdown = render_markdown(record)
    assert "The manifest lists no patches." in _section(markdown, "Patches")
    assert table_rows(parse(markdown))[:1] == [6]


def test_markdown_starts_with_verdict() -> None:
    record = druid_record()
    assert render_markdown(record).split("\n", 1)[0] == render_verdict(record)


@pytest.mark.parametrize("name", sorted(RECORDS))
def test_markdown_tables_keep_columns(name: str) -> None:
    record = RECORDS[name]
    rows = table_rows(parse(render_markdown(record)))
    summary_rows = 1 + len(record.patches)
    impact_rows = 1 + len(record.impact)
    assert rows == [6] * summary_rows + [5] * impact_rows


@pytest.mark.parametrize("name", sorted(RECORDS))
def test_markdown_has_no_links_or_foreign_html(name: str) -> None:
    tokens = parse(render_markdown(RECORDS[name]))
    types = {token.type for token in walk(tokens)}
    assert "link_open" not in types
    assert "image" not in types
    assert "html_inline" not in types
    for token in tokens:
        if token.type == "html_block":
            assert OWN_HTML_BLOCK.fullmatch(token.content), token.content


@pytest.mark.parametrize("name", sorted(RECORDS))
def test_markdown_text_has_no_autolinks(name: str) -> None:
    tokens = parse(render_markdown(RECORDS[name]))
    for content in text_tokens(tokens):
        assert AUTOLINKABLE.search(content) is None, content


@pytest.mark.parametrize("name", sorted(RECORDS))
def test_markdown_details_blocks_balance(name: str) -> None:
    record = RECORDS[name]
    markdown = render_markdown(record)
    conflicts = sum(len(patch.conflicts) for patch in record.patches)
    assert markdown.count("<details>\n<summary>") == conflicts
    assert markdown.count("\n</details>") == conflicts
    html_blocks = [token for token in parse(markdown) if token.type == "html_block"]
    assert len(html_blocks) == 2 * conflicts


def test_markdown_summary_table_cells() -> None:
    tokens = parse(render_markdown(druid_record()))
    cells = [token.content for token in tokens if token.type == "inline"]
    header = cells.index("Patch")
    rows = [cells[header + 6 * row : header + 6 * (row + 1)] for row in range(4)]
    assert rows[0] == ["Patch", "PR", "Priority", "Outcome", "New commit", "Complexity"]
    assert rows[1][0] == "stuck-tasks"
    assert rows[1][1].replace(WORD_JOINER, "") == "\\#17431"
    assert rows[1][2:] == ["1", "resolved", "`c0ffee1234`", "resolved by a rule, 2 lines beyond upstream"]
    assert rows[2][5] == "resolved by a recorded resolution, 5 lines beyond upstream"
    assert rows[3][3:] == ["applied", "`feed123456`", "clean"]


def test_markdown_rule_conflict_block() -> None:
    markdown = render_markdown(druid_record())
    assert (
        "<summary>Conflict in <code>KubernetesPeonLifecycle.java</code>,"
        " <code>KubernetesPeonLifecycle.saveLogs()</code>: resolved by rule keep-fork-diagnostics</summary>"
    ) in markdown
    assert f"- File: `{LIFECYCLE}`" in markdown
    assert "- Resolution: resolved by rule `keep-fork-diagnostics`, 2 lines beyond upstream's patch" in markdown
    fences = [token for token in parse(markdown) if token.type == "fence"]
    assert [fence.info for fence in fences] == ["diff", "diff"]
    assert '+    log.info("📋 [LOGS] Saving logs for task [%s]"' in fences[0].content


def test_markdown_stopped_conflict_block() -> None:
    markdown = render_markdown(druid_record(shutdown=Shutdown.STOPPED))
    assert "<code>KubernetesWorkItem.shutdown()</code>: left for a human</summary>" in markdown
    assert "- Reason: Upstream's shutdown() assumes the lifecycle is set in the constructor." in markdown
    assert "skipped by the manifest as `lifecycle-start`" in markdown
    assert "No resolved code: the conflict markers are left in the file." in markdown
    assert "`5764183d4e` \\#\u206017446" in markdown


def test_markdown_revert_and_renames() -> None:
    markdown = render_markdown(druid_record())
    assert "**Warning:** upstream reverted this patch in `a1b2c3d4e5`" in markdown
    assert "the manifest acknowledges it." in markdown
    upstream = WORK_ITEM.replace("extensions-contrib", "extensions-core")
    assert f"  - `{upstream}` → `{WORK_ITEM}` (path\\_map)" in markdown


def test_markdown_build_passed() -> None:
    build = _section(render_markdown(druid_record()), "Build")
    assert "- Status: passed" in build
    assert "- Command: `mvn -pl extensions-contrib/kubernetes-overlord-extensions -am -DskipTests clean package`" in build
    assert "- Duration: 2 min 14 s" in build
    assert "- Log: `.git/patchkit/build.log`" in build
    assert "Compiler errors" not in build


def test_markdown_build_compiler_errors() -> None:
    build = _section(render_markdown(druid_record(build=BuildStatus.FAILED)), "Build")
    assert "Compiler errors (all 2):" in build
    assert (
        f"- `{WORK_ITEM}:88:9`: cannot find symbol: variable shutdownRequested"
        " (file last changed by \\#\u206018576)"
    ) in build
    assert f"- `{LIFECYCLE}:214`: unreported exception java.io.IOException" in build


def test_markdown_build_caps_errors_and_tests() -> None:
    record = druid_record(build=BuildStatus.FAILED)
    errors = record.build.errors * 8
    tests = tuple(f"KubernetesWorkItemTest#case{number}" for number in range(25))
    build = dataclasses.replace(record.build, errors=errors, failed_tests=tests)
    section = _section(render_markdown(dataclasses.replace(record, build=build)), "Build")
    assert "Compiler errors (first 10 of 16; the log has the rest):" in section
    assert section.count(":88:9`") == 5
    assert "Failing tests (first 20 of 25; the log has the rest):" in section
    assert "`KubernetesWorkItemTest#case19`" in section
    assert "case20" not in section


def test_markdown_impact_table() -> None:
    impact = _section(render_markdown(druid_record()), "Deployment impact")
    rows = [line for line in impact.splitlines() if line.startswith("| ")]
    assert rows[0] == "| Component | Deploying means | Touched | Patches | Files |"
    assert rows[2].startswith("| overlord | Overlord jar | yes | \\#\u206017431, #\u206018576, #\u206016711 | ")
    assert rows[3] == "| task-image | task pod image | no |   |   |"


def test_markdown_impact_caps_files() -> None:
    record = druid_record()
    files = tuple(f"extensions-contrib/x/F{number}.java" for number in range(13))
    impact = (dataclasses.replace(record.impact[0], files=files),)
    markdown = render_markdown(dataclasses.replace(record, impact=impact))
    assert "extensions-contrib/x/F9.java and 3 more |" in markdown
    assert "F10.java" not in markdown


def test_markdown_without_components() -> None:
    markdown = render_markdown(dataclasses.replace(druid_record(), impact=()))
    assert "The manifest lists no components." in _section(markdown, "Deployment impact")


def test_markdown_warnings_list() -> None:
    markdown = render_markdown(druid_record())
    assert _section(markdown, "Warnings").splitlines()[2].startswith("- Upstream reverted #\u206017431 by")
    quiet = render_markdown(dataclasses.replace(druid_record(), warnings=()))
    assert "## Warnings" not in quiet


def test_markdown_hostile_text_stays_literal() -> None:
    record: RunRecord = hostile_record()
    markdown = render_markdown(record)
    html = parser().render(markdown)
    assert "<img" not in html
    assert "<details open>" not in html
    assert re.search(r"<[a-z]+[^>]*\s(?:href|src|on\w+)=", html) is None
    assert "\x1b" not in markdown
    assert "\x00" not in markdown
    assert "\u202e" not in markdown
    assert HOSTILE not in markdown
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_markdown_hostile_code_keeps_fence() -> None:
    fences = [token for token in parse(render_markdown(hostile_record())) if token.type == "fence"]
    assert len(fences) == 2
    for fence in fences:
        assert fence.markup == "``````"
        assert fence.content.endswith("+````` still code\n")


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [(0, "0 s"), (42.4, "42 s"), (134.4, "2 min 14 s"), (3780, "1 h 3 min")],
)
def test_format_duration_cases(seconds: float, expected: str) -> None:
    assert format_duration(seconds) == expected
