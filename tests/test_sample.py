"""Tests of the sample fork: its refs, its history and the merges other tests rely on."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pygit2
import pytest
from pygit2.enums import CheckoutStrategy, DeltaStatus, DiffFind, FileMode

from patchkit.bundled import bundled_path
from patchkit.errors import PatchkitError
from patchkit.sample import SampleFork, build_sample_fork
from tests.build.conftest import maven_repo_local  # noqa: F401  (a fixture)

OVERLORD = "kubernetes-overlord-extensions/src/main/java/org/apache/druid/k8s/overlord"
LIFECYCLE = f"extensions-contrib/{OVERLORD}/KubernetesPeonLifecycle.java"
WORK_ITEM = f"extensions-contrib/{OVERLORD}/KubernetesWorkItem.java"
RUNNER = f"extensions-contrib/{OVERLORD}/KubernetesTaskRunner.java"
MOVED_LIFECYCLE = f"extensions-core/{OVERLORD}/KubernetesPeonLifecycle.java"
MOVED_WORK_ITEM = f"extensions-core/{OVERLORD}/KubernetesWorkItem.java"
ABSTRACT_TASK = "indexing-service/src/main/java/org/apache/druid/indexing/common/task/AbstractTask.java"

UPSTREAM_STEPS = ["#16650", "#16711", "#17431", "#17050", "#17446", "#17614", "#18576", "#17747", "#17800"]
FORK_STEPS = ["fork-stream-logs", "fork-logs-diagnostics", "fork-task-reports"]

# Recorded resolutions under patchsets/ and some tests name sample commits by id, so a
# change to the fixture data that moves these ids must update them too.
EXPECTED_COMMITS = {
    "import": "50af9cd6dbeaae8a14ee7ed5385e79368e9cdbea",
    "release-30.0.0": "221618739e5c1d453d8a44c1d2bbd2c49fcd5550",
    "#16650": "24adf4abeb8a101c94c1117edfc06db5217da636",
    "#16711": "0612c0a543ba6cd29c9297fca1c45b2fbb5c933e",
    "#17431": "bc26b8cf556a38527f97da29ad6b07cafeb03b44",
    "#17050": "8dad0e1b0f586286a10e31354764db20e213ca2f",
    "#17446": "55390ee8569f364e01ab8d66d2ef7f81a026a137",
    "#17614": "b0714385abefcb0aca79def321000c86382c8f31",
    "#18576": "4a58d7ec7173084d3c7d068960dc3480309bd860",
    "#17747": "fe22d93dfbb5872d9964c4669075e097d397cb91",
    "#17800": "17020d68ab8db462457f18ebb6e8c57c489fe3c1",
    "fork-stream-logs": "07c421f07fd9babdf9ba239f1a8959020b6e41c0",
    "fork-logs-diagnostics": "822484460f743e34de7110c07a6fc05bc9957914",
    "fork-task-reports": "180d24d77d38b60d380fa3ac5dba68fae2541b6e",
}

TAG_SAVE_LOGS = """\
  protected void saveLogs()
  {
    try {
      Path file = Files.createTempFile(taskId, ".log");
      try {
        startWatchingLogs();
        if (logWatch != null) {
          Files.copy(logWatch.getOutput(), file, StandardCopyOption.REPLACE_EXISTING);
        } else {
          log.debug("No log watch for task [%s]", taskId);
        }
        taskLogs.pushTaskLog(taskId, file.toFile());
      }
      catch (IOException e) {
        log.error(e, "Failed to save logs of task [%s]", taskId);
      }
      finally {
        Files.deleteIfExists(file);
      }
    }
    catch (IOException e) {
      log.warn(e, "Could not create a temporary log file for task [%s]", taskId);
    }
    finally {
      stopWatchingLogs();
    }
  }
