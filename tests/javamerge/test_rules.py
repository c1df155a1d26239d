"""Rule scope, rule declines and conflicts outside the golden cases."""

from __future__ import annotations

import pytest

from patchkit.javamerge import merge_java_file
from patchkit.javamerge.rules import glob_pattern
from patchkit.model import MergeRule, ResolutionKind, RuleKind

PATH = "src/main/java/org/example/Jobs.java"


def java_class(*members: str) -> str:
    return "package org.example;\n\npublic class Jobs\n{\n" + "\n".join(members) + "}\n"


def method(name: str, *statements: str) -> str:
    body = "".join(f"    {statement}\n" for statement in statements)
    return f"  void {name}()\n  {{\n{body}  }}\n"


@pytest.mark.parametrize(
    ("glob", "path", "expected"),
    [
        ("src/**/*.java", "src/main/java/A.java", True),
        ("src/**/*.java", "src/A.java", True),
        ("src/*.java", "src/main/A.java", False),
        ("**/Jobs.java", PATH, True),
        ("other/**", PATH, False),
    ],
)
def test_glob_pattern(glob: str, path: str, expected: bool) -> None:
    assert bool(glob_pattern(glob).match(path)) == expected


def test_rule_scope_other_type() -> None:
    base = java_class(method("run", "a();"))
    ours = java_class(method("run", "fork();"))
    theirs = java_class(method("run", "upstream();"))
    rule = MergeRule("other", RuleKind.PREFER_FORK, type_name="Other")
    result = merge_java_file(base, ours, theirs, path=PATH, rules=[rule])
    assert not result.clean
    assert result.conflicts[0].resolution is ResolutionKind.UNRESOLVED


def test_keep_rule_ambiguous_anchor() -> None:
    base = java_class(method("run", "step();", "step();", "done();"))
    ours = java_class(method("run", "step();", "log(\"[KEEP] one\");", "step();", "done();"))
    theirs = java_class(method("run", "step();", "check();", "step();", "done2();"))
    rule = MergeRule("keep", RuleKind.KEEP_FORK_STATEMENTS, pattern=r"\[KEEP\]")
    result = merge_java_file(base, ours, theirs, path=PATH, rules=[rule])
    conflict = result.conflicts[0]
    assert conflict.resolution is ResolutionKind.UNRESOLVED
    assert "ambiguous" in conflict.reason


def test_keep_rule_block_gone() -> None:
    base = java_class(method("run", "if (ready) {", "  go();", "}", "end();"))
    ours = java_class(method("run", "if (ready) {", "  log(\"[KEEP] going\");", "  go();", "}", "end();"))
    theirs = java_class(method("run", "go();", "end(true);"))
    rule = MergeRule("keep", RuleKind.KEEP_FORK_STATEMENTS, pattern=r"\[KEEP\]")
    result = merge_java_file(base, ours, theirs, path=PATH, rules=[rule])
    assert "is gone upstream" in result.conflicts[0].reason
    assert "<<<<<<< fork" in result.text


def test_keep_rule_other_fork_change() -> None:
    base = java_class(method("run", "a();", "b();"))
    ours = java_class(method("run", "log(\"[KEEP] start\");", "a(1);", "b();"))
    theirs = java_class(method("run", "a();", "c();"))
    rule = MergeRule("keep", RuleKind.KEEP_FORK_STATEMENTS, pattern=r"\[KEEP\]")
    result = merge_java_file(base, ours, theirs, path=PATH, rules=[rule])
    assert "a();" in result.conflicts[0].reason
    assert not result.clean


def test_prefer_upstream_after_fork_delete() -> None:
    base = java_class(method("run", "a();"), method("stop", "b();"))
    ours = java_class(method("run", "a();"))
    theirs = java_class(method("run", "a();"), method("stop", "b(true);"))
    rule = MergeRule("up", RuleKind.PREFER_UPSTREAM, member="stop")
    result = merge_java_file(base, ours, theirs, path=PATH, rules=[rule])
    assert result.clean
    assert result.text == theirs


