"""merge_imports: set semantics, the fork's grouping, and packages under another root."""

from __future__ import annotations

from patchkit.javamerge.imports import import_key, merge_imports, split_header


def lines(*imports: str) -> list[str]:
    return [f"import {name};\n" if name else "\n" for name in imports]


def test_imports_added_into_matching_group() -> None:
    base = lines("com.a.One", "", "java.util.List")
    theirs = lines("com.a.One", "com.a.Two", "", "java.util.List", "java.util.Map")
    ours = lines("com.a.One", "com.b.Extra", "", "java.util.List")
    merged = merge_imports(base, ours, theirs, ("", "", ""))
    assert merged == lines("com.a.One", "com.a.Two", "com.b.Extra", "", "java.util.List", "java.util.Map")


def test_imports_unsorted_fork_appends() -> None:
    base = lines("java.util.Map", "java.util.List")
    merged = merge_imports(base, base, lines("java.util.Map", "java.util.List", "java.util.Set"), ("", "x", ""))
    assert merged == lines("java.util.Map", "java.util.List", "java.util.Set")


def test_imports_removed_unless_fork_uses() -> None:
    base = lines("java.util.List", "java.util.Map")
    theirs = lines("java.util.List")
    code = ("List a; Map b;", "List a; Map b; Map c;", "List a;")
    assert merge_imports(base, base, theirs, code) == base
    assert merge_imports(base, base, theirs, (code[0], code[0] + " ", code[2])) == theirs


def test_imports_keep_fork_root() -> None:
    base = lines("javax.jms.Message")
    theirs = lines("jakarta.jms.Message")
    merged = merge_imports(base, base, theirs, ("Message m;", "Message m; int x;", "Message m;"))
    assert merged == base


def test_imports_skip_same_simple_name() -> None:
    ours = lines("org.fork.Message")
    merged = merge_imports([], ours, lines("org.upstream.Message"), ("", "", ""))
    assert merged == ours


def test_import_key_static_and_wildcard() -> None:
    key = import_key("import static org.junit.Assert.*;\n")
    assert key is not None
    assert key.static
    assert key.path == "org.junit.Assert.*"
    assert import_key("// import a.B;\n") is None


def test_split_header_without_imports() -> None:
    header = ["/* licence */\n", "package a;\n", "\n"]
    assert split_header(header) == (header[:2], [], header[2:])