"""

FORK_SAVE_LOGS = """\
  protected void saveLogs()
  {
    log.info("📋 [LOGS] saveLogs() started for task [%s]", taskId);
    try {
      Path file = Files.createTempFile(taskId, ".log");
      try {
        log.info("📋 [LOGS] starting log watch for task [%s]", taskId);
        startWatchingLogs();
        log.info("📋 [LOGS] log watch present for task [%s]: %s", taskId, logWatch != null);
        if (logWatch != null) {
          log.info("📋 [LOGS] copying log stream of task [%s]", taskId);
          Files.copy(logWatch.getOutput(), file, StandardCopyOption.REPLACE_EXISTING);
        } else {
          log.info("📋 [LOGS] no log stream for task [%s]", taskId);
          log.debug("No log watch for task [%s]", taskId);
        }
        log.info("📋 [LOGS] pushing log file of %d bytes for task [%s]", Files.size(file), taskId);
        taskLogs.pushTaskLog(taskId, file.toFile());
      }
      catch (IOException e) {
        log.error(e, "Failed to save logs of task [%s]", taskId);
      }
      finally {
        log.info("📋 [LOGS] saveLogs() finished for task [%s]", taskId);
        Files.deleteIfExists(file);
      }
    }
    catch (IOException e) {
      log.warn(e, "Could not create a temporary log file for task [%s]", taskId);
    }
    finally {
      stopWatchingLogs();
    }
  }
"""

UPSTREAM_SAVE_LOGS = """\
  protected void saveLogs()
  {
    try {
      Path file = Files.createTempFile(taskId, ".log");
      try {
        InputStream logStream = null;
        if (logWatch != null) {
          logStream = logWatch.getOutput();
        } else {
          log.debug("No log watch for task [%s], reading logs from the pod instead", taskId);
          logStream = kubernetesClient.getPeonLogs(taskId).orElse(null);
        }
        if (logStream == null) {
          log.warn("No logs available for task [%s], saving a placeholder", taskId);
          logStream = new ByteArrayInputStream(
              ("Logs of task " + taskId + " were not available").getBytes(StandardCharsets.UTF_8)
          );
        }
        Files.copy(logStream, file, StandardCopyOption.REPLACE_EXISTING);
        taskLogs.pushTaskLog(taskId, file.toFile());
      }
      catch (IOException e) {
        log.error(e, "Failed to save logs of task [%s]", taskId);
      }
      finally {
        Files.deleteIfExists(file);
      }
    }
    catch (IOException e) {
      log.warn(e, "Could not create a temporary log file for task [%s]", taskId);
    }
    finally {
      stopWatchingLogs();
    }
  }
"""

TAG_SHUTDOWN = """\
  protected synchronized void shutdown()
  {
    if (this.kubernetesPeonLifecycle != null) {
      this.kubernetesPeonLifecycle.startWatchingLogs();
      this.kubernetesPeonLifecycle.shutdown();
    }
  }
"""

IDEMPOTENT_SHUTDOWN = """\
  protected synchronized void shutdown()
  {
    if (!shutdownRequested.compareAndSet(false, true)) {
      return;
    }
    this.kubernetesPeonLifecycle.startWatchingLogs();
    this.kubernetesPeonLifecycle.shutdown();
  }
