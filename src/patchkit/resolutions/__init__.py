"""Conflict resolutions recorded beside the manifest and reused when the same conflict returns."""

from patchkit.resolutions.members import java_member_locator
from patchkit.resolutions.recordfile import RecordedResolution, RecordError
from patchkit.resolutions.store import RecordedMatch, ResolutionStore

__all__ = ["RecordError", "RecordedMatch", "RecordedResolution", "ResolutionStore", "java_member_locator"]
