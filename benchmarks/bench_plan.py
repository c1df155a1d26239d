"""Time `patchkit plan` against a loop of `git cherry-pick`, on the sample fork and on a larger one.

Usage:
    .venv/bin/python benchmarks/bench_plan.py [--repeats N] [--files N] [--modules N]

Both sides work on the sample Druid fork that `patchkit demo` builds, in a new
temporary folder. The plan replays the bundled druid-30 manifest in memory. The
git side copies the repository, checks out a branch at the fork and runs
`git cherry-pick -x` for each apply patch in priority order. A pick that
conflicts is skipped with `git cherry-pick --skip`, as plan goes on without
it. Each side runs N times and the median counts. The git CLI is used here only
as the reference to compare with.

The second scenario adds `--files` generated Java files in `--modules` extra
Maven modules to every commit of the same fork's history. There the git loop
updates an index and a work tree of that size, as it would on a real fork.
The plan is timed three times: in process (`plan_run`) with an empty cache
under `.git/patchkit/cache/`, in process with the cache that the earlier runs
filled (the stored manifest and Java parses), and as the `patchkit plan`
command with that cache, which adds Python's start-up and imports.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import pygit2
from pygit2.enums import CheckoutStrategy, FileMode, SortMode

from patchkit.bundled import bundled_path
from patchkit.javacache import clear_java_cache
from patchkit.manifest import load_manifest
from patchkit.plan import plan_run
from patchkit.sample import SampleFork, build_sample_fork

TARGET_RATIO = 3.0
STEPS = ("load", "resolve", "picks", "provenance")
_GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.org",
    "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
}


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **_GIT_IDENTITY}
    return subprocess.run(["git", "-C", str(repo), *args], env=env, capture_output=True, text=True, check=False)


def cherry_pick_loop(repo: Path, fork_branch: str, commits: list[str]) -> int:
    """Cherry-pick `commits` onto a new branch at the fork; return how many conflicted."""
    _git(repo, "checkout", "-q", "-b", "bench-picks", fork_branch)
    conflicts = 0
    for commit in commits:
        if _git(repo, "cherry-pick", "-x", commit).returncode != 0:
            conflicts += 1
            _git(repo, "cherry-pick", "--skip")
    return conflicts


def _median_seconds(run: Callable[[], object], prepare: Callable[[], None], repeats: int) -> float:
    timings = []
    for _ in range(repeats):
        prepare()
        start = time.perf_counter()
        run()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def _apply_commits(sample: SampleFork, manifest_path: Path) -> list[str]:
    manifest = load_manifest(manifest_path)
    by_pr = {int(step.lstrip("#")): commit for step, commit in sample.commits.items() if step.startswith("#")}
    return [by_pr[spec.pr] for spec in manifest.apply_order() if spec.pr is not None]


def count_git_conflicts(copy: Path, sample: SampleFork, commits: list[str], fresh_copy: Callable[[], None]) -> int:
    """Run the git loop once more on a fresh copy and return how many picks conflicted."""
    fresh_copy()
    return cherry_pick_loop(copy, sample.fork_branch, commits)


# Growing the sample into a larger fork.

def _generated_java(module: int, number: int) -> bytes:
    """Return a plausible Java class of about 40 lines, different for each (module, number)."""
    name = f"Generated{number:05d}"
    methods = "".join(
        f"\n  public long step{step}(long value)\n  {{\n    long next = value * {number + step} + {module};\n"
        f"    if (next < 0) {{\n      return -next;\n    }}\n    return next;\n  }}\n"
        for step in range(4)
    )
    return (
        f"package org.example.bench.module{module:02d};\n\nimport java.util.List;\n\n"
        f"public class {name}\n{{\n  private final List<String> names;\n\n"
        f"  public {name}(List<String> names)\n  {{\n    this.names = names;\n  }}\n{methods}}}\n"
    ).encode()


def _module_trees(repo: pygit2.Repository, files: int, modules: int) -> dict[str, pygit2.Oid]:
    """Write `files` Java files spread over `modules` Maven modules; return {module folder: tree id}."""
    trees: dict[str, pygit2.Oid] = {}
    for module in range(modules):
        package = repo.TreeBuilder()
        for number in range(module, files, modules):
            blob = repo.create_blob(_generated_java(module, number))
            package.insert(f"Generated{number:05d}.java", blob, FileMode.BLOB)
        tree = package.write()
        for folder in reversed(("src", "main", "java", "org", "example", "bench", f"module{module:02d}")):
            parent = repo.TreeBuilder()
            parent.insert(folder, tree, FileMode.TREE)
            tree = parent.write()
        root = repo.get(tree)
        assert isinstance(root, pygit2.Tree)
        top = repo.TreeBuilder(root)
        pom = f"<project><artifactId>bench-module-{module:02d}</artifactId></project>\n".encode()
        top.insert("pom.xml", repo.create_blob(pom), FileMode.BLOB)
        trees[f"bench-module-{module:02d}"] = top.write()
    return trees


def _rewrite_history(repo: pygit2.Repository, extra: dict[str, pygit2.Oid]) -> dict[pygit2.Oid, pygit2.Oid]:
    """Copy every commit reachable from a ref with `extra` added to its root tree; return {old: new}."""
    walker = repo.walk(None, SortMode.TOPOLOGICAL | SortMode.REVERSE)
    for ref in repo.references.iterator():
        target = ref.peel(pygit2.Commit)
        walker.push(target.id)
    mapping: dict[pygit2.Oid, pygit2.Oid] = {}
    for commit in walker:
        builder = repo.TreeBuilder(commit.tree)
        for name, tree in extra.items():
            builder.insert(name, tree, FileMode.TREE)
        parents = [mapping[parent] for parent in commit.parent_ids]
        mapping[commit.id] = repo.create_commit(
            None, commit.author, commit.committer, commit.message, builder.write(), parents
        )
    return mapping


def grow_fork(sample: SampleFork, files: int, modules: int) -> SampleFork:
    """Add generated modules to every commit of the sample, move its refs and check out the fork again.

    Only lightweight tags and branches are moved, which is all the sample has.
    """
    repo = pygit2.Repository(str(sample.path))
    mapping = _rewrite_history(repo, _module_trees(repo, files, modules))
    for ref in list(repo.references.iterator()):
        target = ref.target
        if isinstance(target, pygit2.Oid):
            ref.set_target(mapping[target])
    repo.checkout(f"refs/heads/{sample.fork_branch}", strategy=CheckoutStrategy.FORCE)
    by_hex = {str(old): str(new) for old, new in mapping.items()}
    return replace(sample, commits={step: by_hex.get(commit, commit) for step, commit in sample.commits.items()})


# Timing.

class _StepLog(logging.Handler):
    """Collects the step times that `plan_run` logs at DEBUG level, one dict per run."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.runs: list[dict[str, float]] = []

    def emit(self, record: logging.LogRecord) -> None:
        seconds = getattr(record, "plan_seconds", None)
        if seconds is not None:
            self.runs.append(seconds)