"""


def open_repo(sample: SampleFork) -> pygit2.Repository:
    return pygit2.Repository(str(sample.path))


def commit_of(repo: pygit2.Repository, sample: SampleFork, step: str) -> pygit2.Commit:
    commit = repo[sample.commits[step]]
    assert isinstance(commit, pygit2.Commit)
    return commit


def file_text(repo: pygit2.Repository, commit: pygit2.Commit, path: str) -> str:
    blob = repo[commit.tree[path].id]
    assert isinstance(blob, pygit2.Blob)
    return blob.data.decode("utf-8")


def method_text(source: str, declaration: str) -> str:
    """Return the lines of the method declared on the line `declaration`, up to its closing brace."""
    start = source.index(f"  {declaration}\n")
    end = source.index("\n  }\n", start) + len("\n  }\n")
    return source[start:end]


def lines_between(text: str, first: str, last: str) -> range:
    """Return the 0-based numbers of the lines from the first line containing `first` to the next containing `last`."""
    lines = text.splitlines()
    start = next(number for number, line in enumerate(lines) if first in line)
    end = next(number for number in range(start, len(lines)) if last in lines[number])
    return range(start, end + 1)


def marker_lines(text: str) -> list[int]:
    markers = ("<<<<<<<", "=======", ">>>>>>>")
    return [number for number, line in enumerate(text.splitlines()) if line.startswith(markers)]


def first_parent_chain(repo: pygit2.Repository, tip: str, stop: str) -> list[pygit2.Commit]:
    """Return the commits from `stop` (excluded) to `tip`, oldest first."""
    chain: list[pygit2.Commit] = []
    commit = repo.revparse_single(tip)
    stop_commit = repo.revparse_single(stop).peel(pygit2.Commit)
    while commit.id != stop_commit.id:
        assert isinstance(commit, pygit2.Commit)
        chain.append(commit)
        commit = commit.parents[0]
    return list(reversed(chain))


def changed_paths(repo: pygit2.Repository, commit: pygit2.Commit) -> set[str]:
    diff = repo.diff(commit.parents[0], commit)
    return {delta.old_file.path for delta in diff.deltas} | {delta.new_file.path for delta in diff.deltas}


def conflicted_paths(repo: pygit2.Repository) -> set[str]:
    conflicts = repo.index.conflicts
    if conflicts is None:
        return set()
    return {entry.path for entries in conflicts for entry in entries if entry is not None}


def run_git(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args]
    return subprocess.run(command, cwd=path, capture_output=True, text=True, check=False)


def test_build_repeatable_ids(tmp_path: Path) -> None:
    first = build_sample_fork(tmp_path / "first")
    second = build_sample_fork(tmp_path / "second")

    assert dict(first.commits) == dict(second.commits)
    assert list(first.commits) == ["import", "release-30.0.0", *UPSTREAM_STEPS, *FORK_STEPS]
    for ref in ("refs/heads/prod-30", "refs/remotes/upstream/master", "refs/tags/druid-30.0.0"):
        assert open_repo(first).references[ref].target == open_repo(second).references[ref].target


def test_build_known_ids(sample_fork: SampleFork) -> None:
    assert dict(sample_fork.commits) == EXPECTED_COMMITS


def test_build_refs_and_checkout(sample_fork: SampleFork) -> None:
    repo = open_repo(sample_fork)

    assert sample_fork.fork_branch == "prod-30"
    assert sample_fork.upstream_ref == "upstream/master"
    assert sample_fork.fork_point_tag == "druid-30.0.0"
    assert repo.head.name == "refs/heads/prod-30"
    assert not repo.is_bare
    assert repo.status() == {}
    assert str(repo.references["refs/heads/prod-30"].target) == sample_fork.commits["fork-task-reports"]
    assert str(repo.references["refs/remotes/upstream/master"].target) == sample_fork.commits["#17800"]
    assert str(repo.revparse_single("druid-30.0.0").id) == sample_fork.commits["release-30.0.0"]
    assert repo.remotes["upstream"].url == "../druid-upstream.git"


def test_build_into_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()

    sample = build_sample_fork(tmp_path / "empty")

    assert open_repo(sample).head.shorthand == "prod-30"


def test_build_rejects_nonempty_folder(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")

    with pytest.raises(PatchkitError, match="not empty"):
        build_sample_fork(tmp_path)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert not (tmp_path / ".git").exists()


def test_build_rejects_file(tmp_path: Path) -> None:
    target = tmp_path / "druid"
    target.write_text("", encoding="utf-8")

    with pytest.raises(PatchkitError, match="is a file"):
        build_sample_fork(target)


def test_upstream_commit_order(sample_fork: SampleFork) -> None:
    repo = open_repo(sample_fork)
    chain = first_parent_chain(repo, "upstream/master", "druid-30.0.0")

    assert [str(commit.id) for commit in chain] == [sample_fork.commits[step] for step in UPSTREAM_STEPS]
    for commit, step in zip(chain, UPSTREAM_STEPS):
        assert commit.message.splitlines()[0].endswith(f"({step})")
    assert chain[0].parents[0].id == repo.revparse_single("druid-30.0.0").id


def test_fork_commit_order(sample_fork: SampleFork) -> None:
    repo = open_repo(sample_fork)
    chain = first_parent_chain(repo, "prod-30", "druid-30.0.0")
    upstream_authors = {commit.author.email for commit in first_parent_chain(repo, "upstream/master", "druid-30.0.0")}

    assert [str(commit.id) for commit in chain] == [sample_fork.commits[step] for step in FORK_STEPS]
    assert chain[0].message.startswith("Stream peon logs live")
    assert chain[1].message.startswith("Add 📋 [LOGS] diagnostics to saveLogs()")
    assert {commit.author.email for commit in chain} == {"jonas.albrecht@acme-analytics.example"}
    assert upstream_authors.isdisjoint({"jonas.albrecht@acme-analytics.example"})
    assert len(upstream_authors) >= 3


def test_commit_dates_increase(sample_fork: SampleFork) -> None:
    repo = open_repo(sample_fork)
    for tip in ("upstream/master", "prod-30"):
        times = [commit.commit_time for commit in first_parent_chain(repo, tip, sample_fork.commits["import"])]

        assert times == sorted(times)
        assert len(set(times)) == len(times)


def test_save_logs_versions(sample_fork: SampleFork) -> None:
    repo = open_repo(sample_fork)
    tag = commit_of(repo, sample_fork, "release-30.0.0")
    fork = commit_of(repo, sample_fork, "fork-task-reports")
    upstream = commit_of(repo, sample_fork, "#17431")

    assert method_text(file_text(repo, tag, LIFECYCLE), "protected void saveLogs()") == TAG_SAVE_LOGS
    assert method_text(file_text(repo, fork, LIFECYCLE), "protected void saveLogs()") == FORK_SAVE_LOGS
    assert method_text(file_text(repo, upstream, LIFECYCLE), "protected void saveLogs()") == UPSTREAM_SAVE_LOGS


def test_fork_diagnostics_outside_save_logs(sample_fork: SampleFork) -> None:
    repo = open_repo(sample_fork)
    text = file_text(repo, commit_of(repo, sample_fork, "fork-logs-diagnostics"), LIFECYCLE)
    shutdown = method_text(text, "protected void shutdown()")

    assert '📋 [LOGS]' in shutdown
    assert text.index("protected String describeLogState()") > text.index("protected void shutdown()")
    assert "import java.util.Locale;\n" in text


def test_work_item_versions(sample_fork: SampleFork) -> None:
    repo = open_repo(sample_fork)
    tag = file_text(repo, commit_of(repo, sample_fork, "release-30.0.0"), WORK_ITEM)
    fork = file_text(repo, commit_of(repo, sample_fork, "fork-task-reports"), WORK_ITEM)
    refactored = file_text(repo, commit_of(repo, sample_fork, "#17446"), WORK_ITEM)
    idempotent = file_text(repo, commit_of(repo, sample_fork, "#18576"), MOVED_WORK_ITEM)

    assert fork == tag
    assert method_text(tag, "protected synchronized void shutdown()") == TAG_SHUTDOWN
    assert "private KubernetesPeonLifecycle kubernetesPeonLifecycle = null;" in tag
    assert "public KubernetesWorkItem(Task task, KubernetesPeonLifecycle kubernetesPeonLifecycle)" in refactored
    assert "setKubernetesPeonLifecycle" not in refactored
    assert method_text(idempotent, "protected synchronized void shutdown()") == IDEMPOTENT_SHUTDOWN
    assert "private final AtomicBoolean shutdownRequested = new AtomicBoolean(false);" in idempotent
    assert "import java.util.concurrent.atomic.AtomicBoolean;" in idempotent


def test_refactor_keeps_save_logs(sample_fork: SampleFork) -> None:
    repo = open_repo(sample_fork)
    refactor = commit_of(repo, sample_fork, "#17446")
    before = file_text(repo, refactor.parents[0], LIFECYCLE)
    after = file_text(repo, refactor, LIFECYCLE)

    assert changed_paths(repo, refactor) >= {LIFECYCLE, WORK_ITEM, RUNNER}
    assert method_text(after, "protected void saveLogs()") == method_text(before, "protected void saveLogs()")
    assert "waitForRunning(long timeoutMillis)" in after


def test_unrelated_commit_avoids_fork_files(sample_fork: SampleFork) -> None:
    repo = open_repo(sample_fork)
    unrelated = changed_paths(repo, commit_of(repo, sample_fork, "#17050"))
    fork_files: set[str] = set()
    for step in FORK_STEPS:
        fork_files |= changed_paths(repo, commit_of(repo, sample_fork, step))

    assert unrelated
    assert all(path.startswith("indexing-service/") for path in unrelated)
    assert unrelated.isdisjoint(fork_files)
    assert ABSTRACT_TASK in fork_files


def test_module_move_is_pure_renames(sample_fork: SampleFork) -> None:
    repo = open_repo(sample_fork)
    move = commit_of(repo, sample_fork, "#17614")
    diff = repo.diff(move.parents[0], move)
    diff.find_similar(flags=DiffFind.FIND_RENAMES)
    renames = [delta for delta in diff.deltas if delta.status == DeltaStatus.RENAMED]
    others = [delta for delta in diff.deltas if delta.status != DeltaStatus.RENAMED]

    assert len(renames) == 7
    for delta in renames:
        assert delta.similarity == 100
        assert delta.old_file.path.startswith("extensions-contrib/kubernetes-overlord-extensions/")
        assert delta.new_file.path == delta.old_file.path.replace("extensions-contrib/", "extensions-core/", 1)
    assert [(delta.status, delta.new_file.path) for delta in others] == [(DeltaStatus.MODIFIED, "pom.xml")]
    assert not any(path.startswith("extensions-contrib/") for path in _tree_paths(repo, move.tree))


def _tree_paths(repo: pygit2.Repository, tree: pygit2.Tree, prefix: str = "") -> list[str]:
    paths = []
    for entry in tree:
        if entry.filemode == FileMode.TREE:
            subtree = repo[entry.id]
            assert isinstance(subtree, pygit2.Tree)
            paths += _tree_paths(repo, subtree, f"{prefix}{entry.name}/")
        else:
            paths.append(f"{prefix}{entry.name}")
    return paths


def test_revert_undoes_save_logs_fix(sample_fork: SampleFork) -> None:
    repo = open_repo(sample_fork)
    fix = commit_of(repo, sample_fork, "#17431")
    revert = commit_of(repo, sample_fork, "#17747")
    expected = repo.revert_commit(fix, revert.parents[0])

    assert revert.message == (
        f'Revert "{fix.message.splitlines()[0]}" (#17747)\n\nThis reverts commit {fix.id}.\n'
    )
    assert not expected.conflicts
    assert expected.write_tree(repo) == revert.tree.id
    assert method_text(file_text(repo, revert, MOVED_LIFECYCLE), "protected void saveLogs()") == TAG_SAVE_LOGS


def test_pick_save_logs_fix_conflicts(sample_fork: SampleFork) -> None:
    repo = open_repo(sample_fork)
    repo.cherrypick(commit_of(repo, sample_fork, "#17431").id)
    text = (sample_fork.path / LIFECYCLE).read_text(encoding="utf-8")
    save_logs = lines_between(text, "protected void saveLogs()", "stopWatchingLogs();")
    markers = marker_lines(text)

    assert conflicted_paths(repo) == {LIFECYCLE}
    assert markers
    assert all(number in save_logs for number in markers)
    assert "import java.io.ByteArrayInputStream;\n" in text
    assert "import java.nio.charset.StandardCharsets;\n" in text
    assert "import java.util.Locale;\n" in text
    assert "protected String describeLogState()" in text
    assert 'log.info("📋 [LOGS] shutdown of %s", describeLogState());' in text


def test_pick_save_logs_fix_git_cli(sample_fork: SampleFork) -> None:
    result = run_git(sample_fork.path, "cherry-pick", sample_fork.commits["#17431"])
    unmerged = run_git(sample_fork.path, "diff", "--name-only", "--diff-filter=U").stdout.split()

    assert result.returncode != 0
    assert unmerged == [LIFECYCLE]


def test_pick_location_fix_clean(sample_fork: SampleFork) -> None:
    repo = open_repo(sample_fork)
    repo.cherrypick(commit_of(repo, sample_fork, "#16711").id)
    runner = (sample_fork.path / RUNNER).read_text(encoding="utf-8")

    assert conflicted_paths(repo) == set()
    assert set(repo.status()) == {RUNNER}
    assert "catch (Exception e) {" in method_text(runner, "public TaskLocation getTaskLocation(String taskId)")


def test_pick_idempotent_shutdown_git_cli(sample_fork: SampleFork) -> None:
    result = run_git(sample_fork.path, "cherry-pick", sample_fork.commits["#18576"])
    unmerged = run_git(sample_fork.path, "diff", "--name-only", "--diff-filter=U").stdout.split()
    text = (sample_fork.path / WORK_ITEM).read_text(encoding="utf-8")
    shutdown = lines_between(text, "protected synchronized void shutdown()", ">>>>>>>")
    markers = marker_lines(text)

    assert result.returncode != 0
    assert unmerged == [WORK_ITEM]
    assert not (sample_fork.path / MOVED_WORK_ITEM).exists()
    assert markers
    assert all(number in shutdown for number in markers)
    assert "private final AtomicBoolean shutdownRequested = new AtomicBoolean(false);" in text


def test_pick_idempotent_shutdown_mapped(sample_fork: SampleFork) -> None:
    """libgit2 pairs the moved work item with the fork's only after its paths are mapped back."""
    repo = open_repo(sample_fork)
    pick = commit_of(repo, sample_fork, "#18576")
    fork = commit_of(repo, sample_fork, "fork-task-reports")

    merged = repo.merge_trees(
        _moved_back(repo, pick.parents[0].tree), fork.tree, _moved_back(repo, pick.tree)
    )

    assert merged.conflicts is not None
    assert {entry.path for entries in merged.conflicts for entry in entries if entry} == {WORK_ITEM}


