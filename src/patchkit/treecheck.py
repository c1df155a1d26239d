"""Rejecting upstream commits whose trees carry names git itself would never write.

A crafted tree object can hold entries named `..`, `.git` or `a/b`. Checking such a
commit out could write outside the work tree or into `.git/`. git refuses these
names in `git fsck`, and patchkit refuses the commit before a run starts.
"""

from __future__ import annotations

from collections.abc import Iterator

import pygit2

def _name_problem(name: str) -> str | None:
    # Windows and macOS file systems treat `.GIT`, `.git.` and `.git ` as `.git`.
    if name in ("", ".", "..") or name.lower().rstrip(". ") == ".git":
        return "a reserved name"
    if "/" in name or "\\" in name or "\0" in name:
        return "a path separator or NUL byte"
    return None


def _encoding_problem(entry: pygit2.Object) -> str | None:
    # patchkit handles paths as text, and libgit2's tree builder takes UTF-8 names only.
    try:
        (entry.raw_name or b"").decode("utf-8")
    except UnicodeDecodeError:
        return "a name that is not valid UTF-8, which patchkit cannot write into a tree"
    return None


def _entry_name(entry: pygit2.Object) -> str:
    raw = entry.raw_name
    return raw.decode("utf-8", errors="replace") if raw is not None else ""


def _changed_entries(tree: pygit2.Tree, old: pygit2.Tree | None, prefix: str) -> Iterator[tuple[str, str]]:
    """Yield (path, problem) for each unsafe name in the subtrees that differ from `old`."""
    old_ids = {_entry_name(entry): entry.id for entry in old} if old is not None else {}
    for entry in tree:
        name = _entry_name(entry)
        if old_ids.get(name) == entry.id:
            continue
        problem = _name_problem(name) or _encoding_problem(entry)
        if problem is not None:
            yield f"{prefix}{name}", problem
            continue
        if entry.type_str == "tree":
            previous = old[name] if old is not None and name in old_ids else None
            old_tree = previous if isinstance(previous, pygit2.Tree) else None
            yield from _changed_entries(entry, old_tree, f"{prefix}{name}/")  # type: ignore[arg-type]


def unsafe_paths(commit: pygit2.Commit) -> list[tuple[str, str]]:
    """Return (path, problem) for every unsafe entry the commit adds or changes."""
    parent = commit.parents[0].tree if commit.parents else None
    try:
        return list(_changed_entries(commit.tree, parent, ""))
    except (KeyError, ValueError, pygit2.GitError) as error:
        return [("(tree)", f"an unreadable tree ({error})")]
