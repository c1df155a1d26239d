"""A fork and an upstream where one side deletes files the other changes.

The base commit (tagged `base`) is the fork point. Upstream then, in order:
"Change Gone (#30)", "Delete Gone (#31)", "Add New (#32)", "Change New (#33)",
"Change Old (#34)". A branch `mixed` leaves upstream at #30 with "Drop Gone and
rename app (#36)", which deletes Gone.java and changes the line the fork changed in App.java.
"""

from __future__ import annotations

from pathlib import Path

import pygit2

from patchkit.pick import PickContext, PickResult, pick
from tests.repobuilder import RepoBuilder
from tests.runner.scenarios import APP_BASE, APP_FORK_NAME, APP_UPSTREAM_NAME

APP = "src/App.java"
GONE = "src/Gone.java"
OLD = "src/Old.java"
NEW = "src/New.java"

GONE_BASE = "class Gone { int v = 1; }\n"
OLD_BASE = "class Old { int v = 1; }\n"


def deletion_repo(path: Path, fork_files: dict[str, str | bytes | None] | None = None) -> RepoBuilder:
    """Build the repository; `fork_files` are changed (None deletes) by the fork's commit besides App.java."""
    builder = RepoBuilder.init(path)
    base = builder.commit("main", "Add App", {APP: APP_BASE, GONE: GONE_BASE, OLD: OLD_BASE})
    builder.tag("base", base)
    builder.commit("fork", "Name the fork's app", {APP: APP_FORK_NAME, **(fork_files or {})}, parent=base)
    changed = builder.commit("upstream", "Change Gone (#30)", {GONE: GONE_BASE.replace("1", "2")}, parent=base)
    builder.commit("upstream", "Delete Gone (#31)", {GONE: None})
    builder.commit("upstream", "Add New (#32)", {NEW: "class New { int v = 1; }\n"})
    builder.commit("upstream", "Change New (#33)", {NEW: "class New { int v = 2; }\n"})
    builder.commit("upstream", "Change Old (#34)", {OLD: OLD_BASE.replace("1", "2")})
    builder.commit("mixed", "Drop Gone and rename app (#36)", {GONE: None, APP: APP_UPSTREAM_NAME}, parent=changed)
    builder.checkout("fork")
    return builder


def commit_of(builder: RepoBuilder, ref: str) -> pygit2.Commit:
    return builder.repo.revparse_single(ref).peel(pygit2.Commit)


def pick_onto_fork(builder: RepoBuilder, message: str) -> PickResult:
    """Pick the upstream commit named `message` onto the fork branch, with `base` as the fork point."""
    context = PickContext(builder.repo, commit_of(builder, "base"), (), "fork")
    upstream = builder.repo[builder.commits[message]].peel(pygit2.Commit)
    return pick(context, upstream, commit_of(builder, "fork"))


def tree_at(builder: RepoBuilder, tree_id: pygit2.Oid) -> pygit2.Tree:
    return builder.repo[tree_id].peel(pygit2.Tree)


CONTRIB = "contrib/ext/src"
CORE = "core/ext/src"
# Several lines, so that git's rename detection still pairs the file after upstream changes one of them.
HELPER_BASE = "class Helper\n{\n  int size = 1;\n\n  String name()\n  {\n    return \"helper\";\n  }\n}\n"
UTIL = "class Util\n{\n  static int twice(int value)\n  {\n    return 2 * value;\n  }\n}\n"


def moved_repo(path: Path) -> RepoBuilder:
    """Upstream moves `contrib/ext/` (three files) to `core/ext/` after the fork point, then changes files there.

    Upstream, in order: "Move ext to core (#20)", "Change Helper (#21)",
    "Delete Helper (#22)", "Add Extra (#23)", "Change Extra (#24)".
    """
    builder = RepoBuilder.init(path)
    files = {"App.java": APP_BASE, "Helper.java": HELPER_BASE, "Util.java": UTIL}
    base = builder.commit("main", "Add ext", {f"{CONTRIB}/{name}": text for name, text in files.items()})
    builder.tag("base", base)
    builder.commit("fork", "Name the fork's app", {f"{CONTRIB}/App.java": APP_FORK_NAME}, parent=base)
    moved: dict[str, str | bytes | None] = {f"{CONTRIB}/{name}": None for name in files}
    moved.update({f"{CORE}/{name}": text for name, text in files.items()})
    builder.commit("upstream", "Move ext to core (#20)", moved, parent=base)
    builder.commit("upstream", "Change Helper (#21)", {f"{CORE}/Helper.java": HELPER_BASE.replace("size = 1", "size = 2")})
    builder.commit("upstream", "Delete Helper (#22)", {f"{CORE}/Helper.java": None})
    builder.commit("upstream", "Add Extra (#23)", {f"{CORE}/Extra.java": "class Extra { int v = 1; }\n"})
    builder.commit("upstream", "Change Extra (#24)", {f"{CORE}/Extra.java": "class Extra { int v = 2; }\n"})
    builder.checkout("fork")
    return builder
