"""Domain values shared by the manifest, the merger, the sequencer, the build and the report.

All of them are frozen dataclasses or string enums, so a run record converts to
JSON and back without loss (see `records.py`).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Decision(str, enum.Enum):
    APPLY = "apply"
    SKIP = "skip"


class Impact(str, enum.Enum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class RuleKind(str, enum.Enum):
    """The action a merge rule takes on a member changed on both sides."""

    KEEP_FORK_STATEMENTS = "keep-fork-statements"
    PREFER_UPSTREAM = "prefer-upstream"
    PREFER_FORK = "prefer-fork"
    UNION = "union"


@dataclass(frozen=True)
class PatchSpec:
    """One `patches` entry of the manifest."""

    id: str
    decision: Decision
    pr: int | None = None
    commit: str | None = None
    upstream_sha: str | None = None
    priority: int | None = None
    impact: Impact | None = None
    reason: str | None = None
    expect_conflicts: tuple[str, ...] = ()
    acknowledge_revert: bool = False
    line: int = 0

    @property
    def label(self) -> str:
        """Name the patch the way people do: by PR number when there is one."""
        return f"#{self.pr}" if self.pr is not None else self.id


@dataclass(frozen=True)
class MergeRule:
    """A manifest rule that may turn a member-level conflict into a resolution.

    `paths` contains globs matched against the file's path in the fork (`**` crosses
    folders); an empty tuple matches every file. `type_name` and `member` narrow
    the scope to a class (simple name) and a member name; None matches any.
    """

    name: str
    kind: RuleKind
    paths: tuple[str, ...] = ()
    type_name: str | None = None
    member: str | None = None
    pattern: str | None = None
    line: int = 0


@dataclass(frozen=True)
class PathMapping:
    """A folder prefix upstream uses (`upstream`) for one the fork still uses (`fork`)."""

    upstream: str
    fork: str


@dataclass(frozen=True)
class BuildConfig:
    """The manifest's `build` section.

    `modules` None means the modules the applied patches touched. `maven` None
    means the repository's `./mvnw` when it has one, else `mvn` on PATH.
    """

    enabled: bool = True
    modules: tuple[str, ...] | None = None
    also_make: bool = True
    goals: tuple[str, ...] = ("clean", "package")
    flags: tuple[str, ...] = ()
    tests: bool = False
    timeout_minutes: int = 30
    maven: str | None = None
    java_home: str | None = None


@dataclass(frozen=True)
class Component:
    """A deployable unit: which paths belong to it and what deploying it means."""

    name: str
    deploy: str
    paths: tuple[str, ...]


@dataclass(frozen=True)
class Manifest:
    path: str
    patchset: str
    upstream: str
    fork: str
    work_branch: str
    patches: tuple[PatchSpec, ...]
    fork_point: str | None = None
    path_map: tuple[PathMapping, ...] = ()
    rules: tuple[MergeRule, ...] = ()
    build: BuildConfig = field(default_factory=BuildConfig)
    components: tuple[Component, ...] = ()
    resolutions_dir: str = ""

    def apply_order(self) -> list[PatchSpec]:
        """Return the `apply` patches by priority, ties kept in manifest order."""
        chosen = [p for p in self.patches if p.decision is Decision.APPLY]
        return sorted(chosen, key=lambda p: p.priority if p.priority is not None else 10**9)


class PatchStatus(str, enum.Enum):
    APPLIED = "applied"
    RESOLVED = "resolved"
    ALREADY_PRESENT = "already-present"
    SKIPPED = "skipped"
    DROPPED = "dropped"
    CONFLICT = "conflict"
    PENDING = "pending"


class ResolutionKind(str, enum.Enum):
    """The way one conflict ended."""

    RULE = "rule"
    MEMBER_MERGE = "member-merge"
    LINE_MERGE = "line-merge"
    RECORDED = "recorded"
    HUMAN = "human"
    UNRESOLVED = "unresolved"


@dataclass(frozen=True)
class Provenance:
    """An upstream commit that wrote context a conflict depends on."""

    commit: str
    subject: str
    pr: int | None = None
    manifest_status: str = "not listed"
    patch_id: str | None = None


@dataclass(frozen=True)
class ConflictRecord:
    """One conflict of one patch: a member of a Java file, or a whole file."""

    path: str
    kind: str
    resolution: ResolutionKind
    upstream_path: str | None = None
    member: str | None = None
    rule: str | None = None
    reason: str = ""
    diff: str | None = None
    extra_lines: int = 0
    provenance: tuple[Provenance, ...] = ()


@dataclass(frozen=True)
class Rename:
    """A path of upstream's commit that was merged into a different path of the fork."""

    upstream_path: str
    fork_path: str
    how: str


@dataclass(frozen=True)
class RevertInfo:
    commit: str
    subject: str
    pr: int | None = None
    acknowledged: bool = False


@dataclass(frozen=True)
class PatchOutcome:
    id: str
    decision: Decision
    status: PatchStatus
    pr: int | None = None
    priority: int | None = None
    impact: Impact | None = None
    reason: str | None = None
    upstream_commit: str | None = None
    upstream_sha: str | None = None
    subject: str | None = None
    author: str | None = None
    new_commit: str | None = None
    files: tuple[str, ...] = ()
    conflicts: tuple[ConflictRecord, ...] = ()
    renames: tuple[Rename, ...] = ()
    notes: tuple[str, ...] = ()
    reverted_by: RevertInfo | None = None


class BuildStatus(str, enum.Enum):
    PASSED = "passed"
    FAILED = "failed"
    TIMED_OUT = "timed-out"
    SKIPPED = "skipped"
    NOT_RUN = "not-run"


@dataclass(frozen=True)
class CompilerError:
    path: str
    line: int
    column: int | None
    message: str
    patch_id: str | None = None


@dataclass(frozen=True)
class BuildOutcome:
    status: BuildStatus
    command: tuple[str, ...] = ()
    modules: tuple[str, ...] = ()
    duration_seconds: float = 0.0
    log_path: str | None = None
    errors: tuple[CompilerError, ...] = ()
    failed_tests: tuple[str, ...] = ()
    reason: str = ""


@dataclass(frozen=True)
class ComponentImpact:
    name: str
    deploy: str
    touched: bool
    patches: tuple[str, ...] = ()
    files: tuple[str, ...] = ()


class RunStatus(str, enum.Enum):
    DONE = "done"
    STOPPED = "stopped"
    BUILD_FAILED = "build-failed"
    ABORTED = "aborted"


SCHEMA_VERSION = 1


@dataclass(frozen=True)
class RunRecord:
    """The facts a report gives about one run of a patchset."""

    patchset: str
    manifest_path: str
    repository: str
    fork: str
    fork_commit: str
    upstream: str
    work_branch: str
    status: RunStatus
    patches: tuple[PatchOutcome, ...]
    build: BuildOutcome
    started_at: str
    finished_at: str | None = None
    final_commit: str | None = None
    impact: tuple[ComponentImpact, ...] = ()
    warnings: tuple[str, ...] = ()
    schema_version: int = SCHEMA_VERSION
