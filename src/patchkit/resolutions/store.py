"""Recorded resolutions: conflict hunks resolved by hand once, reused when the same conflict returns.

This works like git's rerere, but per conflict hunk and in plain YAML files beside
the manifest, so the records travel with the fork's repository and are reviewed
in pull requests. A hunk's id is a hash of the member that contains it and of its two
sides with trailing whitespace and line endings ignored, so unrelated edits
elsewhere in the file do not change it.
"""

from __future__ import annotations

import builtins
import datetime
import logging
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from patchkit.resolutions.align import AlignmentError, hunk_resolutions
from patchkit.resolutions.markers import Hunk, MarkedFile, MarkerError, hunk_key, normalize, parse_marked
from patchkit.resolutions.members import MemberOfLine, java_member_locator
from patchkit.resolutions.recordfile import SUFFIX, RecordedResolution, RecordError, dump_record, file_name, load_record
from patchkit.state import atomic_write

log = logging.getLogger("patchkit.resolutions")

# 16 hex digits (64 bits) keep file names short; a match also compares both sides in full.
ID_LENGTH = 16
# A shorter prefix makes it too easy to forget a record by a slip of the keyboard.
MIN_ID_PREFIX = 6


@dataclass(frozen=True)
class RecordedMatch:
    """What the records made of one conflicted file.

    `text` is the resolved file when a record matched every hunk, else None and
    nothing was applied. `used` lists the ids applied. `mismatched` lists ids of
    records for the same path and member whose sides differ from this conflict.
    """

    text: str | None
    used: tuple[str, ...]
    mismatched: tuple[str, ...]
    reason: str


def _scope(path: str, member: str | None) -> str:
    return member if member is not None else PurePosixPath(path).name


def _lines(text: str) -> tuple[str, ...]:
    return tuple(text.splitlines(keepends=True))


class ResolutionStore:
    """The recorded resolutions in one folder, such as `patchsets/druid-30.resolutions/`."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def list(self) -> list[RecordedResolution]:
        """Return every record of the folder, by path, member and id; raise RecordError for an invalid file."""
        if not self.directory.is_dir():
            return []
        records = [load_record(file) for file in sorted(self.directory.glob(f"*{SUFFIX}"))]
        return sorted(records, key=lambda r: (r.path, r.member or "", r.id))

    def apply(self, path: str, marked_text: str) -> RecordedMatch:
        """Resolve every conflict hunk of `marked_text` from records, or none of them.

        `path` is the file's path in the fork. The file is resolved only when each
        hunk has a record, because a half-resolved file would hide the hunks
        that no one resolved.
        """
        try:
            marked = parse_marked(marked_text)
        except MarkerError as error:
            return RecordedMatch(None, (), (), f"{path}: the conflict markers cannot be read ({error})")
        if not marked.hunks:
            return RecordedMatch(None, (), (), f"{path} has no conflict markers")
        records = {record.id: record for record in self.list()}
        locate = java_member_locator(path, marked.ours_text())
        used: list[str] = []
        resolutions: list[tuple[str, ...]] = []
        unmatched: list[str] = []
        for hunk in marked.hunks:
            member = locate(hunk.line)
            record = records.get(hunk_key(hunk, _scope(path, member))[:ID_LENGTH])
            if record is not None and _same_sides(record, hunk):
                used.append(record.id)
                resolutions.append(_lines(record.resolution))
            else:
                unmatched.append(member or f"line {hunk.line}")
        if unmatched:
            return self._no_match(path, marked, locate, records, used, unmatched)
        log.debug("%s: resolved %d conflict(s) from records %s", path, len(used), ", ".join(used))
        return RecordedMatch(marked.join(resolutions), tuple(used), (), f"every conflict of {path} matches a record")

    def _no_match(
        self,
        path: str,
        marked: MarkedFile,
        locate: MemberOfLine,
        records: dict[str, RecordedResolution],
        used: builtins.list[str],
        unmatched: builtins.list[str],
    ) -> RecordedMatch:
        members = {locate(hunk.line) for hunk in marked.hunks}
        mismatched = sorted(
            record.id for record in records.values()
            if record.path == path and record.member in members and record.id not in used
        )
        reason = f"{len(unmatched)} of {len(marked.hunks)} conflict(s) of {path} have no record ({', '.join(unmatched)})"
        if mismatched:
            reason += f"; records {', '.join(mismatched)} exist for the same member but for different lines"
        log.info("%s", reason)
        return RecordedMatch(None, (), tuple(mismatched), reason)

    def record(
        self,
        path: str,
        marked_text: str,
        resolved_text: str,
        *,
        member_of_line: MemberOfLine | None,
        upstream_commit: str,
        pr: int | None,
    ) -> builtins.list[str]:
        """Record the human's resolution of each hunk of `marked_text`; return the ids written.

        `resolved_text` is the file the human staged. Each hunk's resolution is
        what replaced it there, so the lines outside the markers must be
        unchanged: when they are not, or markers remain, nothing is recorded and
        a warning is logged. `member_of_line` maps a 1-based line of the fork's
        view of the file (every hunk replaced by its fork side) to a member name.
        Pass None to use the Java locator that `apply` uses, so that ids match.
        """
        marked = parse_marked(marked_text)
        if parse_marked(resolved_text).hunks:
            log.warning("%s still has conflict markers, so its resolution was not recorded", path)
            return []
        try:
            resolutions = hunk_resolutions(marked, resolved_text)
        except AlignmentError as error:
            log.warning("%s: the resolution was not recorded because %s", path, error)
            return []
        locate = member_of_line or java_member_locator(path, marked.ours_text())
        today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
        ids: builtins.list[str] = []
        for hunk, resolution in zip(marked.hunks, resolutions):
            member = locate(hunk.line)
            record = RecordedResolution(
                id=hunk_key(hunk, _scope(path, member))[:ID_LENGTH], path=path, member=member,
                upstream_commit=upstream_commit, pr=pr, recorded_at=today,
                ours=normalize(hunk.ours), theirs=normalize(hunk.theirs), resolution=normalize(resolution),
            )
            self._write(record)
            ids.append(record.id)
        return ids

    def _write(self, record: RecordedResolution) -> None:
        for old in self.directory.glob(f"*-{record.id}{SUFFIX}"):
            old.unlink()
        target = self.directory / file_name(record)
        atomic_write(target, dump_record(record).encode("utf-8"))
        log.info("recorded the resolution of %s in %s", record.member or record.path, target)

    def forget(self, record_id: str) -> bool:
        """Delete the record whose id is `record_id` or starts with it; return False when none does."""
        if len(record_id) < MIN_ID_PREFIX:
            raise RecordError(
                f"'{record_id}' is too short to name a recorded resolution; give at least "
                f"{MIN_ID_PREFIX} digits of its id (see `patchkit resolutions list`)."
            )
        found = [record for record in self.list() if record.id.startswith(record_id)]
        if len(found) > 1:
            raise RecordError(
                f"'{record_id}' starts {len(found)} record ids ({', '.join(r.id for r in found)}). "
                "Give more digits of the id."
            )
        if not found or found[0].file is None:
            return False
        found[0].file.unlink()
        log.info("forgot recorded resolution %s (%s)", found[0].id, found[0].file)
        return True


def _same_sides(record: RecordedResolution, hunk: Hunk) -> bool:
    return record.ours == normalize(hunk.ours) and record.theirs == normalize(hunk.theirs)
