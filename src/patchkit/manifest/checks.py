"""Checks that span several keys or need more than JSON Schema can express.

They run only on a document that already passed the schema, so every key
they read has the right type.
"""

from __future__ import annotations

import re
from typing import Any

import pygit2

from patchkit.manifest.locations import KeyPath, Problem, locate, problem_at, show


def semantic_problems(document: Any) -> list[Problem]:
    """Return every cross-key problem of a schema-valid manifest."""
    patches = list(document["patches"])
    problems = _branch_problems(document)
    problems += _duplicates(document, patches, "patches", "id", "patch id")
    problems += _duplicates(document, patches, "patches", "pr", "pr")
    problems += _commit_duplicates(document, patches)
    problems += _priority_ties(document, patches)
    rules = list(document.get("rules", []))
    problems += _duplicates(document, rules, "rules", "name", "rule name")
    problems += _pattern_problems(document, rules)
    mappings = list(document.get("path_map", []))
    problems += _duplicates(document, mappings, "path_map", "upstream", "upstream prefix")
    return problems


def _branch_problems(document: Any) -> list[Problem]:
    problems = []
    for key in ("fork", "work_branch"):
        name = str(document[key])
        if not pygit2.reference_is_valid_name(f"refs/heads/{name}"):
            text = (
                f"{show(name)} is not a valid git branch name; git rejects, among others, names with spaces, "
                "'..', '~', '^', ':', '?', '*', '[' or '\\', and names that end with '/', '.' or '.lock'"
            )
            problems.append(problem_at(document, (key,), text))
    return problems + _same_branch_problems(document)


def _same_branch_problems(document: Any) -> list[Problem]:
    """Report a fork or work branch that is another of the manifest's refs.

    A work branch equal to the fork would make `apply` offer to delete the fork
    (`git branch -D`), and a fork equal to the upstream ref has no local commits
    to keep.
    """
    pairs = (
        ("fork", "upstream", "the upstream ref", "name the branch that carries the fork's own commits"),
        ("work_branch", "fork", "the fork branch", "name a new branch for the refreshed fork, such as refresh/<date>"),
        ("work_branch", "upstream", "the upstream ref", "name a new branch for the refreshed fork, such as refresh/<date>"),
    )
    problems = []
    for key, other, label, advice in pairs:
        if _branch_ref(document[key]) == _branch_ref(document[other]):
            text = f"{key} {show(str(document[key]))} is {label} (`{other}:` on line {_line_of(document, (other,))}); {advice}"
            problems.append(problem_at(document, (key,), text))
    return problems


def _branch_ref(name: Any) -> str:
    text = str(name)
    return text if text.startswith("refs/") else f"refs/heads/{text}"


def _line_of(document: Any, path: KeyPath) -> int:
    position = locate(document, path)
    return position[0] if position else 0


def _duplicates(document: Any, entries: list[Any], section: str, key: str, label: str) -> list[Problem]:
    """Report each entry whose `key` repeats an earlier entry's, naming the earlier line."""
    first_index: dict[Any, int] = {}
    problems = []
    for index, entry in enumerate(entries):
        if key not in entry:
            continue
        value = entry[key]
        earlier = first_index.setdefault(value, index)
        if earlier != index:
            earlier_line = _line_of(document, (section, earlier, key))
            text = f"duplicate {label} {show(value)}; {section}[{earlier}] on line {earlier_line} has it too"
            problems.append(problem_at(document, (section, index, key), text))
    return problems


def _commit_duplicates(document: Any, patches: list[Any]) -> list[Problem]:
    """Report commits that may name the same commit: equal, or one a prefix of the other."""
    seen: list[tuple[int, str]] = []
    problems = []
    for index, patch in enumerate(patches):
        if "commit" not in patch:
            continue
        commit = str(patch["commit"]).lower()
        for earlier, earlier_commit in seen:
            if commit.startswith(earlier_commit) or earlier_commit.startswith(commit):
                earlier_line = _line_of(document, ("patches", earlier, "commit"))
                relation = "is the same commit as" if commit == earlier_commit else "may name the same commit as"
                text = (
                    f"commit {show(patch['commit'])} {relation} patches[{earlier}] on line {earlier_line} "
                    f"({show(patches[earlier]['commit'])}); each patch needs its own commit"
                )
                problems.append(problem_at(document, ("patches", index, "commit"), text))
                break
        seen.append((index, commit))
    return problems


def _priority_ties(document: Any, patches: list[Any]) -> list[Problem]:
    """Report apply patches that share a priority, since the apply order would then be a guess."""
    first_index: dict[int, int] = {}
    problems = []
    for index, patch in enumerate(patches):
        if patch["decision"] != "apply":
            continue
        priority = int(patch["priority"])
        earlier = first_index.setdefault(priority, index)
        if earlier != index:
            earlier_id = patches[earlier]["id"]
            earlier_line = _line_of(document, ("patches", earlier, "priority"))
            text = (
                f"patches '{earlier_id}' (line {earlier_line}) and '{patch['id']}' both have priority {priority}; "
                "give every apply patch a distinct priority so that they have one order"
            )
            problems.append(problem_at(document, ("patches", index, "priority"), text))
    return problems


def _pattern_problems(document: Any, rules: list[Any]) -> list[Problem]:
    problems = []
    for index, rule in enumerate(rules):
        if "pattern" not in rule:
            continue
        try:
            re.compile(str(rule["pattern"]))
        except re.error as error:
            text = f"{show(rule['pattern'])} is not a valid Python regular expression: {error}"
            problems.append(problem_at(document, ("rules", index, "pattern"), text))
    return problems
