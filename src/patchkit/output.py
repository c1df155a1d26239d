"""Terminal output with rich: run summaries, status, build progress and errors.

Text that comes from commits or files (subjects, author names, paths, code) is
untrusted: it is shown as plain `Text` (never parsed as rich markup) with control
characters made visible, so it cannot recolour or rewrite the terminal.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Callable, Iterator

from rich.console import Console
from rich.logging import RichHandler
from rich.status import Status
from rich.table import Table
from rich.text import Text

from patchkit.build import BuildProgress
from patchkit.model import PatchOutcome, PatchStatus, RunRecord
from patchkit.state import RunState

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

stdout = Console(highlight=False, soft_wrap=True)
stderr = Console(stderr=True, highlight=False, soft_wrap=True)

_STATUS_STYLE = {
    PatchStatus.APPLIED: "green",
    PatchStatus.RESOLVED: "cyan",
    PatchStatus.ALREADY_PRESENT: "blue",
    PatchStatus.SKIPPED: "dim",
    PatchStatus.DROPPED: "yellow",
    PatchStatus.CONFLICT: "bold red",
    PatchStatus.PENDING: "dim",
}


def safe(value: object) -> str:
    """Return `value` as text with control and bidirectional characters shown as escapes."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(value))


def plain(value: object, style: str = "") -> Text:
    return Text(safe(value), style=style)


def setup_logging(verbose: bool) -> None:
    handler = RichHandler(console=stderr, show_time=False, show_path=False, markup=False)
    logger = logging.getLogger("patchkit")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    logger.propagate = False


def error(message: str) -> None:
    stderr.print(Text("error: ", style="bold red") + plain(message))


def info(message: str) -> None:
    stderr.print(plain(message))


def _patch_label(outcome: PatchOutcome) -> str:
    return f"#{outcome.pr}" if outcome.pr is not None else outcome.id


def patch_table(record: RunRecord) -> Table:
    table = Table(title=f"{safe(record.patchset)}: {safe(record.fork)} → {safe(record.work_branch)}")
    widths = {"patch": 7, "priority": 8, "outcome": 15, "new commit": 10}
    for column, width in widths.items():
        table.add_column(column, no_wrap=True, min_width=width)
    table.add_column("subject", no_wrap=True)
    # The subject gives way first on a narrow terminal: one line, cut with an ellipsis.
    room = max(12, stdout.width - sum(widths.values()) - 3 * (len(widths) + 1) - 1)
    for outcome in record.patches:
        table.add_row(
            plain(_patch_label(outcome)),
            plain(outcome.priority if outcome.priority is not None else ""),
            plain(outcome.status.value, _STATUS_STYLE[outcome.status]),
            plain((outcome.new_commit or "")[:10]),
            plain(_shorten(safe(outcome.subject or outcome.reason or ""), room)),
        )
    return table


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _conflict_lines(record: RunRecord) -> Iterator[Text]:
    for outcome in record.patches:
        if outcome.status is PatchStatus.DROPPED:
            yield plain(f"  {_patch_label(outcome)}: dropped with its conflicts")
            continue
        for conflict in outcome.conflicts:
            where = conflict.member or conflict.path
            how = conflict.rule or conflict.resolution.value
            yield plain(f"  {_patch_label(outcome)} {where}: {how}. {conflict.reason}")
            for source in conflict.provenance:
                yield plain(f"      builds on {source.commit[:10]} {source.subject} ({source.manifest_status})", "dim")


def show_record(record: RunRecord, report_paths: tuple[str, str] | None) -> None:
    stdout.print(patch_table(record))
    lines = list(_conflict_lines(record))
    if lines:
        stdout.print(Text("Conflicts:", style="bold"))
        for line in lines:
            stdout.print(line)
    for warning in record.warnings:
        stdout.print(Text("warning: ", style="yellow") + plain(warning))
    build = record.build
    detail = f" ({build.reason.rstrip('.')})" if build.reason else ""
    stdout.print(plain(f"Build: {build.status.value.replace('-', ' ')}{detail}"))
    for compiler_error in record.build.errors[:5]:
        stdout.print(plain(f"  {compiler_error.path}:{compiler_error.line}: {compiler_error.message}", "red"))
    if report_paths:
        stdout.print(plain(f"Report: {report_paths[0]} (Markdown), {report_paths[1]} (JSON)"))


def show_state(state: RunState | None) -> None:
    if state is None:
        stdout.print("No patchkit run is in progress.")
        return
    stdout.print(plain(f"Run of {state.manifest_path}, started {state.started_at}: {state.phase.value}"))
    for outcome in state.outcomes:
        stdout.print(plain(f"  done     {_patch_label(outcome)} {outcome.status.value} {(outcome.new_commit or '')[:10]}"))
    if state.stopped is not None:
        stdout.print(plain(f"  stopped  {_patch_label(state.stopped)} ({state.stopped.id})", "bold red"))
        for conflict in state.stopped.conflicts:
            stdout.print(plain(f"           {conflict.path} {conflict.member or ''} {conflict.resolution.value}"))
    waiting = state.queue[1:] if state.stopped is not None else state.queue
    for patch_id in waiting:
        stdout.print(plain(f"  waiting  {patch_id}"))
    if state.stopped is not None:
        next_steps = "resolve the conflicts and `git add` them, then `patchkit continue`; or `patchkit skip` | `patchkit abort`"
    else:
        next_steps = "the run was interrupted: `patchkit continue` resumes it, `patchkit abort` restores the repository"
    stdout.print(plain(f"Work branch: {state.work_branch}. Next: {next_steps}"))


@contextlib.contextmanager
def build_progress(enabled: bool) -> Iterator[Callable[[BuildProgress], None] | None]:
    """Yield a callback that keeps one live line with Maven's module and the elapsed time.

    The line appears with Maven's first output, not while the cherry-picks run.
    """
    if not enabled:
        yield None
        return
    status: Status | None = None

    def update(progress: BuildProgress) -> None:
        nonlocal status
        module = safe(progress.module or "the project")
        line = Text(f"Maven: building {module} · {progress.elapsed_seconds:.0f}s")
        if status is None:
            status = stderr.status(line)
            status.start()
        else:
            status.update(line)

    try:
        yield update
    finally:
        if status is not None:
            status.stop()
