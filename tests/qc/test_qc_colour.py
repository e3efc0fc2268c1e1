"""The colorspace check with what the file declares: where from, display-referred media,
advice that names a flag that exists."""

from __future__ import annotations

from axiom_publisher.core.media import ColourFacts, ColourSource, MediaFacts, MediaKind
from axiom_publisher.core.qc import QCStatus
from axiom_publisher.qc.stream_rules import check_colorspace

from .helpers import movie, plate, spec

REC709 = "Rec.1886 Rec.709 - Display"


def tagged_movie(
    name: str | None, display: bool = True, suggestion: str | None = None
) -> MediaFacts:
    found = "primaries bt709, transfer bt709, matrix bt709" if name else "no colour tags"
    colour = ColourFacts(
        name, ColourSource.TAGS if name else None, found, display, suggestion=suggestion
    )
    return movie(colorspace=name, colour=colour)


def test_a_tagged_rec709_review_movie_passes_in_an_acescg_project() -> None:
    check = check_colorspace(tagged_movie(REC709), spec())
    assert check.status is QCStatus.PASS, check.message
    assert REC709 in check.message and "the file's colour tags" in check.message
    assert "primaries bt709" in check.message and "display-referred" in check.message


def test_a_scene_linear_plate_in_another_space_warns_and_says_where_it_was_read() -> None:
    colour = ColourFacts(
        "ACES2065-1", ColourSource.HEADER, "EXR chromaticities of ACES2065-1 (linear AP0)"
    )
    check = check_colorspace(plate(colorspace="ACES2065-1", colour=colour), spec())
    assert check.status is QCStatus.WARN
    assert "'ACES2065-1' (from the file's header: EXR chromaticities" in check.message
    assert "convert it to 'ACEScg'" in check.message and "--colorspace NAME" in check.message


def test_an_acescg_plate_from_its_header_passes() -> None:
    colour = ColourFacts("ACEScg", ColourSource.HEADER, "EXR chromaticities of ACEScg")
    check = check_colorspace(plate(colour=colour), spec())
    assert check.status is QCStatus.PASS
    assert check.message.startswith("'ACEScg' (from the file's header")


def test_unknown_movie_advice_names_the_flag_and_the_configs_guess() -> None:
    check = check_colorspace(tagged_movie(None, suggestion=REC709), spec())
    assert check.status is QCStatus.WARN
    assert "the file has no colour tags" in check.message
    assert f"--colorspace '{REC709}'" in check.message
    assert "Colour space field of the Publish tab" in check.message


def test_unknown_float_render_is_advised_the_projects_space() -> None:
    colour = ColourFacts(None, None, "no chromaticities or colour space attribute")
    check = check_colorspace(plate(colorspace=None, colour=colour), spec())
    assert check.status is QCStatus.WARN
    assert "--colorspace 'ACEScg'" in check.message


def test_a_host_name_unknown_to_the_config_is_compared_by_name() -> None:
    colour = ColourFacts("sRGB gamma", ColourSource.GIVEN, "given as 'sRGB gamma'")
    facts = movie(colorspace="sRGB gamma", colour=colour, kind=MediaKind.MOVIE)
    assert check_colorspace(facts, spec()).status is QCStatus.WARN
    assert check_colorspace(facts, spec(colorspace="srgb  GAMMA")).status is QCStatus.PASS
