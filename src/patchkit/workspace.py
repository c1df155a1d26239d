"""The few places where a run changes the user's refs, index or work tree.

Everything else happens in the object database. The work branch is created once a
run stops or finishes. The checkout changes only when a human has to resolve a
conflict, and `restore` puts back exactly what the user had.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
from pathlib import Path

import pygit2
from pygit2.enums import CheckoutStrategy, FileStatus

from patchkit.errors import RepositoryError
from patchkit.gitrepo import branch_ref
from patchkit.pick import FileConflict, PickResult
from patchkit.state import RunState, atomic_write, patchkit_dir
from patchkit.treeedit import has_file

log = logging.getLogger("patchkit.workspace")


def backup_index(repo: pygit2.Repository) -> str | None:
    """Copy `.git/index` aside so `restore` can put back its exact bytes."""
    source = Path(repo.path) / "index"
    if not source.exists():
        return None
    target = patchkit_dir(Path(repo.path)) / "index.backup"
    atomic_write(target, source.read_bytes())
    return str(target)


def head_log_size(repo: pygit2.Repository) -> int | None:
    path = Path(repo.path) / "logs" / "HEAD"
    return path.stat().st_size if path.exists() else None


def _branch_target(repo: pygit2.Repository, name: str) -> str | None:
    try:
        return str(repo.references[branch_ref(name)].target)
    except KeyError:
        return None


def move_branch(repo: pygit2.Repository, name: str, new: str, expected: str | None) -> None:
    """Point branch `name` at `new` if it is still at `expected` (None: it must not exist)."""
    current = _branch_target(repo, name)
    if current == new:
        return
    if current != expected:
        raise RepositoryError(
            f"Branch {name} moved while patchkit was working (it is at {current}, expected "
            f"{expected}). Nothing was changed; run `patchkit abort` to start over."
        )
    message = f"patchkit: {name} at {new[:10]}"
    # NOTE: pygit2 1.21 has no binding for libgit2's git_reference_create_matching, so this
    # check and the write below are two steps. The repository lock keeps other patchkit
    # processes out, but a git command that moves the branch in between goes unnoticed.
    repo.create_reference_direct(branch_ref(name), pygit2.Oid(hex=new), current is not None, message=message)


def _checkout_tree(repo: pygit2.Repository, tree: pygit2.Object, strategy: CheckoutStrategy) -> None:
    # pygit2 1.21 leaves Repository.checkout_tree unannotated, so mypy --strict needs this one ignore.
    repo.checkout_tree(tree, strategy=strategy)  # type: ignore[no-untyped-call]


def _untracked_in_the_way(repo: pygit2.Repository, tree: pygit2.Tree) -> str:
    """Name the untracked files of the work tree that `tree` would overwrite, for an error message."""
    paths = sorted(
        path for path, flags in repo.status().items()
        if flags & FileStatus.WT_NEW and has_file(tree, path)
    )
    if not paths:
        return ""
    listed = ", ".join(paths[:5]) + (f" and {len(paths) - 5} more" if len(paths) > 5 else "")
    return f" Untracked files in the way: {listed}."


def _checkout_branch(repo: pygit2.Repository, name: str) -> None:
    ref = branch_ref(name)
    if not repo.head_is_detached and repo.head.name == ref:
        return
    try:
        repo.checkout(ref, strategy=CheckoutStrategy.SAFE)
    except pygit2.GitError as error:
        in_the_way = _untracked_in_the_way(repo, repo.lookup_reference(ref).peel(pygit2.Tree))
        raise RepositoryError(
            f"Could not check out {name} to show the conflict: {error}.{in_the_way} Move those files "
            "aside, then run `patchkit continue`; or run `patchkit abort`."
        ) from None


def _check_folders(workdir: Path, path: str) -> None:
    """Raise unless every folder on the way to `path` is a real folder inside the work tree.

    A symbolic link among them would send the write outside the work tree, and a file
    among them (a directory/file conflict) would make the write fail half-way.
    """
    parts = Path(path).parts
    if Path(path).is_absolute() or ".." in parts or ".git" in {part.lower() for part in parts}:
        raise RepositoryError(
            f"Refusing to write {path!r}: the path leaves the work tree or enters .git. "
            "Run `patchkit abort` and drop this patch from the manifest."
        )
    folder = workdir
    for part in parts[:-1]:
        folder = folder / part
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            raise RepositoryError(
                f"Cannot write the conflicted file {path}: {folder.relative_to(workdir)} in the work tree "
                "is a symbolic link or a file, not a folder. Run `patchkit abort` and apply this patch by hand."
            )


def _write_file(workdir: Path, path: str, data: bytes) -> None:
    _check_folders(workdir, path)
    target = workdir / path
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_symlink():
        target.unlink()
    elif target.is_dir():
        raise RepositoryError(
            f"Cannot write the conflicted file {path}: the work tree has a folder of that name "
            "(a directory/file conflict). Run `patchkit abort` and apply this patch by hand."
        )
    target.write_bytes(data)


def _index_conflict(
    index: pygit2.Index, path: str
) -> tuple[pygit2.IndexEntry | None, pygit2.IndexEntry | None, pygit2.IndexEntry | None] | None:
    """Return the merge's conflict entries for `path`; None for a conflict the merge never saw."""
    if index.conflicts is None:
        return None
    try:
        return index.conflicts[path]  # type: ignore[no-any-return]
    except KeyError:
        return None


