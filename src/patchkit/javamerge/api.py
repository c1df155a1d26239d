"""Merge three versions of a Java file member by member, falling back to text merge where that is unsafe."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from patchkit.javamerge import imports, textform
from patchkit.javamerge.gitmerge import git_merge
from patchkit.javamerge.linemerge import is_line_merged, merge_apart_lines
from patchkit.javamerge.members import MergeState, merge_body, merge_text_part
from patchkit.javamerge.result import FileMerge, unresolved_conflict
from patchkit.javamerge.structure import LayoutError, MemberKind, TypeBody, split_unit
from patchkit.javamerge.textmerge import MergeLabels, conflict_block, merge_text, split_lines
from patchkit.javamerge.tokens import PARSE_ERRORS, describe_error, parse_tokens
from patchkit.model import MergeRule

logger = logging.getLogger("patchkit.javamerge")


@dataclass(frozen=True)
class ParsedFile:
    """One version of the file: its lines and its split into header, types and members."""

    lines: tuple[str, ...]
    unit: TypeBody


class UnreadableError(Exception):
    """A version of the file cannot be split into members; the message completes "because the version ..."."""


def parse_file(text: str) -> ParsedFile:
    """Parse Java text and split it; raises UnreadableError when javalang rejects it or lines are shared."""
    try:
        tokens = parse_tokens(text)
        lines = tuple(split_lines(text))
        return ParsedFile(lines, split_unit(lines, tokens))
    except PARSE_ERRORS as error:
        raise UnreadableError(f"does not parse with javalang ({describe_error(error)})") from error
    except LayoutError as error:
        raise UnreadableError(f"cannot be split into members ({error})") from error


def merge_java_file(
    base: str,
    ours: str,
    theirs: str,
    *,
    path: str,
    rules: Sequence[MergeRule] = (),
    labels: MergeLabels = MergeLabels(),
) -> FileMerge:
    """Merge base, the fork's version (ours) and upstream's (theirs) of one file.

    A file git's own file merge combines cleanly comes back exactly as git
    merged it. Otherwise Java files merge member by member, and the manifest's
    rules settle members both sides changed. Other files, and Java files
    javalang cannot read, get a plain text merge, and `fallback_reason` gives
    the reason.
    """
    merged_by_git = git_merge(base, ours, theirs, (labels.ours, labels.theirs))
    if merged_by_git is not None and merged_by_git.clean:
        return FileMerge(merged_by_git.text, True, (), None)
    if not path.endswith(".java"):
        return _merge_other_file(base, ours, theirs, path, labels)
    if ours == base or ours == theirs:
        return FileMerge(theirs, True, (), None)
    if theirs == base:
        return FileMerge(ours, True, (), None)

    form = textform.merged_form(base, ours, theirs)
    texts = [textform.normalize(text, form) for text in (base, ours, theirs)]
    cache: dict[str, ParsedFile] = {}
    parsed: list[ParsedFile] = []
    for side, text in zip(("base", "fork's", "upstream"), texts):
        try:
            parsed.append(_parse_cached(text, cache))
        except UnreadableError as error:
            reason = f"{path} was merged as text because the {side} version {error}"
            logger.warning("%s", reason)
            return _fallback(base, ours, theirs, labels, reason)

    state = MergeState(path=path, rules=rules, labels=labels)
    merged = "".join(_merge_unit(parsed[0], parsed[1], parsed[2], state))
    if state.clean:
        problem = _check_result(merged, cache)
        if problem is not None:
            reason = f"the member-level merge of {path} was discarded because {problem}; merged as text instead"
            logger.warning("%s", reason)
            return _fallback(base, ours, theirs, labels, reason)
    return FileMerge(textform.restore(merged, form), state.clean, tuple(state.conflicts), None)


def _parse_cached(text: str, cache: dict[str, ParsedFile]) -> ParsedFile:
    # parse_java reuses a parse of the same text from earlier in the process, or
    # from the store on disk that plan opens. Its module imports this one, so it
    # is imported here, at the first merge.
    from patchkit.javacache import parse_java

    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    if digest not in cache:
        cache[digest] = parse_java(text)
    return cache[digest]


def _merge_unit(base: ParsedFile, ours: ParsedFile, theirs: ParsedFile, state: MergeState) -> list[str]:
    sides = [imports.split_header(version.unit.header) for version in (base, ours, theirs)]
    codes = tuple("".join(version.lines[len(version.unit.header):]) for version in (base, ours, theirs))
    try:
        merged_imports = imports.merge_imports(sides[0][1], sides[1][1], sides[2][1], (codes[0], codes[1], codes[2]))
    except imports.ImportConflict as conflict:
        merged_imports = _conflicted_imports(sides[1][1], sides[2][1], str(conflict), state)
    state.imports = tuple(merged_imports)
    state.our_imports = tuple(sides[1][1])

    lines = merge_text_part(sides[0][0], sides[1][0], sides[2][0], "the package declaration", state)
    lines += merged_imports
    lines += merge_text_part(sides[0][2], sides[1][2], sides[2][2], "the lines after the imports", state)
    return lines + merge_body(base.unit, ours.unit, theirs.unit, "", state)


def _conflicted_imports(ours: list[str], theirs: list[str], reason: str, state: MergeState) -> list[str]:
    state.clean = False
    state.conflicts.append(unresolved_conflict("the imports", reason, theirs))
    return conflict_block(ours, theirs, state.labels)


def _check_result(merged: str, cache: dict[str, ParsedFile]) -> str | None:
    try:
        unit = _parse_cached(merged, cache).unit
    except UnreadableError as error:
        return f"the merged version {error}"
    duplicate = _duplicate_member(unit)
    if duplicate is not None:
        return f"two members of the merged file have the signature {duplicate}"
    return None


def _duplicate_member(body: TypeBody) -> str | None:
    for member in body.members:
        if "#" in member.key and member.kind is not MemberKind.INITIALIZER:
            return member.signature
        if member.body is not None:
            found = _duplicate_member(member.body)
            if found is not None:
                return found
    return None


def _merge_other_file(base: str, ours: str, theirs: str, path: str, labels: MergeLabels) -> FileMerge:
    """Merge a file that is not Java: line by line for configuration files, else as git does."""
    reason = f"{path} is not a Java file, so it was merged as text"
    if not is_line_merged(path):
        return _fallback(base, ours, theirs, labels, reason)
    form = textform.merged_form(base, ours, theirs)
    texts = [textform.normalize(text, form) for text in (base, ours, theirs)]
    merged = merge_apart_lines(texts[0], texts[1], texts[2], labels)
    if merged.text is None:
        return _fallback(base, ours, theirs, labels, f"{reason}; the line-level merge left the conflict "
                         f"because {merged.declined_because}")
    explanation = (f"the two sides changed different lines of {path} next to each other, which git counts "
                   "as one conflict; the line-level merge took both changes")
    return FileMerge(textform.restore(merged.text, form), True, (), None, line_merge=explanation)


def _fallback(base: str, ours: str, theirs: str, labels: MergeLabels, reason: str) -> FileMerge:
    text, clean = merge_text(base, ours, theirs, labels)
    return FileMerge(text, clean, (), reason)
