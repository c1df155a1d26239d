"""Small fork/upstream repositories for runner tests, and their manifests."""

from __future__ import annotations

from pathlib import Path

from tests.repobuilder import RepoBuilder

APP_BASE = """package demo;

public class App
{
  public int size()
  {
    return 1;
  }

  public String name()
  {
    return "app";
  }
}
"""

APP_FIXED_SIZE = APP_BASE.replace("return 1;", "return 2;")
APP_FORK_NAME = APP_BASE.replace('return "app";', 'return "fork-app";')
APP_UPSTREAM_NAME = APP_BASE.replace('return "app";', 'return "upstream-app";')


def manifest_text(patches: str, *, work_branch: str = "refresh", extra: str = "") -> str:
    return (
        "patchset: test\n"
        "upstream: upstream\n"
        "fork: fork\n"
        "fork_point: base\n"
        f"work_branch: {work_branch}\n"
        "patches:\n"
        f"{patches}"
        "build:\n"
        "  enabled: false\n"
        f"{extra}"
    )


def write_manifest(folder: Path, patches: str, **options: str) -> Path:
    path = folder / "patchset.yaml"
    path.write_text(manifest_text(patches, **options), encoding="utf-8")
    return path


def fork_and_upstream(path: Path) -> RepoBuilder:
    """A base commit tagged `base`, a fork branch `fork` (checked out) and an `upstream` branch.

    upstream: "Fix size (#10)" changes size(); "Rename app (#11)" changes name(), which the
    fork changed too; "Docs (#12)" adds a README.
    """
    builder = RepoBuilder.init(path)
    base = builder.commit("main", "Add App", {"src/App.java": APP_BASE})
    builder.tag("base", base)
    builder.commit("fork", "Name the fork's app", {"src/App.java": APP_FORK_NAME}, parent=base)
    builder.commit("upstream", "Fix size (#10)", {"src/App.java": APP_FIXED_SIZE}, parent=base)
    builder.commit("upstream", "Rename app (#11)", {"src/App.java": APP_FIXED_SIZE.replace('return "app";', 'return "upstream-app";')})
    builder.commit("upstream", "Docs (#12)", {"README.md": "# App\n"})
    builder.checkout("fork")
    return builder


def patch_entry(patch_id: str, pr: int, priority: int | None = None, decision: str = "apply", reason: str | None = None) -> str:
    lines = [f"  - id: {patch_id}", f"    pr: {pr}", f"    decision: {decision}"]
    if priority is not None:
        lines.append(f"    priority: {priority}")
    if reason is not None:
        lines.append(f"    reason: {reason}")
    return "\n".join(lines) + "\n"
