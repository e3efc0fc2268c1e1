"""evaluate: every rule in order, severities, several representations merged."""

from __future__ import annotations

import json

import pytest

from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.media import ProblemKind
from axiom_publisher.core.qc import CHECK_IDS, AudioPolicy, QCCheck, QCStatus
from axiom_publisher.qc import DEFAULT_SEVERITY, RULES, evaluate, merge_checks
from axiom_publisher.qc.outcome import frame_list
from tests.qc.helpers import info, movie, plate, problem, spec, stats, work_file


def _statuses(report_checks: tuple[QCCheck, ...]) -> dict[str, QCStatus]:
    return {check.id: check.status for check in report_checks}


def test_rules_and_severities_cover_every_check_id_in_order() -> None:
    assert tuple(RULES) == CHECK_IDS
    assert tuple(DEFAULT_SEVERITY) == CHECK_IDS
    assert all(rule.__name__ == f"check_{check_id}" for check_id, rule in RULES.items())
    assert {status for status in DEFAULT_SEVERITY.values()} == {QCStatus.WARN, QCStatus.FAIL}


def test_a_clean_plate_passes_every_check() -> None:
    report = evaluate(plate(), spec())
    assert report.verdict is QCStatus.PASS
    assert tuple(check.id for check in report.checks) == CHECK_IDS
    skipped = {c.id for c in report.checks if c.status is QCStatus.SKIP}
    assert skipped == {"audio"}  # image files carry no audio
    assert all(c.status is QCStatus.PASS for c in report.checks if c.id != "audio")
    assert all(check.frames == () for check in report.checks)


def test_a_clean_movie_passes_every_check() -> None:
    report = evaluate(movie(), spec(audio=AudioPolicy.REQUIRED))
    assert report.verdict is QCStatus.PASS
    skipped = {c.id for c in report.checks if c.status is QCStatus.SKIP}
    assert skipped == {"nan_inf"}  # 8-bit video cannot hold NaN


def test_a_work_file_only_gets_format_and_naming() -> None:
    report = evaluate(work_file(), spec())
    ran = {c.id for c in report.checks if c.status is not QCStatus.SKIP}
    assert ran == {"format", "naming"}
    assert report.verdict is QCStatus.PASS


def test_every_finding_says_what_is_wrong_and_what_to_do() -> None:
    bad = info(
        plate(
            FrameRange(1000, 1011),
            missing=[1005],
            colorspace="sRGB",
            name="BAD NAME.exr",
            problems=(problem(ProblemKind.DECODE, "bad.1003.exr", "corrupt", 1003),),
            stats=stats(range(1000, 1012), black=[1001], frozen=[1007, 1008, 1009], nan=[1002]),
        ),
        width=1920,
        pixel_aspect=2.0,
    )
    report = evaluate(bad, spec(max_duration=0.1))
    found = {c.id: c for c in report.checks if c.status in (QCStatus.WARN, QCStatus.FAIL)}
    assert set(found) == set(CHECK_IDS) - {"format", "fps", "audio"}
    verbs = ("render", "export", "convert", "rename", "check", "fix", "reformat", "trim")
    for check in found.values():
        assert any(verb in check.message.lower() for verb in verbs), check.message
        assert check.message.endswith("."), check.message
    assert report.verdict is QCStatus.FAIL
    assert {c.id for c in report.failed()} == {
        "decode",
        "resolution",
        "pixel_aspect",
        "frame_range",
        "missing_frames",
        "nan_inf",
        "naming",
    }


