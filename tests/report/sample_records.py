"""Realistic run records of the Druid 30 refresh, for report tests and any other tests.

`druid_record()` builds the record of `patchsets/druid-30.yaml` run on a fork of
Druid 30.0.0, with the outcomes a test chooses. `hostile_record()` puts
Markdown, HTML and control characters in every text field a commit can fill.
"""

from __future__ import annotations

import dataclasses
import enum

from patchkit.model import (
    BuildOutcome,
    BuildStatus,
    Component,
    CompilerError,
    ConflictRecord,
    Decision,
    Impact,
    PatchOutcome,
    PatchStatus,
    Provenance,
    Rename,
    ResolutionKind,
    RevertInfo,
    RunRecord,
    RunStatus,
)
from patchkit.report.impact import compute_impact

MODULE = "extensions-contrib/kubernetes-overlord-extensions"
PACKAGE = f"{MODULE}/src/main/java/org/apache/druid/k8s/overlord"
UPSTREAM_PACKAGE = PACKAGE.replace("extensions-contrib", "extensions-core")
LIFECYCLE = f"{PACKAGE}/KubernetesPeonLifecycle.java"
WORK_ITEM = f"{PACKAGE}/KubernetesWorkItem.java"
TASK_RUNNER = f"{PACKAGE}/KubernetesTaskRunner.java"

COMPONENTS = (
    Component("overlord", "Overlord jar", (f"{MODULE}/**",)),
    Component("task-image", "task pod image", ("indexing-service/**",)),
)

SAVE_LOGS_DIFF = """\
--- upstream/KubernetesPeonLifecycle.java
+++ resolved/KubernetesPeonLifecycle.java
@@ -1,14 +1,17 @@
   protected void saveLogs()
   {
+    log.info("📋 [LOGS] Saving logs for task [%s]", taskId.getOriginalTaskId());
     try {
       Path file = Files.createTempFile(taskId.getOriginalTaskId(), "log");
       try {
         Optional<InputStream> maybeLogStream = streamLogs();
         if (maybeLogStream.isPresent()) {
           FileUtils.copyInputStreamToFile(maybeLogStream.get(), file.toFile());
+          log.info("📋 [LOGS] Log file size [%d] bytes", file.toFile().length());
         } else {
           log.makeAlert("Unable to get logs for task [%s]", taskId).emit();
           Files.writeString(file, "Task logs not found.");
         }
"""

SHUTDOWN_DIFF = """\
--- upstream/KubernetesWorkItem.java
+++ resolved/KubernetesWorkItem.java
@@ -1,9 +1,12 @@
   protected synchronized void shutdown()
   {
     if (shutdownRequested.compareAndSet(false, true)) {
-      kubernetesPeonLifecycle.shutdown();
+      if (kubernetesPeonLifecycle != null) {
+        kubernetesPeonLifecycle.shutdown();
+      } else {
+        shutdownRequested.set(false);
+      }
     }
   }
"""


class Shutdown(enum.Enum):
    """How #18576's conflict in `KubernetesWorkItem.shutdown()` ended."""

    STOPPED = "stopped"
    RECORDED = "recorded"


def stuck_tasks() -> PatchOutcome:
    """#17431: resolved by rule keep-fork-diagnostics, reverted upstream by #17747."""
    conflict = ConflictRecord(
        path=LIFECYCLE,
        kind="method",
        resolution=ResolutionKind.RULE,
        upstream_path=LIFECYCLE,
        member="KubernetesPeonLifecycle.saveLogs()",
        rule="keep-fork-diagnostics",
        reason="Kept 2 fork statements matching '📋 \\[LOGS\\]'; took the rest from upstream.",
        diff=SAVE_LOGS_DIFF,
        extra_lines=2,
    )
    return PatchOutcome(
        id="stuck-tasks",
        decision=Decision.APPLY,
        status=PatchStatus.RESOLVED,
        pr=17431,
        priority=1,
        impact=Impact.HIGH,
        reason="Tasks hang when saveLogs() restarts a log watch on a pod that is gone.",
        upstream_commit="8850023811a4c1d2e3f40516273849506a7b8c9d",
        upstream_sha="8850023811",
        subject="Fix stuck tasks: fall back to getPeonLogs() when the log watch is null (#17431)",
        author="Kashif Faraz <kashif@example.org>",
        new_commit="c0ffee1234567890abcdef1234567890abcdef12",
        files=(LIFECYCLE,),
        conflicts=(conflict,),
        reverted_by=RevertInfo(
            commit="a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
            subject='Revert "Fix stuck tasks" (#17747)',
            pr=17747,
            acknowledged=True,
        ),
    )


