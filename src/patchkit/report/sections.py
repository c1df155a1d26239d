"""Markdown for one patch: its facts, its renames and a collapsible block per conflict."""

from __future__ import annotations

import posixpath
import re

from patchkit.model import (
    ConflictRecord,
    PatchOutcome,
    Provenance,
    ResolutionKind,
    RevertInfo,
)
from patchkit.report.escape import code_block, code_span, html_text, inline_text
from patchkit.report.grade import describe_grade
from patchkit.report.impact import patch_label

_COMMIT_ID = re.compile(r"[0-9a-fA-F]{4,64}")
_SHORT_ID_LENGTH = 10

_MANIFEST_STATUS_TEXT = {
    "skip": "skipped by the manifest",
    "apply": "applied by the manifest",
    "not listed": "not listed in the manifest",
}


def commit_id(commit: str | None) -> str:
    """Render a commit id as a short code span, or as escaped text when it is not hex."""
    if not commit:
        return "none"
    if _COMMIT_ID.fullmatch(commit):
        return f"`{commit[:_SHORT_ID_LENGTH]}`"
    return inline_text(commit)


def render_patch(patch: PatchOutcome) -> str:
    """Render the section of one patch: a heading, a fact list and its conflicts."""
    heading = f"### {inline_text(patch_label(patch))}"
    if patch.pr is not None:
        heading += f" {inline_text(patch.id)}"
    heading += f": {inline_text(patch.status.value)}"
    blocks = [heading, "\n".join(_patch_facts(patch))]
    blocks.extend(render_conflict(conflict) for conflict in patch.conflicts)
    return "\n\n".join(blocks) + "\n"


def _patch_facts(patch: PatchOutcome) -> list[str]:
    facts = [f"- Upstream subject: {inline_text(patch.subject or 'unknown')}"]
    commit = f"- Upstream commit: {commit_id(patch.upstream_commit or patch.upstream_sha)}"
    if patch.author:
        commit += f" by {inline_text(patch.author)}"
    facts.append(commit)
    facts.append(f"- {_decision_text(patch)}")
    grade = describe_grade(patch)
    if grade:
        facts.append(f"- Complexity: {grade}")
    if patch.new_commit:
        facts.append(f"- New commit: {commit_id(patch.new_commit)}")
    if patch.reverted_by is not None:
        facts.append(f"- {_revert_text(patch.reverted_by)}")
    facts.extend(_rename_lines(patch))
    facts.extend(f"- Note: {inline_text(note)}" for note in patch.notes)
    return facts


def _decision_text(patch: PatchOutcome) -> str:
    text = f"Decision: {inline_text(patch.decision.value)}"
    details = []
    if patch.priority is not None:
        details.append(f"priority {patch.priority}")
    if patch.impact is not None:
        details.append(f"impact {inline_text(patch.impact.value)}")
    if details:
        text += f" ({', '.join(details)})"
    return f"{text}, because: {inline_text(patch.reason or 'no reason given')}"


def _revert_text(revert: RevertInfo) -> str:
    label = f" ({inline_text(f'#{revert.pr}')})" if revert.pr is not None else ""
    acknowledged = (
        "the manifest acknowledges it" if revert.acknowledged else "the manifest does not acknowledge it"
    )
    return (
        f"**Warning:** upstream reverted this patch in {commit_id(revert.commit)}{label}: "
        f"{inline_text(revert.subject)}; {acknowledged}."
    )


def _rename_lines(patch: PatchOutcome) -> list[str]:
    if not patch.renames:
        return []
    lines = ["- Renames followed:"]
    for rename in patch.renames:
        lines.append(
            f"  - {code_span(rename.upstream_path)} → {code_span(rename.fork_path)}"
            f" ({inline_text(rename.how)})"
        )
    return lines


def render_conflict(conflict: ConflictRecord) -> str:
    """Render one conflict as a `<details>` block whose summary names file, member and outcome."""
    summary = f"Conflict in <code>{html_text(posixpath.basename(conflict.path))}</code>"
    if conflict.member:
        summary += f", <code>{html_text(conflict.member)}</code>"
    summary += f": {html_text(_resolution_summary(conflict))}"
    body = "\n".join(_conflict_facts(conflict))
    diff = _conflict_diff(conflict)
    # The blank lines around the body end the HTML block, so the body renders as Markdown.
    return f"<details>\n<summary>{summary}</summary>\n\n{body}\n\n{diff}\n</details>"


def _resolution_summary(conflict: ConflictRecord) -> str:
    if conflict.resolution is ResolutionKind.RULE:
        return f"resolved by rule {conflict.rule or 'unnamed'}"
    if conflict.resolution is ResolutionKind.MEMBER_MERGE:
        return "resolved by the member-level merge"
    if conflict.resolution is ResolutionKind.LINE_MERGE:
        return "resolved by the line-level merge"
    if conflict.resolution is ResolutionKind.RECORDED:
        return "resolved by a recorded resolution"
    if conflict.resolution is ResolutionKind.HUMAN:
        return "resolved by hand"
    return "left for a human"


def _conflict_facts(conflict: ConflictRecord) -> list[str]:
    file_line = f"- File: {code_span(conflict.path)}"
    if conflict.upstream_path and conflict.upstream_path != conflict.path:
        file_line += f" (upstream: {code_span(conflict.upstream_path)})"
    facts = [file_line]
    if conflict.member:
        facts.append(f"- Member: {code_span(conflict.member)} ({inline_text(conflict.kind)})")
    else:
        facts.append(f"- Kind: {inline_text(conflict.kind)}")
    facts.append(f"- Resolution: {_resolution_text(conflict)}")
    if conflict.reason:
        facts.append(f"- Reason: {inline_text(conflict.reason)}")
    facts.extend(_provenance_lines(conflict.provenance))
    return facts


def _resolution_text(conflict: ConflictRecord) -> str:
    if conflict.resolution is ResolutionKind.RULE:
        text = f"resolved by rule {code_span(conflict.rule or 'unnamed')}"
    else:
        text = inline_text(_resolution_summary(conflict))
    if conflict.extra_lines:
        unit = "line" if conflict.extra_lines == 1 else "lines"
        text += f", {conflict.extra_lines} {unit} beyond upstream's patch"
    return text


def _provenance_lines(provenance: tuple[Provenance, ...]) -> list[str]:
    if not provenance:
        return []
    lines = ["- Builds on upstream commits:"]
    for source in provenance:
        label = f" {inline_text(f'#{source.pr}')}" if source.pr is not None else ""
        lines.append(
            f"  - {commit_id(source.commit)}{label} {inline_text(source.subject)}:"
            f" {_manifest_status(source)}"
        )
    return lines


def _manifest_status(source: Provenance) -> str:
    known = _MANIFEST_STATUS_TEXT.get(source.manifest_status)
    text = known or f"manifest status {inline_text(source.manifest_status)}"
    if source.patch_id:
        text += f" as {code_span(source.patch_id)}"
    return text


# Conflicts where one side deleted the file; a settled one keeps or deletes it whole.
_DELETION_KINDS = ("delete/modify", "modify/delete")


def _conflict_diff(conflict: ConflictRecord) -> str:
    if conflict.diff:
        return "Resolved code against upstream's version:\n\n" + code_block(conflict.diff, "diff")
    if conflict.resolution is ResolutionKind.UNRESOLVED:
        return "No resolved code: the conflict markers are left in the file.\n"
    if conflict.kind in _DELETION_KINDS:
        return "No code to compare: the rule kept or deleted the whole file, and no line of it was merged.\n"
    return "No diff was recorded.\n"
