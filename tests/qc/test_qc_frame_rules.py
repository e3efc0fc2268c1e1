"""frame_range, missing_frames, black_frames, frozen_frames and nan_inf, with frame numbers."""

from __future__ import annotations

from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.media import MediaKind
from axiom_publisher.core.qc import QCStatus
from axiom_publisher.qc.rules import (
    check_black_frames,
    check_frame_range,
    check_frozen_frames,
    check_missing_frames,
    check_nan_inf,
)
from tests.qc.helpers import SHOT, assert_status, movie, plate, spec, stats, work_file


def test_the_shot_needs_the_cut_range_plus_handles() -> None:
    assert FrameRange(999, 1012) == SHOT  # cut 1001-1010, handles 2
    assert_status(check_frame_range(plate(), spec()), QCStatus.PASS, "covers the shot's range")
    assert_status(check_missing_frames(plate(), spec()), QCStatus.PASS, "no frame")


def test_short_ends_and_a_gap_report_every_missing_frame_number() -> None:
    facts = plate(FrameRange(1000, 1011), missing=[1005])

    frame_range = check_frame_range(facts, spec())
    assert frame_range.frames == (999, 1012)
    assert_status(
        frame_range,
        QCStatus.FAIL,
        "sequence is 1000-1011",
        "needs 999-1012",
        "999 at the head",
        "1012 at the tail",
    )

    missing = check_missing_frames(facts, spec())
    assert missing.frames == (999, 1005, 1012)
    assert_status(
        missing,
        QCStatus.FAIL,
        "3 frames: 999, 1005, 1012",
        "1 gap inside the sequence and 2 frames before or after it",
        "render the missing frames",
    )


def test_missing_frames_are_written_compactly() -> None:
    facts = plate(FrameRange(999, 1012), missing=[1003, 1010, 1011])
    check = check_missing_frames(facts, spec())
    assert check.frames == (1003, 1010, 1011)
    assert "1003, 1010-1011" in check.message
    assert check_frame_range(facts, spec()).status is QCStatus.PASS  # the ends are there


def test_gaps_outside_the_shot_range_are_not_needed() -> None:
    facts = plate(FrameRange(990, 1020), missing=[995, 1015])
    check = check_missing_frames(facts, spec())
    assert_status(check, QCStatus.PASS, "995, 1015", "not needed")
    assert check.frames == ()


def test_without_a_shot_range_every_gap_counts() -> None:
    facts = plate(FrameRange(1, 20), missing=[4, 5, 6])
    assert check_frame_range(facts, spec(frame_range=None)).status is QCStatus.SKIP
    check = check_missing_frames(facts, spec(frame_range=None))
    assert_status(check, QCStatus.FAIL, "the sequence 1-20 is missing 3 frames: 4-6")
    assert check.frames == (4, 5, 6)


def test_frames_beyond_the_shot_range_pass_and_are_mentioned() -> None:
    check = check_frame_range(plate(FrameRange(990, 1015)), spec())
    assert_status(check, QCStatus.PASS, "12 frames beyond it (990-998, 1013-1015)")
    assert check.frames == ()


def test_a_sequence_numbered_from_another_start_frame() -> None:
    check = check_frame_range(plate(FrameRange(1, 14)), spec())
    assert_status(check, QCStatus.FAIL, "entirely outside", "another start frame")
    assert check.frames == tuple(range(999, 1013))


def test_a_movie_is_checked_by_its_frame_count() -> None:
    assert_status(check_frame_range(movie(14), spec()), QCStatus.PASS, "14 frames")
    assert_status(check_frame_range(movie(20), spec()), QCStatus.PASS, "6 more than needed")
    short = check_frame_range(movie(10), spec())
    assert_status(short, QCStatus.FAIL, "10 frames", "needs 14", "4 short")
    assert short.frames == ()  # a movie's frame numbers are not the shot's
    assert check_missing_frames(movie(10), spec()).status is QCStatus.PASS


def test_frame_rules_skip_stills_and_other_files() -> None:
    still = plate(kind=MediaKind.STILL, name="ref.exr")
    for check in (check_frame_range, check_missing_frames, check_frozen_frames):
        assert check(still, spec()).status is QCStatus.SKIP
        assert_status(check(work_file(), spec()), QCStatus.SKIP, "not a media file")


def test_a_black_frame_is_reported() -> None:
    facts = plate(stats=stats(range(999, 1013), black=[1004]))
    check = check_black_frames(facts, spec())
    assert_status(check, QCStatus.WARN, "frame 1004 is black", "no value above 0.02")
    assert check.frames == (1004,)
    assert check_black_frames(plate(), spec()).status is QCStatus.PASS


def test_black_uses_the_projects_black_level() -> None:
    dim = plate(stats=stats(range(999, 1002)))  # maximum 0.85, black=False from analysis
    assert check_black_frames(dim, spec(black_level=0.9)).frames == (999, 1000, 1001)
    assert_status(check_black_frames(dim, spec(black_level=0.9)), QCStatus.WARN, "every frame")


def test_a_nan_frame_fails() -> None:
    facts = plate(stats=stats(range(999, 1013), nan=[1006], inf=[1008]))
    check = check_nan_inf(facts, spec())
    assert_status(check, QCStatus.FAIL, "2 frames", "1006: 7 NaN", "1008: 2 Inf", "fix the shader")
    assert check.frames == (1006, 1008)


def test_nan_inf_skips_integer_formats_and_undecoded_media() -> None:
    assert_status(check_nan_inf(movie(), spec()), QCStatus.SKIP, "integer pixels")
    nothing = plate(stats=(), decoded_frames=0)
    assert_status(check_nan_inf(nothing, spec()), QCStatus.SKIP, "no frames were decoded")
    assert_status(check_black_frames(nothing, spec()), QCStatus.SKIP, "no frames were decoded")
    assert_status(check_frozen_frames(nothing, spec()), QCStatus.SKIP, "no frames were decoded")


def test_a_frozen_run_of_4_is_reported_and_one_of_2_is_not() -> None:
    # 1003 is repeated by 1004-1007 (a run of 4); 1009 by 1010-1011 (a run of 2)
    facts = plate(stats=stats(range(999, 1013), frozen=[1004, 1005, 1006, 1007, 1010, 1011]))
    check = check_frozen_frames(facts, spec(frozen_run=3))
    assert_status(
        check, QCStatus.WARN, "1 held run of 3 frames or more", "1004-1007 repeat frame 1003"
    )
    assert check.frames == (1004, 1005, 1006, 1007)


def test_frozen_runs_below_the_threshold_pass() -> None:
    facts = plate(stats=stats(range(999, 1013), frozen=[1010, 1011]))
    assert_status(check_frozen_frames(facts, spec(frozen_run=3)), QCStatus.PASS, "3 frames")
    assert check_frozen_frames(facts, spec(frozen_run=2)).frames == (1010, 1011)


def test_a_gap_in_the_frame_numbers_breaks_a_frozen_run() -> None:
    facts = plate(stats=stats([1001, 1002, 1003, 1005, 1006], frozen=[1002, 1003, 1005, 1006]))
    assert check_frozen_frames(facts, spec(frozen_run=3)).status is QCStatus.PASS
