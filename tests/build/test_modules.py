from __future__ import annotations

import pygit2

from patchkit.build import touched_modules
from tests.build.repos import commit_files


def _tree(repo: pygit2.Repository) -> pygit2.Tree:
    return repo.head.peel(pygit2.Commit).tree


def test_touched_modules_source_file(sample_repo: pygit2.Repository) -> None:
    modules = touched_modules(_tree(sample_repo), ["core/src/main/java/example/calc/Calc.java"])
    assert modules == ("core",)


def test_touched_modules_two_modules_sorted(sample_repo: pygit2.Repository) -> None:
    changed = [
        "core/src/test/java/example/calc/CalcTest.java",
        "app/src/main/java/example/app/Main.java",
        "core/src/main/java/example/calc/Calc.java",
    ]
    assert touched_modules(_tree(sample_repo), changed) == ("app", "core")


def test_touched_modules_module_pom(sample_repo: pygit2.Repository) -> None:
    assert touched_modules(_tree(sample_repo), ["app/pom.xml"]) == ("app",)


def test_touched_modules_root_change(sample_repo: pygit2.Repository) -> None:
    changed = ["README.md", "core/src/main/java/example/calc/Calc.java"]
    assert touched_modules(_tree(sample_repo), changed) == (".",)


def test_touched_modules_root_pom(sample_repo: pygit2.Repository) -> None:
    assert touched_modules(_tree(sample_repo), ["pom.xml"]) == (".",)


def test_touched_modules_deleted_file(sample_repo: pygit2.Repository) -> None:
    commit_files(sample_repo, {"app/src/main/java/example/app/Main.java": None}, "Delete Main")
    modules = touched_modules(_tree(sample_repo), ["app/src/main/java/example/app/Main.java"])
    assert modules == ("app",)


def test_touched_modules_nested_module(sample_repo: pygit2.Repository) -> None:
    commit_files(sample_repo, {
        "extensions/pom.xml": "<project/>\n",
        "extensions/k8s/pom.xml": "<project/>\n",
        "extensions/k8s/src/main/java/K.java": "class K {}\n",
        "extensions/docs/notes.md": "notes\n",
    }, "Add nested modules")
    changed = ["extensions/k8s/src/main/java/K.java", "extensions/docs/notes.md"]
    assert touched_modules(_tree(sample_repo), changed) == ("extensions", "extensions/k8s")


def test_touched_modules_folder_named_pom(sample_repo: pygit2.Repository) -> None:
    commit_files(sample_repo, {"core/lib/pom.xml/README": "a folder, not a pom\n"}, "Add odd folder")
    modules = touched_modules(_tree(sample_repo), ["core/lib/pom.xml/README"])
    assert modules == ("core",)


def test_touched_modules_no_changes(sample_repo: pygit2.Repository) -> None:
    assert touched_modules(_tree(sample_repo), []) == ()