def idempotent_shutdown(shutdown: Shutdown) -> PatchOutcome:
    """#18576: its context comes from the skipped #17446, and its file was renamed by #17614."""
    resolved = shutdown is Shutdown.RECORDED
    conflict = ConflictRecord(
        path=WORK_ITEM,
        kind="method",
        resolution=ResolutionKind.RECORDED if resolved else ResolutionKind.UNRESOLVED,
        upstream_path=WORK_ITEM.replace(PACKAGE, UPSTREAM_PACKAGE),
        member="KubernetesWorkItem.shutdown()",
        reason=(
            "Reused the resolution recorded for this conflict."
            if resolved
            else "Upstream's shutdown() assumes the lifecycle is set in the constructor."
        ),
        diff=SHUTDOWN_DIFF if resolved else None,
        extra_lines=5 if resolved else 0,
        provenance=(
            Provenance(
                commit="5764183d4e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b",
                subject="Wait for task lifecycles to reach RUNNING in start() (#17446)",
                pr=17446,
                manifest_status="skip",
                patch_id="lifecycle-start",
            ),
        ),
    )
    return PatchOutcome(
        id="idempotent-shutdown",
        decision=Decision.APPLY,
        status=PatchStatus.RESOLVED if resolved else PatchStatus.CONFLICT,
        pr=18576,
        priority=2,
        impact=Impact.MEDIUM,
        reason="A second shutdown() of the same work item must not reach the pod again.",
        upstream_commit="1b220b2504c3d4e5f60718293a4b5c6d7e8f9012",
        upstream_sha="1b220b2504",
        subject="Make KubernetesWorkItem.shutdown() idempotent (#18576)",
        author="Jane Doe <jane@example.org>",
        new_commit="d00d1234567890abcdef1234567890abcdef1234" if resolved else None,
        files=(WORK_ITEM,) if resolved else (),
        conflicts=(conflict,),
        renames=(Rename(WORK_ITEM.replace(PACKAGE, UPSTREAM_PACKAGE), WORK_ITEM, "path_map"),),
    )


def task_location(status: PatchStatus = PatchStatus.APPLIED) -> PatchOutcome:
    """#16711: applies cleanly, or is pending when the run stopped before it."""
    applied = status is PatchStatus.APPLIED
    return PatchOutcome(
        id="task-location",
        decision=Decision.APPLY,
        status=status,
        pr=16711,
        priority=3,
        impact=Impact.LOW,
        reason="getTaskLocation(String) stops throwing when the pod lookup fails.",
        upstream_commit="6cf6838eb90a1b2c3d4e5f60718293a4b5c6d7e8",
        upstream_sha="6cf6838eb9",
        subject="Handle exceptions in KubernetesTaskRunner.getTaskLocation (#16711)",
        author="Sam Roe <sam@example.org>",
        new_commit="feed1234567890abcdef1234567890abcdef1234" if applied else None,
        files=(TASK_RUNNER,) if applied else (),
    )


def skipped(patch_id: str, pr: int, sha: str, subject: str, reason: str) -> PatchOutcome:
    return PatchOutcome(
        id=patch_id,
        decision=Decision.SKIP,
        status=PatchStatus.SKIPPED,
        pr=pr,
        reason=reason,
        upstream_sha=sha,
        subject=subject,
    )


SKIPPED = (
    skipped(
        "lifecycle-start",
        17446,
        "5764183d4e",
        "Wait for task lifecycles to reach RUNNING in start() (#17446)",
        "Large refactor of task startup; the fork does not need it.",
    ),
    skipped(
        "module-move",
        17614,
        "62a53ab41b",
        "Move kubernetes-overlord-extensions to extensions-core (#17614)",
        "Directory reorganization only.",
    ),
)


