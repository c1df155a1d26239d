"""merge_imports: set semantics, the fork's grouping, and packages under another root."""

from __future__ import annotations

import pytest

from patchkit.javamerge import merge_java_file
from patchkit.javamerge.imports import ImportConflict, import_key, merge_imports, split_header


def lines(*imports: str) -> list[str]:
    return [f"import {name};\n" if name else "\n" for name in imports]


def test_imports_added_into_matching_group() -> None:
    base = lines("com.a.One", "", "java.util.List")
    theirs = lines("com.a.One", "com.a.Two", "", "java.util.List", "java.util.Map")
    ours = lines("com.a.One", "com.b.Extra", "", "java.util.List")
    merged = merge_imports(base, ours, theirs, ("", "", ""))
    assert merged == lines("com.a.One", "com.a.Two", "com.b.Extra", "", "java.util.List", "java.util.Map")


def test_imports_unsorted_fork_follows_upstream() -> None:
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


def test_imports_added_take_fork_root() -> None:
    base = lines("jakarta.activation.DataSource", "jakarta.xml.bind.JAXBContext")
    ours = lines("javax.activation.DataSource", "javax.xml.bind.JAXBContext")
    theirs = lines("jakarta.activation.DataHandler", "jakarta.activation.DataSource", "jakarta.xml.bind.JAXBContext")
    merged = merge_imports(base, ours, theirs, ("", "", ""))
    assert merged == lines("javax.activation.DataHandler", "javax.activation.DataSource", "javax.xml.bind.JAXBContext")


def test_imports_nested_class_takes_fork_root() -> None:
    ours = lines("javax.ws.rs.core.MediaType")
    merged = merge_imports([], ours, lines("jakarta.ws.rs.core.Response.Status.Family"), ("", "", ""))
    assert merged == lines("javax.ws.rs.core.MediaType", "javax.ws.rs.core.Response.Status.Family")


def test_imports_neighbour_package_takes_fork_root() -> None:
    ours = lines("javax.ws.rs.GET")
    merged = merge_imports([], ours, lines("jakarta.ws.rs.core.SecurityContext"), ("", "", ""))
    assert merged == lines("javax.ws.rs.GET", "javax.ws.rs.core.SecurityContext")


def test_imports_unknown_root_conflict() -> None:
    ours = lines("jakarta.xml.bind.JAXBContext")
    with pytest.raises(ImportConflict, match="javax.xml.parsers.SAXParser"):
        merge_imports([], ours, lines("javax.xml.parsers.SAXParser"), ("", "", ""))


def test_imports_both_roots_conflict() -> None:
    ours = lines("javax.jms.Message", "jakarta.jms.Session")
    with pytest.raises(ImportConflict, match="both javax and jakarta"):
        merge_imports([], ours, lines("jakarta.jms.Topic"), ("", "", ""))


def test_imports_other_roots_unchanged() -> None:
    ours = lines("java.util.List")
    merged = merge_imports([], ours, lines("javax.xml.parsers.SAXParser"), ("", "", ""))
    assert merged == lines("java.util.List", "javax.xml.parsers.SAXParser")


def test_imports_no_group_conflict() -> None:
    ours = lines("com.a.One", "", "java.util.List")
    with pytest.raises(ImportConflict, match="shares no package"):
        merge_imports([], ours, lines("org.b.Two"), ("", "", ""))


def test_unknown_root_conflicts_import_block() -> None:
    base = "package p;\n\nimport java.util.List;\n\nclass A\n{\n  List<String> a;\n}\n"
    ours = "package p;\n\nimport java.util.List;\nimport jakarta.xml.bind.JAXBContext;\n\nclass A\n{\n  List<String> a;\n}\n"
    theirs = "package p;\n\nimport java.util.List;\nimport javax.xml.parsers.SAXParser;\n\nclass A\n{\n  List<String> a;\n}\n"
    result = merge_java_file(base, ours, theirs, path="src/A.java")
    assert not result.clean
    assert result.conflicts[0].member == "the imports"
    assert "<<<<<<< fork\nimport java.util.List;\nimport jakarta.xml.bind.JAXBContext;\n=======\n" in result.text
