"""Set up the repository of one case of the `bad-inputs/repos` corpus.

A case file starts with `# expect: <text>` (a substring of the error message), an
optional `# command: <name>` (apply by default; apply and plan get the manifest) and an optional `# xfail: <reason>` for
a known bug, followed by one step per line that
damages the small fork and upstream repository of `tests.runner.scenarios`:

    write PATH TEXT          write TEXT (backslash escapes allowed) to PATH, relative to the work tree
    delete PATH              delete the file PATH
    symlink PATH TARGET      make PATH a symbolic link to TARGET
    stage PATH               add PATH to the index
    branch NAME              create branch NAME at the fork's tip
    commit BRANCH MESSAGE    add a commit with MESSAGE on BRANCH, touching a new file
    patch MAPPING            use the YAML flow MAPPING as the manifest's only patch
    set KEY VALUE            set a top-level manifest key, replacing all of its old value
    lock-held                write a lock owned by this (live) test process
    state-with KEY=VALUE     stop a run at a conflict, then overwrite one field of its state
    no-identity              remove the committer identity from the repository's config
    replace-with-folder | replace-with-nothing | replace-with-file | replace-with-bare | replace-with-unborn
    replace-git-dir TEXT     replace `.git` with a file containing TEXT
    remove-manifest | manifest-folder

`{fork}` and `{blob}` in a step stand for the fork's tip and the id of a blob.
"""

from __future__ import annotations

import codecs
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pygit2

from tests.runner.scenarios import fork_and_upstream, manifest_text, patch_entry
from tests.safety.harness import run_patchkit

DEFAULT_PATCH = patch_entry("size", 10, 1)


@dataclass(frozen=True)
class Case:
    """A parsed case file: the expected message, the command and the steps."""

    name: str
    expect: str
    command: str
    steps: tuple[tuple[str, str], ...]
    xfail: str | None = None


@dataclass
class Setup:
    """The repository and manifest paths a case runs on, changed by its steps."""

    repo: Path
    manifest: Path
    patches: str
    keys: dict[str, str]


def read_case(path: Path) -> Case:
    lines = path.read_text(encoding="utf-8").splitlines()
    expect = lines[0].removeprefix("# expect: ")
    command = "apply"
    xfail = None
    steps = []
    for line in lines[1:]:
        if line.startswith("# command: "):
            command = line.removeprefix("# command: ")
        elif line.startswith("# xfail: "):
            xfail = line.removeprefix("# xfail: ")
        else:
            operation, _, argument = line.partition(" ")
            steps.append((operation, argument))
    return Case(path.stem, expect, command, tuple(steps), xfail)


def _unescape(text: str) -> bytes:
    return codecs.decode(text, "unicode_escape").encode("latin-1")


def _write(repo: Path, argument: str) -> None:
    relative, _, text = argument.partition(" ")
    target = repo / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(_unescape(text))


def _replace(setup: Setup, kind: str) -> None:
    shutil.rmtree(setup.repo)
    if kind == "folder":
        setup.repo.mkdir()
    elif kind == "file":
        setup.repo.write_text("not a repository\n", encoding="utf-8")
    elif kind == "bare":
        pygit2.init_repository(str(setup.repo), bare=True)
    elif kind == "unborn":
        pygit2.init_repository(str(setup.repo))


def _replace_git_dir(repo: Path, text: str) -> None:
    shutil.rmtree(repo / ".git")
    (repo / ".git").write_text(text + "\n", encoding="utf-8")


def _stop_with_state(setup: Setup, argument: str) -> None:
    """Stop a real run at the rename conflict, then change one field of the saved state."""
    setup.manifest.write_text(manifest_text(patch_entry("rename", 11, 1)), encoding="utf-8")
    result = run_patchkit("apply", str(setup.manifest), "--repo", str(setup.repo))
    assert result.returncode == 1, result.stderr
    state_file = setup.repo / ".git" / "patchkit" / "state.json"
    document = json.loads(state_file.read_text(encoding="utf-8"))
    key, _, value = argument.partition("=")
    document[key] = value
    state_file.write_text(json.dumps(document), encoding="utf-8")


