"""Build small git repositories for tests from a few lines of script.

    builder = RepoBuilder.init(tmp_path / "repo")
    base = builder.commit("main", "Add App", {"App.java": "class App {}\n"})
    builder.commit("upstream", "Fix App (#12)", {"App.java": "..."}, parent=base)

Every commit has a fixed author and date, so commit ids repeat from run to run.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

import pygit2
from pygit2.enums import CheckoutStrategy

AUTHOR = pygit2.Signature("Ada Upstream", "ada@upstream.example", 1_700_000_000, 0)
COMMITTER = pygit2.Signature("Release Engineer", "re@fork.example", 1_700_000_000, 0)


def give_identity(path: Path) -> None:
    """Set the release engineer's committer identity in the repository's config, as apply needs one."""
    config = pygit2.Repository(str(path)).config
    config["user.name"] = COMMITTER.name
    config["user.email"] = COMMITTER.email


@dataclass
class RepoBuilder:
    repo: pygit2.Repository
    clock: int = 1_700_000_000
    commits: dict[str, str] = field(default_factory=dict)

    @classmethod
    def init(cls, path: Path) -> RepoBuilder:
        repo = pygit2.init_repository(str(path), initial_head="main")
        repo.config["user.name"] = COMMITTER.name
        repo.config["user.email"] = COMMITTER.email
        return cls(repo)

    @property
    def path(self) -> Path:
        return Path(self.repo.workdir)

    def _tree(self, parent: pygit2.Commit | None, files: dict[str, str | bytes | None]) -> pygit2.Oid:
        index = pygit2.Index()
        if parent is not None:
            index.read_tree(parent.tree)
        for path, content in files.items():
            if content is None:
                if path in index:
                    index.remove(path)
                continue
            data = content.encode() if isinstance(content, str) else content
            index.add(pygit2.IndexEntry(path, self.repo.create_blob(data), pygit2.enums.FileMode.BLOB))
        return index.write_tree(self.repo)

    def commit(
        self,
        branch: str,
        message: str,
        files: dict[str, str | bytes | None],
        *,
        parent: str | None = None,
        author: pygit2.Signature | None = None,
        name: str | None = None,
    ) -> str:
        """Commit `files` (None deletes) on top of `parent` or the branch tip, and move the branch."""
        ref = branch if branch.startswith("refs/") else f"refs/heads/{branch}"
        if parent is None and ref in self.repo.references:
            parent = str(self.repo.references[ref].target)
        parent_commit = self.repo[parent].peel(pygit2.Commit) if parent else None
        self.clock += 3600
        who = author or AUTHOR
        signature = pygit2.Signature(who.name, who.email, self.clock, 0)
        oid = self.repo.create_commit(
            None, signature, signature, message, self._tree(parent_commit, files),
            [parent_commit.id] if parent_commit else [],
        )
        self.repo.create_reference_direct(ref, oid, True)
        self.commits[name or message] = str(oid)
        return str(oid)

    def checkout(self, branch: str) -> None:
        self.repo.checkout(f"refs/heads/{branch}", strategy=CheckoutStrategy.FORCE)

    def tag(self, name: str, target: str) -> None:
        self.repo.create_reference_direct(f"refs/tags/{name}", pygit2.Oid(hex=target), True)


def snapshot(path: Path, *, objects: bool = False) -> dict[str, str]:
    """Hash every file under `path` (the work tree and `.git/`), skipping patchkit's own folder.

    Object files are skipped unless `objects` is true: a run that is aborted leaves the
    objects it wrote unreferenced, as git's own aborts do, for `git gc` to remove.
    """
    skipped = ["*/.git/patchkit"] + ([] if objects else ["*/.git/objects"])
    result: dict[str, str] = {}
    for root, dirs, files in os.walk(path):
        dirs[:] = [d for d in dirs if not any((Path(root) / d).match(pattern) for pattern in skipped)]
        for name in files:
            full = Path(root) / name
            if full.is_symlink():
                result[str(full.relative_to(path))] = "link:" + os.readlink(full)
                continue
            result[str(full.relative_to(path))] = hashlib.sha256(full.read_bytes()).hexdigest()
    return result