@contextmanager
def _plan_steps() -> Iterator[_StepLog]:
    handler = _StepLog()
    logger = logging.getLogger("patchkit.plan")
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)


@dataclass(frozen=True)
class Figures:
    """Medians of one scenario, in seconds. `cold` and `warm` are plan in process with an empty and a filled cache."""

    name: str
    picks: int
    git_conflicts: int
    cold: float
    warm: float
    plan_command: float
    git: float
    cold_steps: dict[str, float]
    warm_steps: dict[str, float]


def _plan_command(manifest_path: Path, repo: Path) -> None:
    command = [sys.executable, "-m", "patchkit", "plan", str(manifest_path), "--repo", str(repo)]
    # Exit 1 means a conflict is forecast, which the sample manifest may do; 2 and 3 are failures.
    if subprocess.run(command, capture_output=True, check=False).returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(command)} failed")


def _time_plan(manifest_path: Path, repo: Path, repeats: int, *, keep_store: bool) -> tuple[float, dict[str, float]]:
    """Return the median of `repeats` plan runs and the median of each step.

    Each run starts with an empty parse cache in the process, as a new
    `patchkit plan` process does. Without `keep_store`, the cache folder
    `.git/patchkit/cache/` is removed before each run too.
    """
    store = repo / ".git" / "patchkit" / "cache"

    def forget() -> None:
        clear_java_cache()
        if not keep_store:
            shutil.rmtree(store, ignore_errors=True)

    with _plan_steps() as steps:
        seconds = _median_seconds(lambda: plan_run(manifest_path, repo), forget, repeats)
    medians = {step: statistics.median(run.get(step, 0.0) for run in steps.runs) for step in STEPS}
    return seconds, medians


