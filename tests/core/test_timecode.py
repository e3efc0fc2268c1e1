"""core.timecode: SMPTE timecode at integer, NTSC and drop-frame rates."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from axiom_publisher.core.errors import BadInputError
from axiom_publisher.core.timecode import (
    frames_per_day,
    frames_to_timecode,
    is_drop_frame,
    shot_frame_timecode,
    timecode_to_frames,
)

NTSC = 30000 / 1001
NTSC_60 = 60000 / 1001


@pytest.mark.parametrize(
    ("frames", "fps", "timecode"),
    [
        (0, 24, "00:00:00:00"),
        (23, 24, "00:00:00:23"),
        (24, 24, "00:00:01:00"),
        (86400, 24, "01:00:00:00"),
        (1001, 24, "00:00:41:17"),
        (25, 25, "00:00:01:00"),
        (90000, 25, "01:00:00:00"),
        (24, 23.976, "00:00:01:00"),  # 23.976 counts 24 frames a timecode second
        (86400, 23.976, "01:00:00:00"),
        (1799, 29.97, "00:00:59;29"),
        (1800, 29.97, "00:01:00;02"),  # ;00 and ;01 do not exist at minute 1
        (3598, NTSC, "00:02:00;02"),
        (17981, 29.97, "00:09:59;29"),
        (17982, 29.97, "00:10:00;00"),  # every tenth minute keeps its first frames
        (17984, 29.97, "00:10:00;02"),
        (107892, 29.97, "01:00:00;00"),
        (3600, 59.94, "00:01:00;04"),
        (215784, NTSC_60, "01:00:00;00"),
        (30, 30, "00:00:01:00"),  # integer 30 is not drop-frame
        (1800, 30, "00:01:00:00"),
    ],
)
def test_known_values(frames: int, fps: float, timecode: str) -> None:
    assert frames_to_timecode(frames, fps) == timecode
    assert timecode_to_frames(timecode, fps) == frames


@pytest.mark.parametrize("fps", [24, 25, 23.976, 29.97, NTSC, 59.94, 30, 50, 48])
def test_round_trip_over_more_than_an_hour(fps: float) -> None:
    seen: set[str] = set()
    for frames in [*range(0, 20000), *range(100000, 260000, 7)]:
        timecode = frames_to_timecode(frames, fps)
        assert timecode_to_frames(timecode, fps) == frames, timecode
        seen.add(timecode)
    assert len(seen) == 20000 + len(range(100000, 260000, 7)), "no two frames share a timecode"


def test_drop_frame_flags_and_separators() -> None:
    assert is_drop_frame(29.97) and is_drop_frame(NTSC) and is_drop_frame(59.94)
    assert not any(is_drop_frame(fps) for fps in (23.976, 24, 25, 30, 60))
    assert timecode_to_frames("00:01:00:02", 29.97) == 1800, "':' is accepted for drop-frame"
    assert timecode_to_frames("01;00;00;00", 24) == 86400, "';' is accepted anywhere"
    assert frames_per_day(29.97) == 2589408
    assert frames_per_day(24) == 24 * 86400


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: frames_to_timecode(-1, 24), "negative"),
        (lambda: frames_to_timecode(0, 0), "not a frame rate"),
        (lambda: frames_to_timecode(0, float("nan")), "not a frame rate"),
        (lambda: timecode_to_frames("1:00:00", 24), "not a timecode"),
        (lambda: timecode_to_frames("-1:00:00:00", 24), "not a timecode"),
        (lambda: timecode_to_frames("00:00:00:24", 24), "not a valid timecode"),
        (lambda: timecode_to_frames("00:61:00:00", 24), "not a valid timecode"),
        (lambda: timecode_to_frames("00:01:00;00", 29.97), "does not exist"),
        (lambda: timecode_to_frames("00:01:00;03", 59.94), "does not exist"),
    ],
)
def test_bad_input_is_refused(call: Callable[[], object], message: str) -> None:
    with pytest.raises(BadInputError, match=message):
        call()


def test_shot_frames_from_the_start_timecode() -> None:
    start = "01:00:00:00"
    assert shot_frame_timecode(1001, 24, first_frame=1001, start_timecode=start) == start
    assert shot_frame_timecode(1025, 24, first_frame=1001, start_timecode=start) == "01:00:01:00"
    assert shot_frame_timecode(1001, 25, first_frame=993, start_timecode=start) == "01:00:00:08"
    assert (
        shot_frame_timecode(1001 + 1800, 29.97, first_frame=1001, start_timecode="00:00:00;00")
        == "00:01:00;02"
    )


def test_shot_frames_without_a_start_timecode_count_from_zero() -> None:
    assert shot_frame_timecode(1001, 24, first_frame=1001, start_timecode=None) == "00:00:41:17"
    assert shot_frame_timecode(0, 24, first_frame=1001, start_timecode="") == "00:00:00:00"


def test_shot_frames_wrap_at_24_hours_like_a_clock() -> None:
    assert (
        shot_frame_timecode(1000, 24, first_frame=1001, start_timecode="00:00:00:00")
        == "23:59:59:23"
    )
    assert (
        shot_frame_timecode(1002, 24, first_frame=1001, start_timecode="23:59:59:23")
        == "00:00:00:00"
    )
