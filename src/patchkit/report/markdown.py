"""The Markdown report, written to be pasted as a pull request description.

It is written for GitHub and GitLab and contains a verdict line, a summary table, a
section per patch with a collapsible block per conflict, the build, the
deployment impact and the warnings. All text from commits, files and the
manifest goes through `escape`.
"""

from __future__ import annotations

import shlex
from collections import Counter
from collections.abc import Sequence

from patchkit.model import (
    BuildOutcome,
    BuildStatus,
    ComponentImpact,
    Decision,
    PatchOutcome,
    PatchStatus,
    RunRecord,
    RunStatus,
)
from patchkit.report.escape import code_span, inline_text, table_cell
from patchkit.report.grade import Grade, describe_grade, grade_patch
from patchkit.report.impact import patch_label
from patchkit.report.sections import commit_id, render_patch

MAX_COMPILER_ERRORS = 10
MAX_FAILED_TESTS = 20
MAX_FILES_PER_COMPONENT = 10

# Verdict phrases in the order the verdict lists them.
_OUTCOME_PHRASES: dict[Grade | PatchStatus, str] = {
    Grade.CLEAN: "applied",
    Grade.MEMBER_MERGE: Grade.MEMBER_MERGE.value,
    Grade.LINE_MERGE: Grade.LINE_MERGE.value,
    Grade.RULE: Grade.RULE.value,
    Grade.RECORDED: Grade.RECORDED.value,
    Grade.HUMAN: Grade.HUMAN.value,
    Grade.CONFLICT: "stopped at a conflict",
    PatchStatus.ALREADY_PRESENT: "already present",
    PatchStatus.DROPPED: "dropped",
    PatchStatus.SKIPPED: "skipped",
    PatchStatus.PENDING: "not reached",
}
_BUILD_PHRASES = {
    BuildStatus.PASSED: "build passed",
    BuildStatus.FAILED: "build failed",
    BuildStatus.TIMED_OUT: "build timed out",
    BuildStatus.SKIPPED: "build skipped",
    BuildStatus.NOT_RUN: "build not run",
}
_RUN_PHRASES = {
    RunStatus.STOPPED: "; the run stopped for a human",
    RunStatus.ABORTED: "; the run was aborted",
}


def render_markdown(record: RunRecord) -> str:
    """Render the pull request description of a run."""
    sections = [
        render_verdict(record),
        _render_context(record),
        "## Summary\n\n" + _render_summary_table(record.patches),
        "## Patches",
        *(render_patch(patch) for patch in record.patches),
        *([] if record.patches else ["The manifest lists no patches."]),
        "## Build\n\n" + render_build(record.build, record.patches),
        "## Deployment impact\n\n" + render_impact(record.impact),
    ]
    if record.warnings:
        sections.append("## Warnings\n\n" + _bullet_list(record.warnings))
    return "\n\n".join(section.rstrip("\n") for section in sections) + "\n"


def render_verdict(record: RunRecord) -> str:
    """Return the one-line verdict: the fork, what happened to each applied patch, the build."""
    chosen = [patch for patch in record.patches if patch.decision is Decision.APPLY]
    outcomes = Counter(_outcome_key(patch) for patch in chosen)
    counts = [f"{outcomes[key]} {phrase}" for key, phrase in _OUTCOME_PHRASES.items() if outcomes[key]]
    count = {0: "no upstream patches", 1: "1 upstream patch"}.get(len(chosen), f"{len(chosen)} upstream patches")
    verdict = f"Refresh of {code_span(record.fork)} with {count}"
    if counts:
        verdict += ": " + ", ".join(counts)
    verdict += f"; {_build_phrase(record.build)}{_RUN_PHRASES.get(record.status, '')}."
    skipped = len(record.patches) - len(chosen)
    if skipped:
        verdict += f" {skipped} more {'is' if skipped == 1 else 'are'} skipped by the manifest."
    return verdict


def _outcome_key(patch: PatchOutcome) -> Grade | PatchStatus:
    grade = grade_patch(patch)
    return grade if grade is not None else patch.status


def _build_phrase(build: BuildOutcome) -> str:
    phrase = _BUILD_PHRASES[build.status]
    if build.errors:
        unit = "error" if len(build.errors) == 1 else "errors"
        phrase += f" with {len(build.errors)} compiler {unit}"
    return phrase


