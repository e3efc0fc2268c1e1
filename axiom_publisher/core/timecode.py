"""SMPTE timecode: frame counts to "HH:MM:SS:FF" and back (standard library only).

The timecode counts frames at the NOMINAL rate, round(fps): 23.976 counts 24 frames a
second, 25 counts 25. 29.97 and 59.94 use drop-frame timecode (written with ';' before the
frames field): frame numbers 0-1 (0-3 at 59.94) are skipped at the start of every minute
except every tenth minute, so the timecode keeps up with the wall clock.

A shot frame (1001-based, as the database numbers frames) becomes a timecode through the
version's start timecode: the first frame of the range is at that timecode.
"""

from __future__ import annotations

import math
import re

from axiom_publisher.core.errors import BadInputError

_TIMECODE = re.compile(r"^\s*(\d{1,3})[:;](\d{1,2})[:;](\d{1,2})([:;])(\d{1,3})\s*$")
_DROP_FRAME_RATES = (30000 / 1001, 60000 / 1001)
_HOURS_IN_A_DAY = 24


def nominal_rate(fps: float) -> int:
    """Frames a timecode second counts: round(fps), e.g. 24 for 23.976."""
    if not math.isfinite(fps) or fps <= 0:
        raise BadInputError(f"{fps!r} is not a frame rate; use e.g. 24 or 23.976")
    return max(1, round(fps))


def is_drop_frame(fps: float) -> bool:
    """True for 29.97 and 59.94 (NTSC rates), which use drop-frame timecode."""
    return any(abs(fps - rate) < 0.005 for rate in _DROP_FRAME_RATES)


def _dropped_per_minute(fps: float) -> int:
    return nominal_rate(fps) // 15 if is_drop_frame(fps) else 0  # 2 at 29.97, 4 at 59.94


def frames_per_day(fps: float) -> int:
    """How many frames a 24-hour timecode day holds at `fps`."""
    nominal, drop = nominal_rate(fps), _dropped_per_minute(fps)
    return _HOURS_IN_A_DAY * (nominal * 3600 - drop * 54)  # 54 = 60 minutes - 6 tenth ones


def frames_to_timecode(frames: int, fps: float) -> str:
    """The timecode "HH:MM:SS:FF" (";" before FF for drop-frame) of a frame count.

    Hours are not wrapped at 24 here, so the result always converts back exactly.
    """
    if frames < 0:
        raise BadInputError(f"a timecode cannot hold a negative frame count ({frames})")
    nominal, drop = nominal_rate(fps), _dropped_per_minute(fps)
    separator = ":"
    if drop:
        separator = ";"
        per_minute = nominal * 60 - drop
        per_ten_minutes = per_minute * 10 + drop
        tens, rest = divmod(frames, per_ten_minutes)
        skipped = drop * 9 * tens
        if rest > drop:
            skipped += drop * ((rest - drop) // per_minute)
        frames += skipped
    seconds, frame = divmod(frames, nominal)
    minutes, second = divmod(seconds, 60)
    hours, minute = divmod(minutes, 60)
    return f"{hours:02d}:{minute:02d}:{second:02d}{separator}{frame:02d}"


def timecode_to_frames(timecode: str, fps: float) -> int:
    """The frame count from 00:00:00:00 of "HH:MM:SS:FF" (":" or ";" separators)."""
    match = _TIMECODE.match(timecode)
    if match is None:
        raise BadInputError(f"{timecode!r} is not a timecode like 01:00:00:00")
    hours, minutes, seconds, frame = (int(match.group(index)) for index in (1, 2, 3, 5))
    nominal, drop = nominal_rate(fps), _dropped_per_minute(fps)
    if minutes >= 60 or seconds >= 60 or frame >= nominal:
        raise BadInputError(f"{timecode!r} is not a valid timecode at {fps:g} fps")
    if drop and seconds == 0 and frame < drop and minutes % 10:
        raise BadInputError(
            f"{timecode!r} does not exist in drop-frame timecode at {fps:g} fps "
            f"(frames 0-{drop - 1} are skipped at the start of this minute)"
        )
    total_minutes = hours * 60 + minutes
    counted = ((hours * 3600 + minutes * 60 + seconds) * nominal) + frame
    return counted - drop * (total_minutes - total_minutes // 10)


def shot_frame_timecode(
    frame: int, fps: float, *, first_frame: int, start_timecode: str | None
) -> str:
    """The timecode of shot frame `frame` of a version whose `first_frame` is at
    `start_timecode`; without a start timecode, `frame` itself counted from 00:00:00:00.

    Wraps around at 24 hours like a timecode clock (a frame before 00:00:00:00 reads 23:59...).
    """
    if start_timecode:
        count = timecode_to_frames(start_timecode, fps) + (frame - first_frame)
    else:
        count = frame
    return frames_to_timecode(count % frames_per_day(fps), fps)
