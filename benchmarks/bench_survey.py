"""Time `patchkit survey` over a synthetic upstream history of 10,000 commits.

Usage:
    .venv/bin/python benchmarks/bench_survey.py [--commits N] [--files N] [--seed N]

The script builds a repository in a new temporary folder. It has a release of
`--files` small Java classes of eight methods each, and a fork branch of three
commits that change one method in each of six classes. Each of the `--commits`
upstream commits changes one method in two classes picked at random, and every
1,000th commit reverts the one before it. The objects are built
in memory with pygit2 and written as one pack, so the build takes seconds.
The survey then runs with its defaults: the files the fork changed.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pygit2

from patchkit.scratch import MemoryObjects
from patchkit.survey import SurveyQuestion, survey

TARGET_SECONDS = 10.0
METHODS = 8
PACKAGE_SIZE = 20
FORK_CLASSES = 6
REVERT_EVERY = 1000
_BLOB = pygit2.enums.FileMode.BLOB
_TREE = pygit2.enums.FileMode.TREE
_PREFIX = ("src", "main", "java", "org", "example")


def class_text(package: str, name: str, values: list[int]) -> bytes:
    lines = [f"package org.example.{package};", "", f"public class {name}", "{"]
    for number, value in enumerate(values):
        lines += [f"  public int m{number}()", "  {", f"    int v = {value};", "    return v;", "  }", ""]
    lines.append("}")
    return ("\n".join(lines) + "\n").encode()


@dataclass
class SyntheticTree:
    """Class files grouped by package; trees are rebuilt only along the paths a commit changes."""

    repo: pygit2.Repository
    values: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    blobs: dict[str, dict[str, pygit2.Oid]] = field(default_factory=dict)
    package_trees: dict[str, pygit2.Oid] = field(default_factory=dict)

    def add_class(self, package: str, name: str) -> None:
        self.values[(package, name)] = [0] * METHODS
        self._write_blob(package, name)

    def change(self, package: str, name: str, method: int, value: int) -> None:
        self.values[(package, name)][method] = value
        self._write_blob(package, name)

    def _write_blob(self, package: str, name: str) -> None:
        blob = self.repo.create_blob(class_text(package, name, self.values[(package, name)]))
        self.blobs.setdefault(package, {})[f"{name}.java"] = blob
        self.package_trees.pop(package, None)

    def write(self) -> pygit2.Oid:
        """Write the root tree, reusing the tree of every package no change touched."""
        example = self.repo.TreeBuilder()
        for package in sorted(self.blobs):
            if package not in self.package_trees:
                builder = self.repo.TreeBuilder()
                for file_name, blob in self.blobs[package].items():
                    builder.insert(file_name, blob, _BLOB)
                self.package_trees[package] = builder.write()
            example.insert(package, self.package_trees[package], _TREE)
        tree = example.write()
        for folder in reversed(_PREFIX):
            wrapper = self.repo.TreeBuilder()
            wrapper.insert(folder, tree, _TREE)
            tree = wrapper.write()
        return tree

    def snapshot(self) -> dict[tuple[str, str], list[int]]:
        return {key: list(values) for key, values in self.values.items()}

    def restore(self, values: dict[tuple[str, str], list[int]]) -> None:
        """Set the method values of the classes in `values` back to the saved ones."""
        for (package, name), saved in values.items():
            if self.values[(package, name)] != saved:
                self.values[(package, name)] = list(saved)
                self._write_blob(package, name)


class HistoryWriter:
    """Commits with increasing timestamps, written to the repository's in-memory backend."""

    def __init__(self, repo: pygit2.Repository) -> None:
        self.repo = repo
        self.clock = 1_700_000_000

    def commit(self, message: str, tree: pygit2.Oid, parent: pygit2.Oid | None) -> pygit2.Oid:
        self.clock += 600
        author = pygit2.Signature("Synthetic Author", "author@example.org", self.clock, 0)
        return self.repo.create_commit(None, author, author, message, tree, [parent] if parent else [])


def build_history(path: Path, commits: int, files: int, seed: int) -> tuple[int, float]:
    """Build the synthetic repository at `path`; return the number of objects and the seconds taken."""
    start = time.perf_counter()
    repo = pygit2.init_repository(str(path), initial_head="fork")
    memory = MemoryObjects()
    repo.odb.add_backend(memory, 1000)
    state = SyntheticTree(repo)
    classes = [(f"p{index // PACKAGE_SIZE:03d}", f"Class{index:04d}") for index in range(files)]
    for package, name in classes:
        state.add_class(package, name)
    writer = HistoryWriter(repo)
    release = writer.commit("Release 1.0", state.write(), None)
    released = state.snapshot()

    fork_tip = release
    for step in range(3):
        for package, name in classes[2 * step:2 * step + 2]:
            state.change(package, name, 0, 100 + step)
        fork_tip = writer.commit(f"Fork change {step + 1}", state.write(), fork_tip)
    state.restore(released)

    upstream_tip = _upstream(writer, state, classes, commits, random.Random(seed), release)
    _write_pack(repo, memory)
    repo.references.create("refs/heads/fork", fork_tip)
    repo.references.create("refs/remotes/upstream/master", upstream_tip)
    repo.references.create("refs/tags/v1.0", release)
    repo.checkout("refs/heads/fork")
    return len(memory.objects), time.perf_counter() - start


def _upstream(
    writer: HistoryWriter, state: SyntheticTree, classes: list[tuple[str, str]], commits: int,
    chance: random.Random, release: pygit2.Oid,
) -> pygit2.Oid:
    tip = release
    previous_subject = ""
    previous_values: dict[tuple[str, str], list[int]] = {}
    for number in range(1, commits + 1):
        if number % REVERT_EVERY == 0:
            state.restore(previous_values)
            subject = f'Revert "{previous_subject}"'
        else:
            touched = chance.sample(classes, 2)
            previous_values = {key: list(state.values[key]) for key in touched}
            for package, name in touched:
                state.change(package, name, chance.randrange(METHODS), number)
            subject = f"Change {number} (#{number})"
        tip = writer.commit(subject, state.write(), tip)
        previous_subject = subject
    return tip


def _write_pack(repo: pygit2.Repository, memory: MemoryObjects) -> None:
    builder = pygit2.PackBuilder(repo)
    for oid in memory.objects:
        builder.add(oid)
    builder.write(Path(repo.path) / "objects" / "pack")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=10_000, help="Upstream commits to build (default 10000).")
    parser.add_argument("--files", type=int, default=400, help="Java classes in the release (default 400).")
    parser.add_argument("--seed", type=int, default=7, help="Seed of the random changes (default 7).")
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="patchkit-bench-survey-") as folder:
        path = Path(folder) / "synthetic"
        objects, build_seconds = build_history(path, options.commits, options.files, options.seed)
        start = time.perf_counter()
        result = survey(path, SurveyQuestion(fork="fork", upstream="upstream/master"))
        seconds = time.perf_counter() - start
    conflicts = sum(1 for entry in result.entries if entry.forecast == "conflict")
    reverted = sum(1 for entry in result.entries if entry.reverted_by is not None)
    print(f"built {options.commits} upstream commits, {options.files} classes, {objects} objects "
          f"in {build_seconds:.1f} s")
    print(f"survey walked {result.commits_walked} commits; {len(result.entries)} touch the fork's files "
          f"({conflicts} forecast to conflict, {reverted} reverted later)")
    print(f"survey: {seconds:.2f} s (target < {TARGET_SECONDS:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
