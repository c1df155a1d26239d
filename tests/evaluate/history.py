"""A repository whose release branch carries backports of main's commits, with known outcomes.

main:      Add Util, Add App -> A "Tune Util.last (#10)" -> B "Tune b (#11)" -> C "Rename app (#12)"
           -> F "Fix docs (#13)" -> D "Tune b again (#14)"
release-1: branches after "Add App", changes a(), name() and Util.first(), then backports:
  A' cherry-picked, merges cleanly (Util.java changed on both sides, far apart)
  B' cherry-picked, git conflicts on adjacent lines, patchkit's result equals the commit
  C' cherry-picked, both sides changed name(): left for a human
  F' "[Backport] Fix docs (#13)" without a trailer: found only by PR number
  D' cherry-picked, patchkit resolves, but the commit also changed name(): different
  E' names a commit that is not in the repository: skipped
"""

from __future__ import annotations

from pathlib import Path

from tests.repobuilder import RepoBuilder

MISSING = "0123456789abcdef0123456789abcdef01234567"


def app(a: int, b: int, name: str) -> str:
    return (
        "package demo;\n\n"
        "public class App\n{\n"
        f"  public int a() {{ return {a}; }}\n"
        f"  public int b() {{ return {b}; }}\n\n"
        "  public String name()\n  {\n"
        f'    return "{name}";\n'
        "  }\n}\n"
    )


def util(first: int, last: int) -> str:
    middle = "".join(f"  public int m{i}()\n  {{\n    return {i};\n  }}\n\n" for i in range(4))
    return (
        "package demo;\n\n"
        "public class Util\n{\n"
        f"  public int first()\n  {{\n    return {first};\n  }}\n\n"
        f"{middle}"
        f"  public int last()\n  {{\n    return {last};\n  }}\n}}\n"
    )


def _picked(message: str, original: str) -> str:
    return f"{message}\n\n(cherry picked from commit {original})\n"


def build(path: Path) -> RepoBuilder:
    builder = RepoBuilder.init(path)
    builder.commit("main", "Add Util", {"Util.java": util(1, 1), "README": "docs\n"})
    root = builder.commit("main", "Add App", {"App.java": app(1, 2, "app")})
    a = builder.commit("main", "Tune Util.last (#10)", {"Util.java": util(1, 9)})
    b = builder.commit("main", "Tune b (#11)", {"App.java": app(1, 20, "app")})
    c = builder.commit("main", "Rename app (#12)", {"App.java": app(1, 20, "upstream-app")})
    f = builder.commit("main", "Fix docs (#13)", {"README": "better docs\n"})
    d = builder.commit("main", "Tune b again (#14)", {"App.java": app(1, 30, "upstream-app")})

    builder.commit("release-1", "Fork changes", {"App.java": app(10, 2, "fork-app"), "Util.java": util(5, 1)},
                   parent=root)
    builder.commit("release-1", _picked("Tune Util.last (#10)", a), {"Util.java": util(5, 9)}, name="A'")
    builder.commit("release-1", _picked("Tune b (#11)", b), {"App.java": app(10, 20, "fork-app")}, name="B'")
    builder.commit("release-1", _picked("Rename app (#12)", c), {"App.java": app(10, 20, "fork-app-2")}, name="C'")
    builder.commit("release-1", "[Backport] Fix docs (#13)", {"README": "better docs\n"}, name="F'")
    builder.commit("release-1", _picked("Tune b again (#14)", d), {"App.java": app(10, 30, "fork-app-3")}, name="D'")
    builder.commit("release-1", _picked("Lost change", MISSING), {"README": "lost\n"}, name="E'")
    builder.checkout("main")
    return builder