def test_union_declines_both_changed() -> None:
    entries = ["    A,\n", "    B;\n"]
    def enum_file(*constants: str) -> str:
        return "package org.example;\n\npublic enum Mode\n{\n" + "".join(constants) + "}\n"
    base = enum_file(*entries)
    ours = enum_file("    A(1),\n", "    B;\n")
    theirs = enum_file("    A,\n", "    B(2);\n")
    rule = MergeRule("all", RuleKind.UNION)
    result = merge_java_file(base, ours, theirs, path=PATH, rules=[rule])
    assert not result.clean
    assert "both sides changed or removed entries" in result.conflicts[0].reason


def test_same_signature_added_twice() -> None:
    base = java_class(method("run", "a();"))
    ours = java_class(method("run", "a();"), "  public String toString()\n  {\n    return \"fork\";\n  }\n")
    theirs = java_class(method("run", "a();"), "  public String toString()\n  {\n    return \"upstream\";\n  }\n")
    result = merge_java_file(base, ours, theirs, path=PATH)
    assert not result.clean
    assert result.conflicts[0].member == "Jobs.toString()"
    assert result.text.count("<<<<<<< fork") == 1


def test_non_java_path_text_merge() -> None:
    result = merge_java_file("a\n", "a\nb\n", "c\na\n", path="docs/notes.md")
    assert result.text == "c\na\nb\n"
    assert result.fallback_reason is None


def test_non_java_path_conflict_reason() -> None:
    result = merge_java_file("a\n", "b\n", "c\n", path="docs/notes.md")
    assert result.text == "<<<<<<< fork\nb\n=======\nc\n>>>>>>> upstream\n"
    assert result.fallback_reason is not None


@pytest.mark.parametrize(
    "broken",
    ["class {", "public class A { void f( }", "@", "0", "class A { int x = ; }", "\"unterminated"],
)
def test_broken_java_falls_back(broken: str) -> None:
    base = java_class(method("run", "a();"))
    result = merge_java_file(base, broken, java_class(method("run", "b();")), path=PATH)
    assert result.fallback_reason is not None


def test_members_sharing_line_fall_back() -> None:
    base = "class A {\n  int a; int b;\n  void f() {}\n}\n"
    ours = "class A {\n  int a; int b;\n  void f() { x(); }\n}\n"
    theirs = "class A {\n  int a; int b = 2;\n  void f() {}\n}\n"
    result = merge_java_file(base, ours, theirs, path=PATH)
    assert result.fallback_reason is not None
    assert "line 2" in result.fallback_reason


def test_keep_rule_anchor_with_kept_inside() -> None:
    base = java_class(method("run", "if (ready) {", "  go();", "}", "end();"))
    ours = java_class(
        method("run", "if (ready) {", "  log(\"[KEEP] going\");", "  go();", "}", "log(\"[KEEP] went\");", "end();")
    )
    theirs = java_class(method("run", "if (ready) {", "  go();", "}", "flush();", "end(true);"))
    rule = MergeRule("keep", RuleKind.KEEP_FORK_STATEMENTS, pattern=r"\[KEEP\]")
    result = merge_java_file(base, ours, theirs, path=PATH, rules=[rule])
    expected = java_class(
        method("run", "if (ready) {", "  log(\"[KEEP] going\");", "  go();", "}", "log(\"[KEEP] went\");",
               "flush();", "end(true);")
    )
    assert result.text == expected
    assert result.conflicts[0].resolution is ResolutionKind.RULE


def test_keep_rule_fork_reordered() -> None:
    base = java_class(method("run", "a();", "b();", "c();"))
    ours = java_class(method("run", "b();", "a();", "log(\"[KEEP] x\");", "c();"))
    theirs = java_class(method("run", "a();", "b();", "c(1);"))
    rule = MergeRule("keep", RuleKind.KEEP_FORK_STATEMENTS, pattern=r"\[KEEP\]")
    result = merge_java_file(base, ours, theirs, path=PATH, rules=[rule])
    assert not result.clean
    assert "beyond the statements the rule keeps" in result.conflicts[0].reason