def show_conflict(repo: pygit2.Repository, state: RunState, result: PickResult) -> None:
    """Check out the work branch at `state.tip` with the pick's merged files and conflicts."""
    if _branch_target(repo, state.work_branch) is None:
        move_branch(repo, state.work_branch, state.tip, None)
    _checkout_branch(repo, state.work_branch)
    head = str(repo.head.target)
    if head != state.tip:
        advance_checkout(repo, state.work_branch, head, state.tip)
    _undo_interrupted_conflict(repo, state.tip, result)
    merged_tree = repo[result.tree_without_conflicts(repo)]
    try:
        _checkout_tree(repo, merged_tree, strategy=CheckoutStrategy.SAFE)
    except pygit2.GitError as error:
        in_the_way = _untracked_in_the_way(repo, merged_tree.peel(pygit2.Tree))
        raise RepositoryError(
            f"Could not write the merged files of the stopped patch to the work tree: {error}.{in_the_way} "
            "Move aside or commit the files you changed, then run `patchkit continue`; or run `patchkit abort`."
        ) from None
    index = repo.index
    index.read()
    workdir = Path(repo.workdir)
    for conflict in result.unresolved:
        sides = _index_conflict(result.index, conflict.path)
        if sides is not None:
            index.add_conflict(*sides)
        if conflict.marked_text is not None:
            _write_file(workdir, conflict.path, conflict.marked_text)
    index.write()


def _written_by_pick(workdir: Path, conflict: FileConflict, tip_tree: pygit2.Tree, repo: pygit2.Repository) -> bool:
    """Return True when the file of `conflict` contains exactly what `show_conflict` writes, or the tip's version."""
    target = workdir / conflict.path
    current = target.read_bytes() if target.is_file() and not target.is_symlink() else None
    try:
        at_tip: bytes | None = repo[tip_tree[conflict.path].id].read_raw()
    except KeyError:
        at_tip = None
    return current in (conflict.marked_text, at_tip)


def _undo_interrupted_conflict(repo: pygit2.Repository, tip: str, result: PickResult) -> None:
    """Reset the conflict entries and marked files a killed `show_conflict` left for this same pick.

    Only conflicts on this pick's paths whose files still contain patchkit's bytes are reset. Any
    other conflict or edited file is left alone, so the checkout that follows raises RepositoryError.
    """
    index = repo.index
    index.read()
    if index.conflicts is None:
        return
    own = {conflict.path: conflict for conflict in result.unresolved}
    conflicted = {side.path for sides in index.conflicts for side in sides if side is not None}
    tip_tree = repo[tip].peel(pygit2.Commit).tree
    workdir = Path(repo.workdir)
    if not conflicted <= own.keys() or not all(_written_by_pick(workdir, own[p], tip_tree, repo) for p in conflicted):
        return
    for path in sorted(conflicted):
        del index.conflicts[path]
        _reset_path(repo, index, tip_tree, path)
    index.write()
    log.info("Reset %d conflicted file(s) left by an interrupted run before showing the conflict again.", len(conflicted))


