"""The colour space a file declares, read by the single pass from real files written with
PyAV: H.273 tags of H.264 movies and PNG images, EXR header attributes, DPX header codes,
the file rules of a studio OCIO config; mapped to the OCIO config's names."""

from __future__ import annotations

import struct
from pathlib import Path

import PyOpenColorIO as ocio
import pytest

from axiom_publisher.core.errors import BadInputError
from axiom_publisher.core.media import ColourSource, MediaFacts
from axiom_publisher.media.analyze import AnalysisOptions, analyze_source
from axiom_publisher.media.colour_names import validate_colourspace
from axiom_publisher.media.colour_tags import (
    StreamTags,
    add_exr_attributes,
    exr_attribute,
    info_tags,
    read_dpx_colour,
    read_exr_colour,
)
from axiom_publisher.media.probe import probe
from axiom_publisher.media.synth import write_clip, write_sequence
from axiom_publisher.publish.sources import resolve_source

REC709 = "Rec.1886 Rec.709 - Display"


def facts_of(
    path: Path | str, scratch: Path, colorspace: str | None = None, config: str | None = None
) -> MediaFacts:
    """What the single pass finds (no proxy, no thumbnails)."""
    scratch.mkdir(exist_ok=True)
    options = AnalysisOptions(proxy=None, thumbnails=False, ocio_config=config)
    source = resolve_source(str(path))
    analysis = analyze_source(source, scratch, options=options, colorspace=colorspace)
    assert not analysis.facts.problems, analysis.facts.problems
    return analysis.facts


def with_attributes(files: list[Path], *attributes: tuple[str, str]) -> None:
    """Add string attributes to the EXR files' headers, as OpenEXR writes them."""
    extra = b"".join(exr_attribute(name, "string", value.encode()) for name, value in attributes)
    for path in files:
        path.write_bytes(add_exr_attributes(path.read_bytes(), extra))


@pytest.mark.parametrize("extension", ["mov", "mp4"])
def test_a_bt709_tagged_h264_movie_is_rec709_video(tmp_path: Path, extension: str) -> None:
    clip = write_clip(tmp_path / f"review.{extension}", frames=4, colour="bt709")
    facts = facts_of(clip, tmp_path / "scratch")
    colour = facts.colour
    assert colour is not None
    assert (facts.colorspace, colour.source) == (REC709, ColourSource.TAGS)
    assert colour.found == "primaries bt709, transfer bt709, matrix bt709"
    assert colour.display_referred


def test_an_untagged_movie_declares_nothing_and_gets_a_suggestion(tmp_path: Path) -> None:
    facts = facts_of(write_clip(tmp_path / "review.mov", frames=4), tmp_path / "scratch")
    assert facts.colorspace is None
    assert facts.colour is not None and facts.colour.source is None
    assert facts.colour.found == "no colour tags"
    # the built-in config's guess for movies, offered as advice, never taken as declared
    assert facts.colour.suggestion == REC709


def test_an_srgb_png_sequence_is_srgb(tmp_path: Path) -> None:
    write_sequence(tmp_path / "png", "plate", 1, 3, codec="png", colour="srgb")
    facts = facts_of(tmp_path / "png" / "plate.####.png", tmp_path / "scratch")
    assert facts.colorspace == "sRGB Encoded Rec.709 (sRGB)"
    assert facts.colour is not None and facts.colour.source is ColourSource.TAGS
    assert "transfer iec61966-2-1" in facts.colour.found


@pytest.mark.parametrize(
    ("colour", "expected"),
    [("acescg", "ACEScg"), ("aces", "ACES2065-1"), ("lin_rec709", "Linear Rec.709 (sRGB)")],
)
def test_exr_chromaticities_name_the_linear_space(
    tmp_path: Path, colour: str, expected: str
) -> None:
    files = write_sequence(tmp_path / "exr", "render", 1, 3, codec="exr", colour=colour)
    facts = facts_of(tmp_path / "exr" / "render.####.exr", tmp_path / "scratch")
    assert facts.decoded_frames == len(files)  # the longer header still decodes
    assert facts.colorspace == expected
    assert facts.colour is not None and facts.colour.source is ColourSource.HEADER
    assert facts.colour.found.startswith("EXR chromaticities of ")
    assert not facts.colour.display_referred


def test_exr_colour_space_attributes_come_before_chromaticities(tmp_path: Path) -> None:
    files = write_sequence(tmp_path / "exr", "render", 1, 2, codec="exr", colour="aces")
    with_attributes(files, ("colorSpace", "ACEScct"))
    facts = facts_of(tmp_path / "exr" / "render.####.exr", tmp_path / "scratch")
    assert facts.colorspace == "ACEScct"
    assert facts.colour is not None and facts.colour.found == "EXR attribute colorSpace 'ACEScct'"

    with_attributes(files, ("colorInteropID", "lin_ap1_scene"))  # OpenEXR 3.4's, an alias
    facts = facts_of(tmp_path / "exr" / "render.####.exr", tmp_path / "scratch")
    assert facts.colorspace == "ACEScg"
    assert read_exr_colour(files[0]) is not None


def test_an_exr_naming_a_space_unknown_to_the_config_keeps_the_name(tmp_path: Path) -> None:
    files = write_sequence(tmp_path / "exr", "render", 1, 1, codec="exr")
    with_attributes(files, ("colorSpace", "studio_linear"))
    facts = facts_of(files[0], tmp_path / "scratch")
    assert facts.colorspace == "studio_linear"
    assert facts.colour is not None and not facts.colour.display_referred