def build_outcome(status: BuildStatus) -> BuildOutcome:
    """A Maven build of the overlord module; a failed one has two compiler errors."""
    errors: tuple[CompilerError, ...] = ()
    if status is BuildStatus.FAILED:
        errors = (
            CompilerError(WORK_ITEM, 88, 9, "cannot find symbol: variable shutdownRequested", "idempotent-shutdown"),
            CompilerError(LIFECYCLE, 214, None, "unreported exception java.io.IOException", "stuck-tasks"),
        )
    return BuildOutcome(
        status=status,
        command=("mvn", "-pl", MODULE, "-am", "-DskipTests", "clean", "package"),
        modules=(MODULE,),
        duration_seconds=134.4 if status in (BuildStatus.PASSED, BuildStatus.FAILED) else 0.0,
        log_path=".git/patchkit/build.log" if status is not BuildStatus.NOT_RUN else None,
        errors=errors,
        reason="" if status is not BuildStatus.NOT_RUN else "The run stopped before the build.",
    )


def druid_record(
    *, shutdown: Shutdown = Shutdown.RECORDED, build: BuildStatus = BuildStatus.PASSED
) -> RunRecord:
    """The record of the Druid 30 refresh; a stopped #18576 leaves #16711 pending and no build."""
    stopped = shutdown is Shutdown.STOPPED
    patches = (
        stuck_tasks(),
        idempotent_shutdown(shutdown),
        task_location(PatchStatus.PENDING if stopped else PatchStatus.APPLIED),
        *SKIPPED,
    )
    if stopped:
        build = BuildStatus.NOT_RUN
    status = RunStatus.STOPPED if stopped else RunStatus.DONE
    if build is BuildStatus.FAILED:
        status = RunStatus.BUILD_FAILED
    return RunRecord(
        patchset="druid-30",
        manifest_path="patchsets/druid-30.yaml",
        repository="/srv/druid-fork",
        fork="prod-30",
        fork_commit="0a1b2c3d4e5f60718293a4b5c6d7e8f901234567",
        upstream="upstream/master",
        work_branch="refresh/druid-30",
        status=status,
        patches=patches,
        build=build_outcome(build),
        started_at="2026-12-04T20:00:00+00:00",
        finished_at=None if stopped else "2026-12-04T20:03:10+00:00",
        final_commit=None if stopped else patches[2].new_commit,
        impact=compute_impact(COMPONENTS, patches),
        warnings=("Upstream reverted #17431 by #17747; the manifest acknowledges it.",),
    )


# Text that would break a table, open HTML, link, mention or colour a terminal if
# a report pasted it unescaped.
HOSTILE = (
    "x</summary></details><details open><summary>pwn | a | b `code` ``` "
    "[click](javascript:alert(1)) ![x](http://evil.example/x.png) @octocat #123 "
    "<img src=x onerror=alert(1)> https://evil.example www.evil.example 1b220b2504 "
    "\x1b[31mred\x1b[0m \x07bell\x00nul\u202eevil\r\nline2\n\n# heading\n- item"
)


def hostile_record() -> RunRecord:
    """The Druid record with HOSTILE in every text field a commit or file could fill."""
    record = druid_record(shutdown=Shutdown.RECORDED, build=BuildStatus.FAILED)
    patches = tuple(_hostile_patch(patch) for patch in record.patches)
    build = dataclasses.replace(
        record.build,
        errors=tuple(
            dataclasses.replace(error, path=HOSTILE, message=HOSTILE) for error in record.build.errors
        ),
        failed_tests=(HOSTILE,),
        log_path=HOSTILE,
        reason=HOSTILE,
    )
    return dataclasses.replace(
        record,
        patches=patches,
        build=build,
        impact=compute_impact(COMPONENTS, patches),
        warnings=(HOSTILE,),
    )


def _hostile_patch(patch: PatchOutcome) -> PatchOutcome:
    conflicts = tuple(
        dataclasses.replace(
            conflict,
            member=HOSTILE,
            reason=HOSTILE,
            diff=(conflict.diff or "") + "+" + HOSTILE + "\n+````` still code\n",
            provenance=tuple(
                dataclasses.replace(source, subject=HOSTILE) for source in conflict.provenance
            ),
        )
        for conflict in patch.conflicts
    )
    renames = tuple(dataclasses.replace(rename, upstream_path=HOSTILE) for rename in patch.renames)
    files = tuple(f"{path[: -len('.java')]}{HOSTILE}.java" for path in patch.files)
    return dataclasses.replace(
        patch,
        subject=HOSTILE,
        author=HOSTILE,
        reason=HOSTILE,
        notes=(HOSTILE,),
        conflicts=conflicts,
        renames=renames,
        files=files,
    )
