"""A version's shot frames as the player shows them: its first frame, the frames its QC
flags, and the SMPTE timecode of a shot frame (1001-based, from the version's frame range)."""

from __future__ import annotations

from axiom_publisher.core.errors import BadInputError
from axiom_publisher.core.qc import QCStatus
from axiom_publisher.core.timecode import shot_frame_timecode
from axiom_publisher.core.types import VersionRecord

_FLAGGED = (QCStatus.WARN, QCStatus.FAIL)
NO_TIMECODE = "--:--:--:--"


def qc_markers(version: VersionRecord) -> list[tuple[int, QCStatus]]:
    """Every frame a warning or failing QC check names, with that check's status."""
    if version.qc is None:
        return []
    return [
        (frame, check.status)
        for check in version.qc.checks
        if check.status in _FLAGGED
        for frame in check.frames
    ]


def first_frame(version: VersionRecord) -> int:
    return version.frame_range.first if version.frame_range is not None else 1


def shot_timecode(shot_frame: int, fps: float | None, first: int, start: str | None) -> str:
    """The timecode of `shot_frame` of a version starting at shot frame `first` with start
    timecode `start`; counted from the shot frame when `start` is unreadable; none without
    a rate."""
    if not fps:
        return NO_TIMECODE
    try:
        return shot_frame_timecode(shot_frame, fps, first_frame=first, start_timecode=start)
    except BadInputError:  # an unreadable start timecode: count from the shot frame
        return shot_frame_timecode(shot_frame, fps, first_frame=first, start_timecode=None)
