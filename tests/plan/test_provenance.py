from __future__ import annotations

from patchkit.model import Provenance
from patchkit.provenance import lines_fork_lacks, member_spans, provenance_sentence

SOURCE = """package org.example;

import java.util.List;

public class Runner
{
  private int count;

  public Runner()
  {
    count = 0;
  }

  public void stop(List<String> names)
  {
    count++;
  }

  static class Helper
  {
    void help() {}
  }
}
"""


def test_member_spans_lines() -> None:
    spans = {span.name: (span.first, span.last) for span in member_spans(SOURCE)}
    assert spans["Runner"] == (5, 23)
    assert spans["Runner (declaration)"] == (5, 6)
    assert spans["Runner.count"] == (7, 7)
    assert spans["Runner.Runner()"] == (9, 12)
    assert spans["Runner.stop(List)"] == (14, 17)
    assert spans["Runner.Helper (declaration)"] == (19, 20)
    assert spans["Runner.Helper.help()"] == (21, 21)


def test_member_spans_unparsable() -> None:
    assert member_spans("class {") == ()


def test_lines_fork_lacks_member() -> None:
    fork = SOURCE.replace("    count++;\n", "    count += 2;\n")
    assert lines_fork_lacks(SOURCE, fork, "Runner.stop(List)") == [16]
    assert lines_fork_lacks(SOURCE, SOURCE, "Runner.stop(List)") == []


def test_lines_fork_lacks_member_missing() -> None:
    fork = SOURCE.replace("  public void stop(List<String> names)\n  {\n    count++;\n  }\n\n", "")
    assert lines_fork_lacks(SOURCE, fork, "Runner.stop(List)") == [14, 15, 16, 17]


def test_sentence_skipped_source() -> None:
    source = Provenance("5" * 40, "Wait for running peons (#17446)", 17446, "skipped", "lifecycle-start")
    assert provenance_sentence("#18576", "KubernetesWorkItem.shutdown()", [source]) == (
        "#18576 conflicts in KubernetesWorkItem.shutdown() because it builds on #17446, which this manifest skips."
    )


def test_sentence_several_sources() -> None:
    sources = [
        Provenance("a" * 40, "Tidy the runner", None, "not listed"),
        Provenance("b" * 40, "Add retries (#12)", 12, "listed later", "retries"),
    ]
    assert provenance_sentence("#20", "Runner.stop(List)", sources) == (
        "#20 conflicts in Runner.stop(List) because it builds on aaaaaaaaaa (Tidy the runner), which this "
        "manifest does not list; and #12, which this manifest applies later as patch 'retries'."
    )


def test_sentence_without_sources() -> None:
    assert provenance_sentence("#20", "Runner.stop(List)", []) == (
        "#20 conflicts in Runner.stop(List) because the fork changed the lines it builds on."
    )
