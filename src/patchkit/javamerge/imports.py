"""Merge the import lists of three versions of a Java file as sets, in the fork's order and grouping."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_IMPORT = re.compile(r"^\s*import\s+(static\s+)?([\w.]+(?:\s*\.\s*\*)?)\s*;")
# Jakarta EE 9 moved the Java EE packages from `javax.` to `jakarta.`, so a fork and
# upstream can name one class under either root. Only this pair is renamed.
_RENAMED_ROOTS = {"javax": "jakarta", "jakarta": "javax"}


class ImportConflict(Exception):
    """The import blocks cannot be merged safely; the message gives the reason."""


@dataclass(frozen=True)
class ImportKey:
    """An import statement's identity: static or not, and its dotted path (`a.b.C` or `a.b.*`)."""

    static: bool
    path: str

    @property
    def simple_name(self) -> str:
        return self.path.rsplit(".", 1)[-1]

    @property
    def root(self) -> str:
        return self.path.split(".", 1)[0]

    @property
    def package_tail(self) -> str:
        """The package without its root, up to the first capitalized name: `ws.rs.core` for `jakarta.ws.rs.core.Response.Status`."""
        package: list[str] = []
        for segment in self.without_root.split(".")[:-1]:
            if not segment[:1].islower():
                break
            package.append(segment)
        return ".".join(package)

    def with_root(self, root: str) -> ImportKey:
        return ImportKey(self.static, f"{root}.{self.without_root}")

    @property
    def without_root(self) -> str:
        """The path without its first segment, so `javax.jms.Message` and `jakarta.jms.Message` compare equal."""
        return self.path.split(".", 1)[-1]


def import_key(line: str) -> ImportKey | None:
    """Return the import a line declares, or None when the line is not an import statement."""
    match = _IMPORT.match(line)
    if match is None:
        return None
    return ImportKey(static=match.group(1) is not None, path=re.sub(r"\s+", "", match.group(2)))


def split_header(header: Sequence[str]) -> tuple[list[str], list[str], list[str]]:
    """Split a file header into the lines before the imports, the import block, and the lines after it."""
    positions = [i for i, line in enumerate(header) if import_key(line) is not None]
    if positions:
        first, last = positions[0], positions[-1] + 1
        return list(header[:first]), list(header[first:last]), list(header[last:])
    package = [i for i, line in enumerate(header) if line.lstrip().startswith("package ")]
    cut = package[0] + 1 if package else len(header)
    return list(header[:cut]), [], list(header[cut:])


def _uses(name: str, code: str) -> int:
    return len(re.findall(rf"\b{re.escape(name)}\b", code))


def merge_imports(
    base: Sequence[str],
    ours: Sequence[str],
    theirs: Sequence[str],
    code: tuple[str, str, str],
) -> list[str]:
    """Merge three import blocks; `code` is the rest of each file (base, ours, theirs), to count uses.

    An import one side removed goes, unless the other side added a use of it.
    An import upstream added joins the fork's block, unless the fork already
    imports the same simple name or the same path under another root package.
    An added `jakarta.` or `javax.` import takes the root the fork's file uses
    for the same package (see `fork_root`). Raises ImportConflict when the
    fork's file does not show which root that package has, or when the fork's
    block does not show where an added import goes.
    """
    base_code, our_code, their_code = code
    base_keys = _keys(base)
    their_keys = _keys(theirs)
    our_keys = _keys(ours)

    their_added = their_keys - base_keys
    result: list[str] = []
    for line in ours:
        key = import_key(line)
        removed_upstream = key is not None and key in base_keys and key not in their_keys
        moved_upstream = key is not None and _clashes(key, their_added)
        if removed_upstream and not moved_upstream and not _gained_use(key, base_code, our_code):
            continue
        result.append(line)

    previous: str | None = None
    for line in theirs:
        key = import_key(line)
        anchor, previous = previous, (line if key is not None else previous)
        if key is None or key in our_keys:
            continue
        added = key not in base_keys
        if added:
            root = fork_root(key, our_keys)
            if root != key.root:
                line = line.replace(key.path, f"{root}.{key.without_root}", 1)
                key = key.with_root(root)
                if key in our_keys:
                    continue
        if not added and not _gained_use(key, base_code, their_code):
            continue
        if _clashes(key, _keys(result)):
            continue
        _insert(result, line, key, bool(our_keys), anchor)
    return _tidy_blank_lines(result)