def _moved_back(repo: pygit2.Repository, tree: pygit2.Tree) -> pygit2.Tree:
    index = pygit2.Index()
    index.read_tree(tree)
    for entry in list(index):
        if entry.path.startswith("extensions-core/"):
            index.remove(entry.path)
            moved = entry.path.replace("extensions-core/", "extensions-contrib/", 1)
            index.add(pygit2.IndexEntry(moved, entry.id, entry.mode))
    moved_tree = repo[index.write_tree(repo)]
    assert isinstance(moved_tree, pygit2.Tree)
    return moved_tree


@pytest.mark.parametrize("kind, name", [("fixtures", "druid-sample"), ("patchsets", "druid-30.yaml")])
def test_bundled_path_found(kind: str, name: str) -> None:
    assert bundled_path(kind, name).exists()


@pytest.mark.parametrize(
    "kind, name, message",
    [
        ("models", "druid-sample", "Unknown kind"),
        ("fixtures", "../patchsets", "Invalid bundled"),
        ("fixtures", "/etc", "Invalid bundled"),
        ("fixtures", "", "Invalid bundled"),
        ("fixtures", "no-such-sample", "not found"),
    ],
)
def test_bundled_path_rejects(kind: str, name: str, message: str) -> None:
    with pytest.raises(PatchkitError, match=message):
        bundled_path(kind, name)