def _render_context(record: RunRecord) -> str:
    context = (
        f"Patchset {code_span(record.patchset)} from {code_span(record.manifest_path)}:"
        f" upstream {code_span(record.upstream)} onto {code_span(record.fork)}"
        f" at {commit_id(record.fork_commit)}, work branch {code_span(record.work_branch)}"
    )
    if record.final_commit:
        context += f" at {commit_id(record.final_commit)}"
    return context + "."


def _render_summary_table(patches: Sequence[PatchOutcome]) -> str:
    rows = [
        "| Patch | PR | Priority | Outcome | New commit | Complexity |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for patch in patches:
        cells = [
            table_cell(patch.id),
            table_cell(f"#{patch.pr}") if patch.pr is not None else " ",
            str(patch.priority) if patch.priority is not None else " ",
            table_cell(patch.status.value),
            commit_id(patch.new_commit) if patch.new_commit else " ",
            table_cell(describe_grade(patch)),
        ]
        rows.append(_table_row(cells))
    return "\n".join(rows) + "\n"


def render_build(build: BuildOutcome, patches: Sequence[PatchOutcome]) -> str:
    """Render the build: status, command, log, the first compiler errors and failing tests."""
    facts = [f"- Status: {inline_text(build.status.value)}"]
    if build.command:
        facts.append(f"- Command: {code_span(shlex.join(build.command))}")
    if build.modules:
        facts.append("- Modules: " + ", ".join(code_span(module) for module in build.modules))
    if build.status not in (BuildStatus.SKIPPED, BuildStatus.NOT_RUN):
        facts.append(f"- Duration: {format_duration(build.duration_seconds)}")
    if build.log_path:
        facts.append(f"- Log: {code_span(build.log_path)}")
    if build.reason:
        facts.append(f"- Reason: {inline_text(build.reason)}")
    blocks = ["\n".join(facts)]
    if build.errors:
        blocks.append(_render_compiler_errors(build, patches))
    if build.failed_tests:
        blocks.append(_render_failed_tests(build.failed_tests))
    return "\n\n".join(blocks) + "\n"


def _render_compiler_errors(build: BuildOutcome, patches: Sequence[PatchOutcome]) -> str:
    labels = {patch.id: patch_label(patch) for patch in patches}
    shown = build.errors[:MAX_COMPILER_ERRORS]
    lines = [f"Compiler errors ({_shown_of(len(shown), len(build.errors))}):", ""]
    for error in shown:
        place = f"{error.path}:{error.line}" + (f":{error.column}" if error.column is not None else "")
        line = f"- {code_span(place)}: {inline_text(error.message)}"
        if error.patch_id:
            label = labels.get(error.patch_id, error.patch_id)
            line += f" (file last changed by {inline_text(label)})"
        lines.append(line)
    return "\n".join(lines)


def _render_failed_tests(failed_tests: Sequence[str]) -> str:
    shown = failed_tests[:MAX_FAILED_TESTS]
    header = f"Failing tests ({_shown_of(len(shown), len(failed_tests))}):"
    return header + "\n\n" + "\n".join(f"- {code_span(test)}" for test in shown)


def _shown_of(shown: int, total: int) -> str:
    return f"all {total}" if shown == total else f"first {shown} of {total}; the log has the rest"


def render_impact(impact: Sequence[ComponentImpact]) -> str:
    """Render the deployment impact table: one row per component of the manifest."""
    if not impact:
        return "The manifest lists no components.\n"
    rows = [
        "| Component | Deploying means | Touched | Patches | Files |",
        "| --- | --- | --- | --- | --- |",
    ]
    for component in impact:
        cells = [
            table_cell(component.name),
            table_cell(component.deploy),
            "yes" if component.touched else "no",
            table_cell(", ".join(component.patches)),
            table_cell(_file_list(component.files)),
        ]
        rows.append(_table_row(cells))
    return "\n".join(rows) + "\n"


def _file_list(files: Sequence[str]) -> str:
    shown = ", ".join(files[:MAX_FILES_PER_COMPONENT])
    hidden = len(files) - MAX_FILES_PER_COMPONENT
    return f"{shown} and {hidden} more" if hidden > 0 else shown


def format_duration(seconds: float) -> str:
    """Format a duration in hours, minutes and seconds: `42 s`, `2 min 14 s`, `1 h 3 min`."""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes} min"
    if minutes:
        return f"{minutes} min {secs} s"
    return f"{secs} s"


def _table_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _bullet_list(items: Sequence[str]) -> str:
    return "\n".join(f"- {inline_text(item)}" for item in items) + "\n"
