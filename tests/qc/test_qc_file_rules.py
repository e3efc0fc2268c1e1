"""decode, format and naming: the rules about the files themselves."""

from __future__ import annotations

import pytest

from axiom_publisher.core.media import ProblemKind
from axiom_publisher.core.qc import QCStatus
from axiom_publisher.qc.rules import check_decode, check_format, check_naming
from tests.qc.helpers import assert_status, plate, problem, spec, work_file


def test_decode_passes_when_every_frame_decoded() -> None:
    check = check_decode(plate(), spec())
    assert_status(check, QCStatus.PASS, "14 frames decoded")
    assert check.frames == ()


def test_decode_fails_naming_the_files_and_frames() -> None:
    facts = plate(
        problems=(
            problem(ProblemKind.DECODE, "/plates/sh010_plate.1005.exr", "truncated file.", 1005),
            problem(
                ProblemKind.TIMEOUT, "/plates/sh010_plate.1007.exr", "no progress for 30 s", 1007
            ),
        )
    )
    check = check_decode(facts, spec())
    assert_status(
        check,
        QCStatus.FAIL,
        "2 decode problems",
        "/plates/sh010_plate.1005.exr (frame 1005) cannot be decoded: truncated file",
        "/plates/sh010_plate.1007.exr (frame 1007) the decoder stopped making progress",
        "re-render or re-export",
    )
    assert check.frames == (1005, 1007)


def test_decode_ignores_format_problems() -> None:
    facts = plate(problems=(problem(ProblemKind.FORMAT, "a.exr", "this is a PNG"),))
    assert check_decode(facts, spec()).status is QCStatus.PASS


def test_decode_skips_files_that_are_not_media() -> None:
    assert_status(check_decode(work_file(), spec()), QCStatus.SKIP, "not a media file")


def test_spoofed_extension_fails_format() -> None:
    facts = plate(
        problems=(
            problem(
                ProblemKind.FORMAT,
                "/plates/sh010_plate.1001.exr",
                "the content is a PNG image, not OpenEXR",
            ),
        )
    )
    check = check_format(facts, spec())
    assert_status(
        check,
        QCStatus.FAIL,
        "/plates/sh010_plate.1001.exr: the content is a PNG image, not OpenEXR",
        "1 file is not what the .exr extension says",
        "export again",
    )


def test_format_applies_to_files_that_are_not_media() -> None:
    assert check_format(work_file(), spec()).status is QCStatus.PASS
    spoofed = work_file(problems=(problem(ProblemKind.FORMAT, "x.nk", "a ZIP archive"),))
    assert_status(check_format(spoofed, spec()), QCStatus.FAIL, "x.nk: a ZIP archive")


@pytest.mark.parametrize(
    "name",
    ["sh010_plate.####.exr", "/jobs/proj/plates/sh010_plate.####.exr", r"C:\plates\sh010_bg.mov"],
)
def test_naming_matches_the_base_name_in_full(name: str) -> None:
    assert_status(check_naming(plate(name=name), spec()), QCStatus.PASS, "matches")


def test_naming_fails_when_the_name_does_not_match() -> None:
    check = check_naming(plate(name="SH10-plate.####.exr"), spec(naming_pattern=r"sh\d{3}_.*"))
    assert_status(check, QCStatus.FAIL, "'SH10-plate.####.exr'", r"'sh\\d{3}_.*'", "rename")


def test_naming_is_a_full_match_not_a_search() -> None:
    check = check_naming(plate(name="final_sh010_plate.####.exr"), spec(naming_pattern=r"sh010.*"))
    assert check.status is QCStatus.FAIL


def test_an_invalid_naming_pattern_fails_naming_the_pattern() -> None:
    check = check_naming(plate(), spec(naming_pattern="sh[0-9", severity={"naming": QCStatus.WARN}))
    assert_status(check, QCStatus.FAIL, "'sh[0-9'", "not a valid regular expression", "qc.naming")


@pytest.mark.parametrize("pattern", [None, ""])
def test_naming_skips_without_a_pattern(pattern: str | None) -> None:
    assert_status(check_naming(plate(), spec(naming_pattern=pattern)), QCStatus.SKIP, "no naming")


def test_naming_applies_to_files_that_are_not_media() -> None:
    check = check_naming(work_file(name="comp.nk"), spec())
    assert check.status is QCStatus.FAIL


def test_a_name_without_extension_warns_saying_what_the_content_is() -> None:
    said = "1001 has no extension: the content is an image (PNG), so it is published as .png"
    facts = plate(extension="png", problems=(problem(ProblemKind.EXTENSION, "/in/1001", said),))
    check = check_format(facts, spec())
    assert (check.status, check.message) == (QCStatus.WARN, f"{said}.")
    assert "matches the" not in check.message
    from_pass = check_format(facts, spec(severity={"format": QCStatus.PASS}))
    assert from_pass.status is QCStatus.PASS  # an advisory never exceeds the severity