def registry(*keys: str) -> str:
    puts = "".join(f"    REGISTRY.put(\"{key}\", new {key.title()}Format());\n" for key in keys)
    return f"package org.example;\n\nclass Formats\n{{\n  static\n  {{\n{puts}  }}\n}}\n"


def test_union_registry_block() -> None:
    rule = MergeRule("registry", RuleKind.UNION, type_name="Formats")
    result = merge_java_file(registry("csv"), registry("csv", "orc"), registry("csv", "avro"), path=PATH, rules=[rule])
    assert result.text == registry("csv", "orc", "avro")
    assert result.conflicts[0].member == "Formats.static {}"


def test_union_array_initializer() -> None:
    def names(*entries: str) -> str:
        body = ",\n".join(f"      \"{entry}\"" for entry in entries)
        return java_class(f"  static final String[] NAMES = {{\n{body}\n  }};\n")
    rule = MergeRule("names", RuleKind.UNION, member="NAMES")
    result = merge_java_file(names("a"), names("a", "b"), names("a", "c"), path=PATH, rules=[rule])
    assert result.text == names("a", "b", "c")
    assert result.clean


def test_signature_change_meets_body_change() -> None:
    def run(signature: str, first: str, last: str) -> str:
        return java_class(f"  void run({signature})\n  {{\n    {first}\n    a();\n    b();\n    {last}\n  }}\n")
    base = run("int a", "x();", "y();")
    ours = run("int a", "x(1);", "y();")
    theirs = run("int a, int b", "x();", "y(b);")
    result = merge_java_file(base, ours, theirs, path=PATH)
    assert result.text == run("int a, int b", "x(1);", "y(b);")
    assert result.clean


def test_signature_change_with_overloads_stays_apart() -> None:
    base = java_class(method("run", "a();"), "  void run(int n)\n  {\n    b();\n  }\n")
    theirs = java_class(method("run", "a();"), "  void run(long n)\n  {\n    b();\n  }\n")
    ours = java_class(method("run", "a(1);"), "  void run(int n)\n  {\n    b();\n  }\n")
    result = merge_java_file(base, ours, theirs, path=PATH)
    assert result.text == java_class(method("run", "a(1);"), "  void run(long n)\n  {\n    b();\n  }\n")


def test_keep_rule_statement_already_upstream() -> None:
    base = java_class(method("run", "a();", "b();"))
    ours = java_class(method("run", "a();", "log(\"[KEEP] after a\");", "b();", "log(\"[KEEP] after b\");"))
    theirs = java_class(method("run", "a();", "log(\"[KEEP] after a\");", "b(2);"))
    rule = MergeRule("keep", RuleKind.KEEP_FORK_STATEMENTS, pattern=r"\[KEEP\]")
    result = merge_java_file(base, ours, theirs, path=PATH, rules=[rule])
    expected = java_class(method("run", "a();", "log(\"[KEEP] after a\");", "b(2);", "log(\"[KEEP] after b\");"))
    assert result.text == expected


def test_keep_rule_invalid_pattern() -> None:
    base = java_class(method("run", "a();"))
    ours = java_class(method("run", "a(1);"))
    theirs = java_class(method("run", "a(2);"))
    rule = MergeRule("keep", RuleKind.KEEP_FORK_STATEMENTS, pattern="[unclosed")
    result = merge_java_file(base, ours, theirs, path=PATH, rules=[rule])
    assert "not a valid regular expression" in result.conflicts[0].reason


def test_keep_rule_stays_before_return() -> None:
    base = java_class(method("run", "a();"))
    ours = java_class(method("run", "a();", "log(\"[KEEP] done\");"))
    theirs = java_class(method("run", "a(2);", "return;"))
    rule = MergeRule("keep", RuleKind.KEEP_FORK_STATEMENTS, pattern=r"\[KEEP\]")
    result = merge_java_file(base, ours, theirs, path=PATH, rules=[rule])
    assert result.text == java_class(method("run", "a(2);", "log(\"[KEEP] done\");", "return;"))
