"""`apply` on a pom.xml conflict that the line-level merge settles, and on one it leaves for a human."""

from __future__ import annotations

from pathlib import Path

from patchkit.errors import EXIT_OK, EXIT_STOPPED
from patchkit.model import PatchStatus, ResolutionKind
from patchkit.report.markdown import render_markdown
from patchkit.runner import apply
from tests.repobuilder import RepoBuilder
from tests.runner.scenarios import patch_entry, write_manifest

POM = """<project>
  <properties>
    <jettison.version>1.5.6</jettison.version>
    <jetty.version>12.1.11</jetty.version>
    <jexl.version>3.6.4</jexl.version>
  </properties>
</project>
"""
FORK_POM = POM.replace("12.1.11", "12.0.37")


def _bumped_upstream(path: Path, upstream_pom: str) -> RepoBuilder:
    builder = RepoBuilder.init(path)
    base = builder.commit("main", "Add the build", {"pom.xml": POM})
    builder.tag("base", base)
    builder.commit("fork", "Keep Jetty 12.0 on the fork", {"pom.xml": FORK_POM}, parent=base)
    builder.commit("upstream", "Bump jettison (#30)", {"pom.xml": upstream_pom}, parent=base)
    builder.checkout("fork")
    return builder


def test_neighbour_bump_resolved(tmp_path: Path) -> None:
    builder = _bumped_upstream(tmp_path / "repo", POM.replace("1.5.6", "1.5.7"))

    result = apply(write_manifest(tmp_path, patch_entry("jettison", 30, 1)), builder.path)

    assert result.exit_code == EXIT_OK
    outcome = result.record.patches[0]
    assert outcome.status is PatchStatus.RESOLVED
    (conflict,) = outcome.conflicts
    assert conflict.resolution is ResolutionKind.LINE_MERGE
    assert "next to each other" in conflict.reason
    assert conflict.diff is not None
    assert "-    <jetty.version>12.1.11</jetty.version>" in conflict.diff
    committed = builder.repo[builder.repo[outcome.new_commit].tree["pom.xml"].id].data.decode()
    assert committed == FORK_POM.replace("1.5.6", "1.5.7")
    assert "resolved by the line-level merge" in render_markdown(result.record)


def test_same_property_stops(tmp_path: Path) -> None:
    builder = _bumped_upstream(tmp_path / "repo", POM.replace("12.1.11", "12.1.12"))

    result = apply(write_manifest(tmp_path, patch_entry("jetty", 30, 1)), builder.path)

    assert result.exit_code == EXIT_STOPPED
    (conflict,) = result.record.patches[0].conflicts
    assert conflict.resolution is ResolutionKind.UNRESOLVED
    assert "both sides changed the same lines" in conflict.reason
    assert "<<<<<<<" in (builder.path / "pom.xml").read_text(encoding="utf-8")
