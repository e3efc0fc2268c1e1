"""Formats by content, kinds by extension, extension mismatches; metadata from mediainfo."""

from __future__ import annotations

import shutil
from fractions import Fraction
from pathlib import Path

import pytest

from axiom_publisher.core.media import MediaInfo, MediaKind, ProblemKind
from axiom_publisher.media.probe import complete, probe
from axiom_publisher.media.sniff import check_extension, header_dimensions, media_kind, sniff_format
from axiom_publisher.media.synth import write_clip, write_sequence

from .conftest import decode_all, movie_source, sequence_source

HEADERS = {
    "exr": b"\x76\x2f\x31\x01\x02\x00\x00\x00",
    "dpx-big": b"SDPX" + b"\0" * 60,
    "dpx-little": b"XPDS" + b"\0" * 60,
    "tiff-ii": b"II*\x00\x08\x00\x00\x00",
    "tiff-mm": b"MM\x00*\x00\x00\x00\x08",
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF",
    "webp": b"RIFF\x10\x00\x00\x00WEBPVP8 ",
    "avi": b"RIFF\x10\x00\x00\x00AVI LIST",
    "mp4": b"\x00\x00\x00\x20ftypisom",
    "mov-moov": b"\x00\x00\x01\x00moov",
    "mov-wide": b"\x00\x00\x00\x08wide",
    "mkv": b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81",
    "mxf": bytes.fromhex("060e2b34020501010d01020101020400"),
    "nuke": b"#! /usr/local/Nuke15.1v2/libnuke-15.1.2.so -nx\nversion 15.1 v2\n",
    "maya-ascii": b"//Maya ASCII 2024 scene\n",
    "maya-binary-4": b"FOR4\x00\x00\x00\x40Maya",
    "maya-binary-8": b"FOR8\x00\x00\x00\x00\x00\x00\x00\x40Maya",
    "houdini": b"070707000001000000",
    "alembic": b"Ogawa\xff\x00\x01",
    "usdc": b"PXR-USDC\x00\x07\x00",
    "usda": b"#usda 1.0\n(\n",
    "openvdb": b"\x20\x42\x44\x56\x00\x00\x00\x00",
}
EXPECTED = {
    "dpx-big": "dpx", "dpx-little": "dpx", "tiff-ii": "tiff", "tiff-mm": "tiff",
    "mp4": "quicktime", "mov-moov": "quicktime", "mov-wide": "quicktime", "mkv": "matroska",
    "maya-binary-4": "maya-binary", "maya-binary-8": "maya-binary",
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_sniff_format(tmp_path: Path, name: str) -> None:
    path = tmp_path / "file.bin"
    path.write_bytes(HEADERS[name] + b"\0" * 32)
    assert sniff_format(path) == EXPECTED.get(name, name)


def test_unknown_and_missing_content_sniff_as_none(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    assert sniff_format(text) is None
    assert sniff_format(tmp_path / "missing.exr") is None


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("a.mov", MediaKind.MOVIE), ("a.MP4", MediaKind.MOVIE), ("a.m4v", MediaKind.MOVIE),
        ("a.mxf", MediaKind.MOVIE), ("a.mkv", MediaKind.MOVIE), ("a.avi", MediaKind.MOVIE),
        ("a.webm", MediaKind.MOVIE), ("a.1001.exr", MediaKind.STILL), ("a.dpx", MediaKind.STILL),
        ("a.tif", MediaKind.STILL), ("a.TIFF", MediaKind.STILL), ("a.png", MediaKind.STILL),
        ("a.jpg", MediaKind.STILL), ("a.jpeg", MediaKind.STILL), ("a.abc", MediaKind.OTHER),
        ("a.nk", MediaKind.OTHER), ("a.usd", MediaKind.OTHER), ("README", MediaKind.OTHER),
    ],
)  # fmt: skip
def test_media_kind(name: str, kind: MediaKind) -> None:
    assert media_kind(Path(name)) is kind