def test_severity_overrides_downgrade_upgrade_and_turn_off() -> None:
    facts = plate(
        info=info(plate(), width=1920).info,
        stats=stats(range(999, 1013), black=[1004]),
    )
    default = _statuses(evaluate(facts, spec()).checks)
    assert default["resolution"] is QCStatus.FAIL
    assert default["black_frames"] is QCStatus.WARN

    overridden = evaluate(
        facts,
        spec(severity={"resolution": QCStatus.WARN, "black_frames": QCStatus.FAIL}),
    )
    statuses = _statuses(overridden.checks)
    assert statuses["resolution"] is QCStatus.WARN
    assert statuses["black_frames"] is QCStatus.FAIL
    black = next(c for c in overridden.checks if c.id == "black_frames")
    assert "publish with a QC override" in black.message
    assert black.frames == (1004,)

    off = evaluate(
        facts, spec(severity={"resolution": QCStatus.SKIP, "black_frames": QCStatus.SKIP})
    )
    assert off.verdict is QCStatus.PASS
    for check in off.checks:
        if check.id in ("resolution", "black_frames"):
            assert check.status is QCStatus.SKIP
            assert "turned off" in check.message
            assert check.frames == ()


def test_a_severity_of_pass_reports_findings_without_warning() -> None:
    facts = plate(colorspace=None, info=info(plate(), width=1920).info)
    report = evaluate(
        facts, spec(severity={"resolution": QCStatus.PASS, "colorspace": QCStatus.PASS})
    )
    statuses = _statuses(report.checks)
    assert statuses["resolution"] is QCStatus.PASS
    assert statuses["colorspace"] is QCStatus.PASS  # the advisory never exceeds the severity
    assert "1920x1080" in next(c.message for c in report.checks if c.id == "resolution")


def test_an_unknown_check_id_in_the_spec_is_refused() -> None:
    with pytest.raises(ValueError, match="blak_frames"):
        evaluate(plate(), spec(severity={"blak_frames": QCStatus.WARN}))
    with pytest.raises(ValueError, match="is not a QCStatus"):
        evaluate(plate(), spec(severity={"colorspace": "warn"}))
    with pytest.raises(ValueError, match="at least one"):
        evaluate([], spec())


def test_several_representations_merge_into_one_check_per_id() -> None:
    exr = plate(FrameRange(1000, 1012), stats=stats(range(1000, 1013), black=[1004]))
    review = info(movie(14, stats=stats(range(14), black=[3])), fps=25.0)
    report = evaluate([exr, review], spec())

    assert tuple(c.id for c in report.checks) == CHECK_IDS
    checks = {c.id: c for c in report.checks}
    # fps: the sequence's files agree; the movie is 25 fps: the worst (fail) wins
    assert checks["fps"].status is QCStatus.FAIL
    assert checks["fps"].message.startswith("sh010_review.mov: The movie runs at 25 fps")
    assert "sh010_plate.####.exr" not in checks["fps"].message  # it passed: not repeated
    # black frames of both, each message under its representation's name, frames united
    assert checks["black_frames"].status is QCStatus.WARN
    assert "sh010_plate.####.exr: Frame 1004 is black" in checks["black_frames"].message
    assert "sh010_review.mov: Frame 3 is black" in checks["black_frames"].message
    assert checks["black_frames"].frames == (3, 1004)
    # the sequence lacks 999; the movie's 14 frames are enough
    assert checks["frame_range"].status is QCStatus.FAIL
    assert checks["frame_range"].frames == (999,)
    # pass + skip merge to pass; both passing shows both
    assert checks["audio"].status is QCStatus.SKIP
    assert checks["nan_inf"].status is QCStatus.PASS
    assert checks["resolution"].message.count("2048x1080") == 2

    again = evaluate([exr, review], spec())
    assert json.dumps(again.to_json()) == json.dumps(report.to_json())  # deterministic


def test_one_representation_is_reported_without_its_name() -> None:
    report = evaluate([plate()], spec())
    assert report == evaluate(plate(), spec())
    assert not any(c.message.startswith("sh010_plate") for c in report.checks)


def test_merge_checks_needs_a_name_per_check() -> None:
    check = QCCheck("decode", QCStatus.PASS, "ok.")
    with pytest.raises(ValueError, match="one name per check"):
        merge_checks([check, check], ["a"])


def test_frame_lists_are_compact_and_bounded() -> None:
    assert frame_list([1010, 1003, 1011, 1012]) == "1003, 1010-1012"
    assert frame_list([]) == ""
    long = frame_list(range(0, 100, 2))
    assert long.startswith("0, 2, 4") and long.endswith("and 30 more ranges")