def _reset_path(repo: pygit2.Repository, index: pygit2.Index, tree: pygit2.Tree, path: str) -> None:
    target = Path(repo.workdir) / path
    try:
        entry = tree[path]
    except KeyError:
        target.unlink(missing_ok=True)
        return
    index.add(pygit2.IndexEntry(path, entry.id, entry.filemode))
    _write_file(Path(repo.workdir), path, repo[entry.id].read_raw())


def advance_checkout(repo: pygit2.Repository, work_branch: str, old_tip: str, new_tip: str) -> None:
    """Move the checked-out work branch from `old_tip` to `new_tip`, updating index and files."""
    tree = repo[new_tip].peel(pygit2.Commit).tree
    _checkout_tree(repo, tree, strategy=CheckoutStrategy.SAFE)
    move_branch(repo, work_branch, new_tip, old_tip)


def drop_conflict(repo: pygit2.Repository, tip: str) -> None:
    """Discard a stopped pick: index and files back to the work branch tip.

    When HEAD has left the tip since the stop, the checkout is not overwritten. Without
    conflicts in the index the user has checked out other work, which is left alone.
    With conflicts, the user moved the branch under the conflict, and RepositoryError is raised.
    """
    head = str(repo.head.target)
    if head != tip:
        index = repo.index
        index.read()
        if index.conflicts is not None:
            raise RepositoryError(
                f"HEAD moved to {head[:10]} since the run stopped at {tip[:10]}, so skipping would discard "
                f"commits or files. Run `git reset --hard {tip[:10]}` on the work branch and then "
                "`patchkit skip`, or run `patchkit abort`."
            )
        log.info("HEAD is no longer at the work branch tip %s, so the checkout is left as it is.", tip[:10])
        return
    tree = repo[tip].peel(pygit2.Commit).tree
    index = repo.index
    index.read_tree(tree)
    index.write()
    _checkout_tree(repo, tree, strategy=CheckoutStrategy.FORCE)


def is_work_branch_checked_out(repo: pygit2.Repository, work_branch: str) -> bool:
    return not repo.head_is_detached and repo.head.name == branch_ref(work_branch)


def _restore_head(repo: pygit2.Repository, state: RunState) -> None:
    if state.original_head_ref is not None:
        repo.checkout(state.original_head_ref, strategy=CheckoutStrategy.FORCE)
        return
    commit = repo[state.original_head].peel(pygit2.Commit)
    _checkout_tree(repo, commit.tree, strategy=CheckoutStrategy.FORCE)
    repo.set_head(commit.id)


def _restore_index(repo: pygit2.Repository, state: RunState) -> None:
    # The backup is found under this repository's git folder, never at the path the
    # state recorded: a copied repository must not touch the original's files.
    backup = patchkit_dir(Path(repo.path)) / "index.backup"
    if state.index_backup is None or not backup.exists():
        return
    shutil.copyfile(backup, Path(repo.path) / "index")
    os.unlink(backup)


def _restore_head_log(repo: pygit2.Repository, state: RunState) -> None:
    path = Path(repo.path) / "logs" / "HEAD"
    if state.head_log_size is None or not path.exists():
        return
    if path.stat().st_size > state.head_log_size:
        with open(path, "r+b") as stream:
            stream.truncate(state.head_log_size)


def _delete_work_branch(repo: pygit2.Repository, state: RunState) -> None:
    target = _branch_target(repo, state.work_branch)
    if target is None:
        return
    ours = set(state.created_commits) | {state.fork_commit, state.tip}
    if target not in ours:
        log.warning("Kept branch %s: it points at %s, which this run did not create.", state.work_branch, target)
        return
    repo.references.delete(branch_ref(state.work_branch))


def restore(repo: pygit2.Repository, state: RunState) -> None:
    """Put back the branch, index and work tree the user had before the run."""
    if repo.head_is_detached or repo.head.name != state.original_head_ref or str(repo.head.target) != state.original_head:
        _restore_head(repo, state)
    _restore_index(repo, state)
    _delete_work_branch(repo, state)
    _restore_head_log(repo, state)
    with contextlib.suppress(FileNotFoundError):
        (Path(repo.path) / "patchkit" / "index.backup").unlink()