@pytest.mark.parametrize(
    ("header", "name", "message"),
    [
        ("png", "plate.exr", "plate.exr is a PNG file, not OpenEXR: rename it or re-export"),
        ("png", "cache.abc", "cache.abc is a PNG file, not Alembic: rename it or re-export"),
        ("mkv", "clip.mov", "clip.mov is a Matroska/WebM file, not QuickTime/MP4"),
        ("exr", "plate.dpx", "plate.dpx is a OpenEXR file, not DPX"),
        ("maya-ascii", "scene.mb", "scene.mb is a Maya ASCII scene file, not Maya binary scene"),
        ("usda", "stage.usdc", "is a USD ASCII file, not USD crate"),
    ],
)
def test_extension_contradicted_by_content(
    tmp_path: Path, header: str, name: str, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(HEADERS[header] + b"\0" * 32)
    problem = check_extension(path)
    assert problem is not None and problem.kind is ProblemKind.FORMAT
    assert message in problem.message and problem.path == str(path)


@pytest.mark.parametrize(
    ("header", "name"),
    [("mp4", "clip.mov"), ("mov-moov", "clip.mp4"), ("usda", "stage.usd"), ("usdc", "a.usd"),
     ("mkv", "clip.webm"), ("jpeg", "a.jpeg"), ("houdini", "shot.hipnc")],
)  # fmt: skip
def test_matching_content_is_fine(tmp_path: Path, header: str, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(HEADERS[header] + b"\0" * 32)
    assert check_extension(path) is None


def test_unknown_content_and_unknown_extension_are_not_judged(tmp_path: Path) -> None:
    odd = tmp_path / "plate.exr"
    odd.write_bytes(b"not a known format at all" * 4)
    assert check_extension(odd) is None  # the decoder reports it
    readme = tmp_path / "readme.txt"
    readme.write_bytes(HEADERS["png"])
    assert check_extension(readme) is None


def test_empty_file_is_a_decode_problem(tmp_path: Path) -> None:
    path = tmp_path / "empty.abc"
    path.touch()
    problem = check_extension(path)
    assert problem is not None and problem.kind is ProblemKind.DECODE
    assert "is empty" in problem.message


def test_header_dimensions(tmp_path: Path) -> None:
    for extension in ("png", "exr", "dpx"):
        path = write_sequence(tmp_path / extension, "p", 1, 1, 65, 37, extension)[0]
        assert header_dimensions(path) == (65, 37)
    tif = write_sequence(tmp_path / "tif", "p", 1, 1, 65, 37, "tif")[0]
    assert header_dimensions(tif) is None


def test_probe_clip_with_audio_and_timecode(tmp_path: Path) -> None:
    path = write_clip(
        tmp_path / "clip.mov", 24, 64, 36, audio=True, timecode="01:00:10:00",
        sample_aspect=Fraction(2, 1),
    )  # fmt: skip
    info = probe(path)
    assert info.container == "QuickTime" and info.codec == "AVC"
    assert (info.width, info.height, info.bit_depth, info.chroma) == (64, 36, 8, "4:2:0")
    assert info.fps == 24.0 and not info.variable_fps and info.frame_count == 24
    assert info.duration == pytest.approx(1.0, abs=0.05)
    assert info.pixel_aspect == pytest.approx(2.0)
    assert info.timecode == "01:00:10:00"
    assert [(a.codec, a.channels, a.sample_rate) for a in info.audio] == [("AAC", 2, 48000)]


@pytest.mark.parametrize("container", ["mkv", "mxf"])
def test_probe_timecode_in_other_containers(tmp_path: Path, container: str) -> None:
    codec = "mpeg2video" if container == "mxf" else "libx264"
    path = write_clip(
        tmp_path / f"clip.{container}", 6, 64, 36, codec=codec, timecode="10:00:00:00"
    )
    assert probe(path).timecode == "10:00:00:00"


def test_probe_never_raises(tmp_path: Path) -> None:
    junk = tmp_path / "junk.mov"
    junk.write_bytes(b"\x00garbage" * 50)
    assert probe(junk).width is None and probe(junk).codec is None
    assert probe(tmp_path / "missing.mov") == MediaInfo()
    assert probe(tmp_path).width is None  # a folder


def test_complete_fills_sequence_facts_from_the_decoder(tmp_path: Path) -> None:
    files = write_sequence(tmp_path, "plate", 1001, 1004, 65, 37, "exr")
    info = probe(files[0])
    assert info.pix_fmt is None and info.fps is None
    frames, decoded = decode_all(sequence_source(files, 1001))
    completed = complete(info, frames, len(decoded))
    assert (completed.width, completed.height, completed.pix_fmt) == (65, 37, "gbrpf16le")
    assert completed.bit_depth == 16 and completed.frame_count == 4
    assert completed.codec == "EXR"

    clip = write_clip(tmp_path / "clip.mov", 5, 64, 36, codec="prores_ks")
    frames, decoded = decode_all(movie_source(clip))
    completed = complete(probe(clip), frames, len(decoded))
    assert completed.pix_fmt == "yuv422p10le" and completed.bit_depth == 10
    assert completed.frame_count == 5 and completed.fps == 24.0


def test_complete_leaves_info_alone_when_nothing_decoded(tmp_path: Path) -> None:
    junk = tmp_path / "junk.mov"
    junk.write_bytes(b"junk" * 100)
    frames, decoded = decode_all(movie_source(junk))
    assert decoded == [] and frames.problems
    info = MediaInfo(container="QuickTime")
    assert complete(info, frames, 0) == info


def test_copy_keeps_probe_stable(tmp_path: Path) -> None:
    path = write_clip(tmp_path / "a.mp4", 6, 64, 36)
    shutil.copy(path, tmp_path / "b.mp4")
    first, second = probe(path), probe(tmp_path / "b.mp4")
    assert first == second and first.container == "MPEG-4"


def test_a_name_without_extension_is_media_by_its_content(tmp_path: Path) -> None:
    (frame,) = write_sequence(tmp_path / "seq", "f", 1, 1, 16, 16)
    movie = write_clip(tmp_path / "clip.mov", frames=2, width=16, height=16)
    cases = {
        "1001": (frame, MediaKind.STILL, "an image (PNG)", ".png"),
        "x_2.2.0_error_1_exr": (frame, MediaKind.STILL, "an image (PNG)", ".png"),
        "plate.1001": (frame, MediaKind.STILL, "an image (PNG)", ".png"),
        "clip": (movie, MediaKind.MOVIE, "a movie (QuickTime/MP4)", ".mov"),
    }
    for name, (content, kind, what, extension) in cases.items():
        path = tmp_path / name
        shutil.copyfile(content, path)
        assert media_kind(path) is kind, name
        found = check_extension(path)
        assert found is not None and found.kind is ProblemKind.EXTENSION, name
        assert found.message == (
            f"{name} has no extension: the content is {what}, so it is checked and published "
            f"as {what.split(' (')[0]} with the {extension} extension; add {extension} to the name"
        )
    text = tmp_path / "notes"
    text.write_text("hello\n", encoding="utf-8")
    assert media_kind(text) is MediaKind.OTHER
    found = check_extension(text)
    assert found is not None and found.kind is ProblemKind.EXTENSION
    assert "not an image or movie AXIOM reads" in found.message
    lying = tmp_path / "plate.exr"  # an extension that lies is still a FORMAT problem
    shutil.copyfile(frame, lying)
    assert media_kind(lying) is MediaKind.STILL
    mismatch = check_extension(lying)
    assert mismatch is not None and mismatch.kind is ProblemKind.FORMAT
    unknown = tmp_path / "other.c"  # an extension AXIOM does not know is kept as it is
    shutil.copyfile(frame, unknown)
    assert (media_kind(unknown), check_extension(unknown)) == (MediaKind.OTHER, None)
