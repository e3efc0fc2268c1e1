"""resolution, fps, pixel_aspect, colorspace, duration and audio."""

from __future__ import annotations

import pytest

from axiom_publisher.core.media import AudioTrack, MediaKind
from axiom_publisher.core.qc import AudioPolicy, QCStatus
from axiom_publisher.qc.rules import (
    check_audio,
    check_colorspace,
    check_duration,
    check_fps,
    check_pixel_aspect,
    check_resolution,
)
from tests.qc.helpers import assert_status, info, movie, plate, spec, work_file


def test_resolution_passes_and_fails() -> None:
    assert_status(check_resolution(plate(), spec()), QCStatus.PASS, "2048x1080")
    wrong = info(plate(), width=1920, height=1080)
    assert_status(
        check_resolution(wrong, spec()), QCStatus.FAIL, "1920x1080", "expects 2048x1080", "reformat"
    )


def test_resolution_checks_only_the_dimensions_the_spec_sets() -> None:
    facts = info(plate(), width=4096)
    assert check_resolution(facts, spec(width=None)).status is QCStatus.PASS
    assert check_resolution(facts, spec(height=None)).status is QCStatus.FAIL


def test_resolution_unknown_is_a_warning_and_no_target_is_a_skip() -> None:
    assert_status(
        check_resolution(info(plate(), width=None), spec()), QCStatus.WARN, "could not be read"
    )
    assert_status(
        check_resolution(plate(), spec(width=None, height=None)), QCStatus.SKIP, "no resolution"
    )
    assert_status(check_resolution(work_file(), spec()), QCStatus.SKIP, "not a media file")


def test_fps_25_against_24_fails() -> None:
    check = check_fps(info(movie(), fps=25.0), spec(fps=24.0))
    assert_status(check, QCStatus.FAIL, "25 fps", "expects 24 fps", "re-export")


@pytest.mark.parametrize(("rate", "status"), [(24.005, QCStatus.PASS), (23.976, QCStatus.FAIL)])
def test_fps_tolerance(rate: float, status: QCStatus) -> None:
    assert check_fps(info(movie(), fps=rate), spec(fps=24.0, fps_tolerance=0.01)).status is status


def test_variable_fps_is_at_least_a_warning() -> None:
    assert_status(
        check_fps(info(movie(), variable_fps=True), spec()), QCStatus.WARN, "variable frame rate"
    )
    wrong = info(movie(), variable_fps=True, fps=30.0)
    assert_status(check_fps(wrong, spec()), QCStatus.FAIL, "30 fps (variable)")


def test_fps_of_sequences_and_stills() -> None:
    # a sequence plays at the project's rate: no declared rate is nothing to check,
    # a wrongly declared one is a metadata warning
    assert_status(check_fps(info(plate(), fps=None), spec()), QCStatus.SKIP, "declares no frame")
    assert_status(check_fps(info(plate(), fps=25.0), spec()), QCStatus.WARN, "render settings")
    still = plate(kind=MediaKind.STILL, name="sh010_ref.exr")
    assert_status(check_fps(still, spec()), QCStatus.SKIP, "still image")
    assert_status(check_fps(info(movie(), fps=None), spec()), QCStatus.WARN, "could not be read")
    assert check_fps(movie(), spec(fps=None)).status is QCStatus.SKIP


def test_pixel_aspect() -> None:
    assert check_pixel_aspect(plate(), spec()).status is QCStatus.PASS
    assert_status(
        check_pixel_aspect(info(plate(), pixel_aspect=None), spec()), QCStatus.PASS, "square"
    )
    anamorphic = info(plate(), pixel_aspect=2.0)
    assert_status(
        check_pixel_aspect(anamorphic, spec()), QCStatus.FAIL, "is 2 but the project expects 1"
    )
    assert check_pixel_aspect(anamorphic, spec(pixel_aspect=2.0)).status is QCStatus.PASS
    undeclared = info(plate(), pixel_aspect=None)
    assert_status(
        check_pixel_aspect(undeclared, spec(pixel_aspect=2.0)), QCStatus.WARN, "declares no"
    )
    assert check_pixel_aspect(anamorphic, spec(pixel_aspect=None)).status is QCStatus.SKIP


def test_colorspace_is_compared_case_insensitively() -> None:
    assert check_colorspace(plate(colorspace="acescg"), spec()).status is QCStatus.PASS
    assert check_colorspace(plate(colorspace=" ACES  cg "), spec(colorspace="aces cg")).status is (
        QCStatus.PASS
    )


def test_colorspace_mismatch_and_unknown_warn_by_default() -> None:
    assert_status(
        check_colorspace(plate(colorspace="sRGB"), spec()),
        QCStatus.WARN,
        "'sRGB'",
        "'ACEScg'",
        "convert it",
    )
    assert_status(check_colorspace(plate(colorspace=None), spec()), QCStatus.WARN, "unknown")
    assert check_colorspace(plate(colorspace="sRGB"), spec(colorspace=None)).status is (
        QCStatus.SKIP
    )


def test_duration_from_metadata_or_frames() -> None:
    assert_status(check_duration(movie(), spec()), QCStatus.PASS, "0.583 s")
    # the sequence has no duration in its metadata: 14 frames at 24 fps
    assert_status(
        check_duration(plate(), spec(max_duration=0.5)),
        QCStatus.WARN,
        "14 frames at 24 fps",
        "longer than the maximum of 0.5 s",
    )
    assert_status(
        check_duration(movie(), spec(min_duration=1.0)), QCStatus.WARN, "shorter than the minimum"
    )
    assert check_duration(movie(), spec(min_duration=None, max_duration=None)).status is (
        QCStatus.SKIP
    )


def test_a_sequence_lasts_its_whole_frame_range() -> None:
    gappy = plate(missing=[1005])  # 13 files on disk, but 999-1012 lasts 14 frames
    assert gappy.info.frame_count == 13
    assert_status(check_duration(gappy, spec()), QCStatus.PASS, "14 frames at 24 fps")


def test_duration_unknown_is_a_warning() -> None:
    unknown = info(plate(frame_range=None, decoded_frames=0, stats=()), fps=None, frame_count=None)
    assert_status(check_duration(unknown, spec(fps=None)), QCStatus.WARN, "could not be")


def test_audio_policies() -> None:
    silent = info(movie(), audio=())
    assert check_audio(movie(), spec()).status is QCStatus.SKIP  # any: no rule
    assert_status(
        check_audio(silent, spec(audio=AudioPolicy.REQUIRED)), QCStatus.FAIL, "no audio track"
    )
    assert check_audio(movie(), spec(audio=AudioPolicy.REQUIRED)).status is QCStatus.PASS
    assert_status(
        check_audio(movie(), spec(audio=AudioPolicy.FORBIDDEN)),
        QCStatus.FAIL,
        "1 audio track (AAC)",
        "without sound",
    )
    two = info(movie(), audio=(AudioTrack("AAC"), AudioTrack("PCM")))
    assert_status(check_audio(two, spec(audio=AudioPolicy.FORBIDDEN)), QCStatus.FAIL, "AAC, PCM")
    assert check_audio(silent, spec(audio=AudioPolicy.FORBIDDEN)).status is QCStatus.PASS
    assert_status(
        check_audio(plate(), spec(audio=AudioPolicy.REQUIRED)), QCStatus.SKIP, "image files"
    )