def fork_root(key: ImportKey, fork_keys: set[ImportKey]) -> str:
    """Return the root package the fork's file uses for an import's package, `javax` or `jakarta`.

    The fork's choice shows when it imports the same class or another class of
    the same package under one of the two roots. Any other import is returned
    with its own root. Raises ImportConflict when the fork imports from both
    roots for that package, or imports from a package under the other root
    that shares only the first name (such as `javax.xml.bind` for `jakarta.xml.ws`).
    """
    other = _RENAMED_ROOTS.get(key.root)
    if other is None:
        return key.root
    same_package = {
        fork.root for fork in fork_keys
        if fork.root in (key.root, other) and fork.package_tail == key.package_tail
    }
    if len(same_package) == 1:
        return same_package.pop()
    if same_package:
        raise ImportConflict(f"the fork imports package {key.package_tail} under both javax and jakarta")
    # A neighbouring package that shares two names (`ws.rs` and `ws.rs.core`) belongs to
    # the same API, so it shows the root. One shared name is not enough, because
    # `javax.xml.parsers` is part of the JDK while `javax.xml.bind` moved to `jakarta.xml.bind`.
    related = [fork for fork in fork_keys if fork.root in (key.root, other) and _shared_names(fork, key) >= 1]
    close_roots = {fork.root for fork in related if _shared_names(fork, key) >= 2}
    distant_other = any(fork.root == other and _shared_names(fork, key) < 2 for fork in related)
    if len(close_roots) == 1 and not distant_other:
        return close_roots.pop()
    if any(fork.root == other for fork in related):
        raise ImportConflict(
            f"upstream added {key.path}, and the fork imports from neighbouring packages under {other},"
            f" so the right root ({key.root} or {other}) is unknown"
        )
    return key.root


def _shared_names(left: ImportKey, right: ImportKey) -> int:
    count = 0
    for a, b in zip(left.package_tail.split("."), right.package_tail.split(".")):
        if a != b:
            break
        count += 1
    return count


def _tidy_blank_lines(lines: list[str]) -> list[str]:
    """Drop blank lines left at the ends or doubled where a removed import group was."""
    tidy: list[str] = []
    for line in lines:
        if not line.strip() and (not tidy or not tidy[-1].strip()):
            continue
        tidy.append(line)
    while tidy and not tidy[-1].strip():
        tidy.pop()
    return tidy


def _keys(lines: Sequence[str]) -> set[ImportKey]:
    return {key for key in map(import_key, lines) if key is not None}


def _gained_use(key: ImportKey | None, before: str, after: str) -> bool:
    if key is None or key.simple_name == "*":
        return False
    return _uses(key.simple_name, after) > _uses(key.simple_name, before)


def _clashes(key: ImportKey, present: set[ImportKey]) -> bool:
    for other in present:
        if other.static != key.static:
            continue
        same_simple_name = key.simple_name != "*" and other.simple_name == key.simple_name
        if same_simple_name or other.without_root == key.without_root:
            return True
    return False


def _groups(lines: Sequence[str]) -> list[list[int]]:
    groups: list[list[int]] = []
    current: list[int] = []
    for index, line in enumerate(lines):
        if import_key(line) is not None:
            current.append(index)
        elif current:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def _sort_key(key: ImportKey | None) -> str:
    return key.path if key is not None else ""


def _is_sorted(lines: Sequence[str], groups: list[list[int]]) -> bool:
    for group in groups:
        paths = [_sort_key(import_key(lines[i])) for i in group]
        if paths != sorted(paths):
            return False
    return True


def _common_segments(left: str, right: str) -> int:
    count = 0
    for a, b in zip(left.split(".")[:-1], right.split(".")[:-1]):
        if a != b:
            break
        count += 1
    return count


def _insert(result: list[str], line: str, key: ImportKey, fork_had_imports: bool, anchor: str | None) -> None:
    """Insert an upstream import into the fork's group it shares most of its package with, in sorted order.

    In a block that is not sorted, it goes after `anchor`, the import before it
    in upstream's block. Raises ImportConflict when neither shows the place.
    """
    groups = _groups(result)
    if not groups or not fork_had_imports:
        result.append(line)
        return
    best_group: list[int] | None = None
    best_score = 0
    for group in groups:
        for index in group:
            other = import_key(result[index])
            if other is None or other.static != key.static:
                continue
            score = _common_segments(other.path, key.path)
            if score > best_score:
                best_group, best_score = group, score
    if best_group is None and len(groups) == 1:
        best_group = groups[0]
    if best_group is None:
        raise ImportConflict(f"upstream added {key.path}, which shares no package with a group of the fork's imports")
    if not _is_sorted(result, groups):
        if anchor is not None and anchor in result:
            result.insert(result.index(anchor) + 1, line)
            return
        raise ImportConflict(f"upstream added {key.path}, and the fork's imports are not sorted, so its place is unknown")
    position = best_group[-1] + 1
    for index in best_group:
        if _sort_key(import_key(result[index])) > key.path:
            position = index
            break
    result.insert(position, line)
