"""Check, before a run, that the tree to build has the pom.xml Maven will look for."""

from __future__ import annotations

import posixpath
from collections.abc import Sequence

import pygit2

from patchkit.errors import ManifestError
from patchkit.manifest.keylines import error_at_key
from patchkit.model import Manifest

_FILE_FLAGS = ("-f", "--file")


def pom_flag(flags: Sequence[str]) -> str | None:
    """Return the path Maven's `-f`/`--file` option gives in `flags`, or None when there is none.

    Only the spellings `-f PATH`, `--file PATH` and `--file=PATH` are recognized.
    """
    for index, flag in enumerate(flags):
        if flag in _FILE_FLAGS:
            return flags[index + 1] if index + 1 < len(flags) else None
        if flag.startswith("--file="):
            return flag.removeprefix("--file=")
    return None


def _entry_type(tree: pygit2.Tree, path: str) -> str | None:
    try:
        return tree[path].type_str
    except KeyError:
        return None


def _has_pom(tree: pygit2.Tree, path: str) -> bool:
    """Return True when `path` is a file, or a folder with a pom.xml, in `tree`, as Maven's `-f` accepts.

    A path outside the tree (absolute, or starting with `..`) cannot be checked and passes.
    """
    normal = posixpath.normpath(path)
    if normal.startswith(("/", "..")):
        return True
    if normal == ".":
        return _entry_type(tree, "pom.xml") == "blob"
    kind = _entry_type(tree, normal)
    if kind == "tree":
        return _entry_type(tree, f"{normal}/pom.xml") == "blob"
    return kind == "blob"


def check_maven_project(manifest: Manifest, commit: pygit2.Commit, what: str) -> None:
    """Raise ManifestError when the manifest's enabled build would run Maven where `commit` has no pom.xml.

    `what` names the commit in the message, such as "the fork branch 'prod'".
    """
    config = manifest.build
    if not config.enabled:
        return
    flagged = pom_flag(config.flags)
    where = f"{what} ({str(commit.id)[:10]})"
    # NOTE: with `-f`, Maven reads `-pl` folders relative to that pom.xml's folder, but the
    # modules chosen from touched files are relative to the repository's root, so such a
    # build needs `build.modules`. Nothing checks that here.
    if flagged is not None:
        if not _has_pom(commit.tree, flagged):
            problem = (
                f"Maven's `-f {flagged}` names no pom.xml in {where}. "
                "Give the path of the project's pom.xml, relative to the repository's root."
            )
            raise error_at_key(manifest, ("build", "flags"), problem)
        return
    if _entry_type(commit.tree, "pom.xml") == "blob":
        return
    raise _no_root_pom(manifest, where)


def _no_root_pom(manifest: Manifest, where: str) -> ManifestError:
    problem = (
        f"the build is enabled, but {where} has no pom.xml at its root, so Maven cannot build it. "
        "Add `build: {enabled: false}` to the manifest to skip the build, or, when the Maven project is in a "
        "folder, add `-f FOLDER/pom.xml` to `build.flags` and list `build.modules` relative to that folder."
    )
    return error_at_key(manifest, ("build",), problem)