def test_an_exr_without_colour_attributes_is_unknown(tmp_path: Path) -> None:
    write_sequence(tmp_path / "exr", "render", 1, 2, codec="exr")
    facts = facts_of(tmp_path / "exr" / "render.####.exr", tmp_path / "scratch")
    assert facts.colorspace is None
    assert facts.colour is not None
    assert facts.colour.found == "no chromaticities or colour space attribute"


def test_unrecognised_chromaticities_are_reported_not_guessed(tmp_path: Path) -> None:
    (file,) = write_sequence(tmp_path / "exr", "render", 1, 1, codec="exr")
    odd = struct.pack("<8f", 0.7, 0.3, 0.2, 0.7, 0.1, 0.1, 0.33, 0.33)
    file.write_bytes(
        add_exr_attributes(
            file.read_bytes(), exr_attribute("chromaticities", "chromaticities", odd)
        )
    )
    facts = facts_of(file, tmp_path / "scratch")
    assert facts.colorspace is None
    assert facts.colour is not None and "not recognised" in facts.colour.found


def test_a_dpx_transfer_field_is_read(tmp_path: Path) -> None:
    files = write_sequence(tmp_path / "dpx", "scan", 1, 2, codec="dpx", colour="bt709")
    facts = facts_of(tmp_path / "dpx" / "scan.####.dpx", tmp_path / "scratch")
    assert facts.colorspace == REC709
    assert facts.colour is not None and facts.colour.source is ColourSource.HEADER
    assert facts.colour.found == "DPX transfer ITU-R BT.709, colorimetric ITU-R BT.709"
    colour = read_dpx_colour(files[0])
    assert colour is not None and (colour.transfer, colour.colorimetric) == (6, 6)


def test_ffmpeg_dpx_files_say_unspecified_video(tmp_path: Path) -> None:
    write_sequence(tmp_path / "dpx", "scan", 1, 2, codec="dpx")
    facts = facts_of(tmp_path / "dpx" / "scan.####.dpx", tmp_path / "scratch")
    assert facts.colorspace is None
    assert facts.colour is not None
    assert facts.colour.found == "DPX transfer unspecified video, colorimetric unspecified video"


def test_what_is_given_wins_and_the_file_is_still_reported(tmp_path: Path) -> None:
    clip = write_clip(tmp_path / "review.mov", frames=4, colour="bt709")
    facts = facts_of(clip, tmp_path / "scratch", colorspace="lin_ap1")
    assert facts.colorspace == "ACEScg"  # an alias, resolved to the config's name
    assert facts.colour is not None and facts.colour.source is ColourSource.GIVEN
    assert facts.colour.found == (
        "given as 'lin_ap1'; the file: primaries bt709, transfer bt709, matrix bt709"
    )


def test_a_studio_configs_file_rules_apply_but_not_its_default_rule(tmp_path: Path) -> None:
    config = ocio.Config.CreateFromBuiltinConfig("default")
    rules = ocio.FileRules()  # only the Default rule
    rules.insertRule(0, "renders", "ACEScg", "*render*", "exr")
    config.setFileRules(rules)
    path = tmp_path / "studio.ocio"
    path.write_text(config.serialize())
    write_sequence(tmp_path / "exr", "render", 1, 2, codec="exr")
    facts = facts_of(tmp_path / "exr" / "render.####.exr", tmp_path / "s1", config=str(path))
    assert facts.colorspace == "ACEScg"
    assert facts.colour is not None and facts.colour.source is ColourSource.FILE_RULE
    # an untagged movie matches only the Default rule: still unknown
    movie = facts_of(write_clip(tmp_path / "a.mov", frames=2), tmp_path / "s2", config=str(path))
    assert movie.colorspace is None


def test_the_built_in_configs_file_rules_are_not_taken_as_declared(tmp_path: Path) -> None:
    write_sequence(tmp_path / "exr", "render", 1, 1, codec="exr")
    facts = facts_of(tmp_path / "exr" / "render.####.exr", tmp_path / "scratch")
    assert facts.colorspace is None  # not the built-in Movies/EXR guess (ACES2065-1)


def test_a_given_colour_space_is_validated_against_the_config() -> None:
    assert validate_colourspace(None, "lin_ap1") == "ACEScg"
    with pytest.raises(BadInputError) as raised:
        validate_colourspace(None, "Rec709")
    message = str(raised.value)
    assert "'Rec709'" in message and "'ACEScg'" in message and f"'{REC709}'" in message


def test_damaged_headers_declare_nothing(tmp_path: Path) -> None:
    (file,) = write_sequence(tmp_path / "exr", "render", 1, 1, codec="exr", colour="acescg")
    broken = tmp_path / "broken.exr"
    broken.write_bytes(file.read_bytes()[:60])  # cut inside the header's attributes
    assert read_exr_colour(broken) is None
    short = tmp_path / "short.dpx"
    short.write_bytes(b"SDPX" + bytes(100))
    assert read_dpx_colour(short) is None


def test_mediainfo_names_the_same_tags_for_pyav_without_frame_tags(tmp_path: Path) -> None:
    """PyAV before 18 (the DCCs' Python) reads no primaries / transfer from frames; the
    single pass then takes mediainfo's names of the same tags."""
    info = probe(write_clip(tmp_path / "review.mov", frames=2, colour="bt709"))
    assert info_tags(info.color_primaries, info.transfer, info.matrix) == StreamTags(1, 1, 1)
    untagged = probe(write_clip(tmp_path / "plain.mov", frames=2))
    assert not info_tags(untagged.color_primaries, untagged.transfer, untagged.matrix).tagged
