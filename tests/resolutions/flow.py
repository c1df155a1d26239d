"""Run the sample refresh until it stops at the upstream shutdown() change that conflicts in KubernetesWorkItem."""

from __future__ import annotations

import shutil
from pathlib import Path

import pygit2

from patchkit import runner
from patchkit.bundled import bundled_path
from patchkit.errors import EXIT_STOPPED
from patchkit.manifest import load_manifest
from patchkit.pick import PickContext, PickResult, pick
from patchkit.sample import SampleFork

WORK_ITEM = (
    "extensions-contrib/kubernetes-overlord-extensions/src/main/java/org/apache/druid/k8s/overlord/"
    "KubernetesWorkItem.java"
)
SHUTDOWN = "  protected synchronized void shutdown()\n"
UPSTREAM_COMMIT_LABEL = "4a58d7ec71"
PR = 18576

# The fork's side of the conflict and what a careful human writes in its place.
FORK_SIDE = (
    "    if (this.kubernetesPeonLifecycle != null) {\n"
    "      this.kubernetesPeonLifecycle.startWatchingLogs();\n"
    "      this.kubernetesPeonLifecycle.shutdown();\n"
    "    }\n"
)
RESOLUTION = (
    "    if (this.kubernetesPeonLifecycle == null) {\n"
    "      return;\n"
    "    }\n"
    "    if (!shutdownRequested.compareAndSet(false, true)) {\n"
    "      return;\n"
    "    }\n"
    "    this.kubernetesPeonLifecycle.startWatchingLogs();\n"
    "    this.kubernetesPeonLifecycle.shutdown();\n"
)


def copy_manifest(folder: Path) -> Path:
    """Copy the bundled druid-30 manifest into `folder`, so its resolutions folder is there too."""
    target = folder / "patchsets" / "druid-30.yaml"
    target.parent.mkdir(parents=True)
    shutil.copyfile(bundled_path("patchsets", "druid-30.yaml"), target)
    return target


def commit_file(repo_path: Path, path: str, text: str, message: str) -> None:
    """Commit `text` as `path` on the checked-out branch, as a fork maintainer would."""
    repo = pygit2.Repository(str(repo_path))
    (repo_path / path).write_text(text, encoding="utf-8")
    repo.index.read()
    repo.index.add(path)
    repo.index.write()
    tree = repo.index.write_tree()
    signature = pygit2.Signature("Fork Maintainer", "fork@example.org", 1_700_000_000, 0)
    repo.create_commit("HEAD", signature, signature, message, tree, [repo.head.target])


def stop_at_shutdown(sample: SampleFork, manifest: Path) -> str:
    """Run the refresh without a build; return the work tree's KubernetesWorkItem.java with its markers."""
    repo = pygit2.Repository(str(sample.path))
    repo.config["user.name"] = "Release Engineer"
    repo.config["user.email"] = "release@example.org"
    result = runner.apply(manifest, sample.path, no_build=True)
    assert result.exit_code == EXIT_STOPPED, result.message
    assert "#18576" in result.message
    return (sample.path / WORK_ITEM).read_text(encoding="utf-8")


def resolve_by_hand(marked: str) -> str:
    """Replace the one conflict hunk of `marked` with RESOLUTION."""
    start = marked.index("<<<<<<< ")
    end_marker = marked.index(">>>>>>> ", start)
    end = marked.index("\n", end_marker) + 1
    return marked[:start] + RESOLUTION + marked[end:]


def stage(repo_path: Path, path: str, text: str) -> str:
    """Write and `git add` the resolved file; return the staged content."""
    (repo_path / path).write_text(text, encoding="utf-8")
    repo = pygit2.Repository(str(repo_path))
    repo.index.read()
    repo.index.add(path)
    repo.index.write()
    blob = repo[repo.index[path].id].peel(pygit2.Blob)
    return blob.data.decode("utf-8")


def upstream_commit(repo_path: Path) -> str:
    repo = pygit2.Repository(str(repo_path))
    return str(repo.revparse_single(UPSTREAM_COMMIT_LABEL).id)


def repick(repo_path: Path, manifest_path: Path) -> PickResult:
    """Pick the shutdown() change again onto the stopped work branch, as `patchkit continue` can."""
    repo = pygit2.Repository(str(repo_path))
    manifest = load_manifest(manifest_path)
    fork_point = repo.revparse_single(manifest.fork_point or "").peel(pygit2.Commit)
    context = PickContext(repo, fork_point, manifest.rules, manifest.fork, manifest_map=manifest.path_map)
    upstream = repo.revparse_single(UPSTREAM_COMMIT_LABEL).peel(pygit2.Commit)
    return pick(context, upstream, repo.head.peel(pygit2.Commit))
