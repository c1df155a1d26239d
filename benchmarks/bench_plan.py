"""Time `patchkit plan` on the sample patchset against a loop of `git cherry-pick`.

Usage:
    .venv/bin/python benchmarks/bench_plan.py [--repeats N]

Both sides work on the sample Druid fork that `patchkit demo` builds, in a new
temporary folder. The plan replays the bundled druid-30 manifest in memory. The
git side copies the repository, checks out a branch at the fork and runs
`git cherry-pick -x` for each apply patch in priority order. A pick that
conflicts is skipped with `git cherry-pick --skip`, as plan goes on without
it. Each side runs N times and the median counts. The git CLI is used here only
as the reference to compare with.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from patchkit.bundled import bundled_path
from patchkit.manifest import load_manifest
from patchkit.plan import plan_run
from patchkit.sample import SampleFork, build_sample_fork

TARGET_RATIO = 3.0
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="Runs of each side; the median counts (default 5).")
    options = parser.parse_args(argv)
    manifest_path = bundled_path("patchsets", "druid-30.yaml")
    with tempfile.TemporaryDirectory(prefix="patchkit-bench-plan-") as folder:
        sample = build_sample_fork(Path(folder) / "druid")
        commits = _apply_commits(sample, manifest_path)
        copy = Path(folder) / "git-copy"

        def fresh_copy() -> None:
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(sample.path, copy, symlinks=True)

        plan_seconds = _median_seconds(lambda: plan_run(manifest_path, sample.path), lambda: None, options.repeats)
        git_seconds = _median_seconds(lambda: cherry_pick_loop(copy, sample.fork_branch, commits), fresh_copy,
                                      options.repeats)
        conflicts = count_git_conflicts(copy, sample, commits, fresh_copy)
    ratio = git_seconds / plan_seconds if plan_seconds else float("inf")
    print(f"patches picked: {len(commits)}; git cherry-pick conflicts: {conflicts}")
    print(f"patchkit plan (median of {options.repeats}): {plan_seconds * 1000:.0f} ms")
    print(f"git cherry-pick loop (median of {options.repeats}): {git_seconds * 1000:.0f} ms")
    print(f"ratio git / plan: {ratio:.1f}x (target >= {TARGET_RATIO:.0f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