def _git_step(setup: Setup, operation: str, argument: str) -> None:
    repo = pygit2.Repository(str(setup.repo))
    if operation == "stage":
        index = repo.index
        index.add(argument)
        index.write()
    elif operation == "branch":
        repo.create_reference_direct(f"refs/heads/{argument}", repo.head.target, False)
    elif operation == "no-identity":
        del repo.config["user.name"]
        del repo.config["user.email"]


def _commit(setup: Setup, argument: str) -> None:
    branch, _, message = argument.partition(" ")
    repo = pygit2.Repository(str(setup.repo))
    parent = repo.references[f"refs/heads/{branch}"].peel(pygit2.Commit)
    index = pygit2.Index()
    index.read_tree(parent.tree)
    index.add(pygit2.IndexEntry("src/Extra.java", repo.create_blob(b"class Extra {}\n"), pygit2.enums.FileMode.BLOB))
    signature = pygit2.Signature("Ada Upstream", "ada@upstream.example", 1_700_500_000, 0)
    repo.create_commit(f"refs/heads/{branch}", signature, signature, message, index.write_tree(repo), [parent.id])


def apply_step(setup: Setup, operation: str, argument: str) -> None:
    """Carry out one step of a case on `setup`."""
    if operation == "write":
        _write(setup.repo, argument)
    elif operation == "delete":
        (setup.repo / argument).unlink()
    elif operation == "symlink":
        link, _, target = argument.partition(" ")
        os.symlink(target, setup.repo / link)
    elif operation in ("stage", "branch", "no-identity"):
        _git_step(setup, operation, argument)
    elif operation == "commit":
        _commit(setup, argument)
    elif operation == "patch":
        setup.patches = f"  - {argument}\n"
    elif operation == "set":
        key, _, value = argument.partition(" ")
        setup.keys[key] = value
    elif operation == "lock-held":
        _write(setup.repo, f".git/patchkit/lock {os.getpid()}")
    elif operation == "state-with":
        _stop_with_state(setup, argument)
    elif operation.startswith("replace-with-"):
        _replace(setup, operation.removeprefix("replace-with-"))
    elif operation == "replace-git-dir":
        _replace_git_dir(setup.repo, argument)
    elif operation == "remove-manifest":
        setup.manifest.unlink()
    elif operation == "manifest-folder":
        setup.manifest.unlink()
        setup.manifest.mkdir()
    else:
        raise AssertionError(f"unknown step {operation!r} in a bad-inputs/repos case")


def _set_key(lines: list[str], key: str, value: str) -> list[str]:
    """Replace the top-level `key` and the indented lines of its old value with `key: value`."""
    result: list[str] = []
    replacing = False
    for line in lines:
        if line.startswith(f"{key}:"):
            result.append(f"{key}: {value}\n")
            replacing = True
        elif not (replacing and line.startswith(" ")):
            result.append(line)
            replacing = False
    return result


def _manifest(setup: Setup) -> str:
    lines = manifest_text(setup.patches).splitlines(keepends=True)
    for key, value in setup.keys.items():
        lines = _set_key(lines, key, value)
    return "".join(lines)


def build_case(case: Case, folder: Path) -> Setup:
    """Build the repository and manifest of `case` in `folder`."""
    builder = fork_and_upstream(folder / "repo")
    blob = str(builder.repo.create_blob(b"a blob, not a commit\n"))
    fork = str(builder.repo.head.target)
    setup = Setup(folder / "repo", folder / "patchset.yaml", DEFAULT_PATCH, {})
    setup.manifest.write_text(manifest_text(DEFAULT_PATCH), encoding="utf-8")
    for operation, argument in case.steps:
        apply_step(setup, operation, argument.replace("{fork}", fork).replace("{blob}", blob))
        if operation in ("patch", "set"):
            setup.manifest.write_text(_manifest(setup), encoding="utf-8")
    return setup