def measure(name: str, sample: SampleFork, manifest_path: Path, repeats: int) -> Figures:
    """Time plan (in process and as a command) and the git loop on `sample`, `repeats` times each."""
    commits = _apply_commits(sample, manifest_path)
    copy = sample.path.with_name(sample.path.name + "-git-copy")

    def fresh_copy() -> None:
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(sample.path, copy, symlinks=True)

    cold, cold_steps = _time_plan(manifest_path, sample.path, repeats, keep_store=False)
    warm, warm_steps = _time_plan(manifest_path, sample.path, repeats, keep_store=True)
    command = _median_seconds(lambda: _plan_command(manifest_path, sample.path), lambda: None, repeats)
    git = _median_seconds(lambda: cherry_pick_loop(copy, sample.fork_branch, commits), fresh_copy, repeats)
    conflicts = count_git_conflicts(copy, sample, commits, fresh_copy)
    return Figures(name, len(commits), conflicts, cold, warm, command, git, cold_steps, warm_steps)


def _ratio(slower: float, faster: float) -> str:
    return f"{slower / faster:.1f}x" if faster else "inf"


def _split(total: float, steps: dict[str, float]) -> str:
    split = ", ".join(f"{step} {steps[step] * 1000:.0f}" for step in STEPS)
    other = total - sum(steps.values())
    return f"  split in ms: {split}, other {other * 1000:.0f} (scratch repository, commits, forecasts)"


def report(figures: Figures, repeats: int) -> None:
    print(f"== {figures.name}: {figures.picks} patches picked, git cherry-pick conflicts: {figures.git_conflicts}")
    print(f"patchkit plan in process, empty cache (median of {repeats}): {figures.cold * 1000:.0f} ms")
    print(_split(figures.cold, figures.cold_steps))
    print(f"patchkit plan in process, cache filled by earlier plans (median of {repeats}): {figures.warm * 1000:.0f} ms")
    print(_split(figures.warm, figures.warm_steps))
    print(f"patchkit plan command, new process, cache filled (median of {repeats}): {figures.plan_command * 1000:.0f} ms")
    print(f"git cherry-pick loop (median of {repeats}): {figures.git * 1000:.0f} ms")
    print(f"ratio git / plan in process, empty cache: {_ratio(figures.git, figures.cold)} (target >= {TARGET_RATIO:.0f}x)")
    print(f"ratio git / plan in process, cache filled: {_ratio(figures.git, figures.warm)} (target >= {TARGET_RATIO:.0f}x)")
    print(f"ratio git / plan command: {_ratio(figures.git, figures.plan_command)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="Runs of each side; the median counts (default 5).")
    parser.add_argument("--files", type=int, default=3000,
                        help="Generated Java files in the larger fork (default 3000).")
    parser.add_argument("--modules", type=int, default=20,
                        help="Maven modules the generated files are spread over (default 20).")
    options = parser.parse_args(argv)
    manifest_path = bundled_path("patchsets", "druid-30.yaml")
    with tempfile.TemporaryDirectory(prefix="patchkit-bench-plan-") as name:
        folder = Path(name)
        sample = build_sample_fork(folder / "druid")
        report(measure("sample fork", sample, manifest_path, options.repeats), options.repeats)
        larger = grow_fork(build_sample_fork(folder / "druid-larger"), options.files, options.modules)
        title = f"sample fork plus {options.files} files in {options.modules} modules"
        report(measure(title, larger, manifest_path, options.repeats), options.repeats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