def _export(repo: pygit2.Repository, commit: pygit2.Commit, target: Path) -> None:
    target.mkdir(parents=True)
    repo.checkout_tree(commit.tree, directory=str(target), strategy=CheckoutStrategy.FORCE)  # type: ignore[no-untyped-call]


def _maven_package(project: Path, repo_local: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    command = ["mvn", "-B", "-q", f"-Dmaven.repo.local={repo_local}", *flags, "package"]
    return subprocess.run(command, cwd=project, capture_output=True, text=True, check=False)


@pytest.mark.maven
@pytest.mark.parametrize("step", ["release-30.0.0", "fork-task-reports", "#17800"])
def test_tips_build_with_maven(
    sample_fork_template: SampleFork, tmp_path: Path, maven_repo_local: Path, step: str
) -> None:
    if shutil.which("mvn") is None:
        pytest.skip("mvn is not on PATH")
    repo = open_repo(sample_fork_template)
    _export(repo, commit_of(repo, sample_fork_template, step), tmp_path / "project")

    result = _maven_package(tmp_path / "project", maven_repo_local)

    assert result.returncode == 0, result.stdout[-4000:]
    assert list((tmp_path / "project").glob("**/target/surefire-reports/*.txt"))


@pytest.mark.maven
@pytest.mark.slow
def test_every_commit_compiles(sample_fork_template: SampleFork, tmp_path: Path, maven_repo_local: Path) -> None:
    if shutil.which("mvn") is None:
        pytest.skip("mvn is not on PATH")
    repo = open_repo(sample_fork_template)
    failed = []
    for step in sample_fork_template.commits:
        project = tmp_path / step.replace("#", "pr-")
        _export(repo, commit_of(repo, sample_fork_template, step), project)
        if _maven_package(project, maven_repo_local, "-DskipTests").returncode != 0:
            failed.append(step)

    assert failed == []
