"""Replay real cherry-pick conflicts from Java repositories and score patchkit's merger.

Usage:
    .venv/bin/python benchmarks/bench_merge.py [REPO ...] [--refs GLOB ...] [--limit N] [--no-by-pr] [--details FILE]

Each REPO is a clone or a bare mirror. Without REPO, every `/work/.mirror/<name>/repo`
is used except the repositories kept for an independent evaluation. The benchmark
only reads the repositories; see `patchkit evaluate` for how backports are found
and replayed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from patchkit.evaluate import FileScore, Outcome, evaluate, write_details
from patchkit.evaluate.score import percentile

MIRRORS = Path("/work/.mirror")
# Kept out of every benchmark run, so that an independent evaluation can use them.
RESERVED = {"apache+zookeeper", "apache+bookkeeper", "apache+activemq", "jenkinsci+jenkins", "apache+maven"}
# Targets as shares of all conflicting files, and the median merge time per file.
TARGET_EQUAL = 3 / 10
TARGET_DIFFERENT = 1 / 12
TARGET_MEDIAN_SECONDS = 0.2
# apache/cxf alone has over 5,000 cherry-picked commits. Replaying them all would take an estimated
# 10 to 15 minutes on 2 vCPUs, from about 0.15 s per backport measured on its newest 400.
DEFAULT_LIMIT = 400


def default_repositories() -> list[Path]:
    if not MIRRORS.is_dir():
        return []
    return sorted(
        folder / "repo" for folder in MIRRORS.iterdir()
        if folder.name.lower() not in RESERVED and (folder / "repo").is_dir()
    )


def _share(part: int, whole: int) -> str:
    return f"{part} ({part / whole:.1%})" if whole else str(part)


def summary_rows(files: Sequence[FileScore]) -> list[tuple[str, str]]:
    """Return (figure, value) rows for the files git could not merge."""
    total = len(files)
    equal = sum(1 for f in files if f.outcome is Outcome.EQUAL)
    different = sum(1 for f in files if f.outcome is Outcome.DIFFERENT)
    left = sum(1 for f in files if f.outcome is Outcome.LEFT)
    timed = [f.seconds for f in files if f.seconds > 0]
    median = statistics.median(timed) if timed else None
    p95 = percentile(timed, 0.95)
    return [
        ("files", str(total)),
        ("resolved", _share(equal + different, total)),
        (f"equal (target >= {TARGET_EQUAL:.0%})", _share(equal, total)),
        (f"different (target <= {TARGET_DIFFERENT:.1%})", _share(different, total)),
        ("left for a human", _share(left, total)),
        ("unparseable Java", str(sum(1 for f in files if f.unparseable))),
        (f"median s/file (target < {TARGET_MEDIAN_SECONDS})", "-" if median is None else f"{median:.4f}"),
        ("95th percentile s/file", "-" if p95 is None else f"{p95:.4f}"),
    ]


def _print_block(title: str, rows: list[tuple[str, str]]) -> None:
    print(title)
    for figure, value in rows:
        print(f"  {figure:<34} {value}")


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("repos", nargs="*", type=Path, help="clones or bare mirrors (default: /work/.mirror/*/repo)")
    parser.add_argument("--refs", action="append", default=None,
                        help="ref glob to search for backports, such as 'refs/pull/*/head' (default: every branch)")
    parser.add_argument("--limit", type=int, default=DEFAULT_LIMIT,
                        help=f"at most this many backports per repository, newest first (default: {DEFAULT_LIMIT})")
    parser.add_argument("--details", type=Path, help="write one JSON line per conflicting file to this file")
    parser.add_argument("--no-by-pr", action="store_true", help="match backports by cherry-pick line only")
    options = parser.parse_args(argv)

    repos = options.repos or default_repositories()
    reserved = [r for r in repos if any(name in str(r).lower() for name in RESERVED)]
    if reserved:
        print(f"error: {', '.join(map(str, reserved))} are kept for an independent evaluation; leave them out.")
        return 2
    if not repos:
        print("error: no repository given and none found under /work/.mirror. Pass clone or mirror paths.")
        return 2

    started = time.perf_counter()
    evaluation = evaluate(repos, options.refs or [], limit=options.limit, by_pr=not options.no_by_pr)
    elapsed = time.perf_counter() - started
    if options.details is not None:
        write_details(evaluation, options.details)
    every: list[FileScore] = []
    for result in evaluation.repositories:
        files = [f for replay in result.replays for f in replay.files]
        every += files
        score = result.score
        print(f"{result.path}: {score.backports} backports replayed, {score.clean_backports} merged cleanly by git; "
              f"clean-merge cross-check: {score.clean_files_checked} files, {score.clean_mismatches} mismatches")
    _print_block("All conflicting files", summary_rows(every))
    java = [f for f in every if f.path.endswith(".java")]
    _print_block("Java files only", summary_rows(java))
    _print_block("Java content conflicts (no delete/modify)", summary_rows([f for f in java if f.kind == "content"]))
    print(f"Wall time: {elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
