"""EXR read with OpenEXR: the same frames as FFmpeg wherever FFmpeg reads the file right
(same pixel format, same planes: equal framemd5), and the files FFmpeg cannot read (YC,
layers), reads wrongly (PIZ) or reads only partly (mip-maps: level 0) read as the picture."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import OpenEXR
import pytest

from axiom_publisher.core.errors import DecodeError
from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.types import Source, SourceFile
from axiom_publisher.media import exr
from axiom_publisher.media.framehash import frame_md5

from .conftest import cli_framemd5, decode_all
from .exr_files import REC709, XYZ, pattern, write_exr, write_mipmapped, write_yc
from .test_exr_damaged import HEIGHT, WIDTH, compressed_bytes_flipped

H, W = 37, 66  # odd height, padded line sizes


def _decode(path: Path) -> av.VideoFrame:
    """AXIOM's decode of one EXR file (the image-sequence path of media.decode)."""
    frames, decoded = decode_all(Source((SourceFile(path, 1),), path.name, "exr", FrameRange(1, 1)))
    assert not frames.problems, frames.problems
    (item,) = decoded
    return item.frame


def _ffmpeg(path: Path) -> av.VideoFrame:
    with av.open(str(path)) as container:
        return next(container.decode(video=0))


def _window(x0: int, y0: int, x1: int, y1: int) -> tuple[np.ndarray, np.ndarray]:
    return np.array([x0, y0], np.int32), np.array([x1, y1], np.int32)


def _variants() -> dict[str, tuple[dict[str, np.ndarray], dict[str, object]]]:
    half, full = pattern(H, W, "f2", 1), pattern(H, W, "f4", 2)
    alpha = {"A": (np.linspace(0, 1, H * W).reshape(H, W)).astype("f2")}
    uint = {k: (np.clip(v / 2.2, 0, 1) * (2**32 - 1)).astype(np.uint32) for k, v in full.items()}
    return {
        "half-rgb-zip": (half, {}),
        "half-rgba-rle": ({**half, **alpha}, {"compression": OpenEXR.RLE_COMPRESSION}),
        "float-rgb-none": (full, {"compression": OpenEXR.NO_COMPRESSION}),
        "float-rgba-zips": (
            {**full, "A": alpha["A"].astype("f4")},
            {"compression": OpenEXR.ZIPS_COMPRESSION},
        ),
        "half-y": ({"Y": half["G"]}, {}),
        "half-ya": ({"Y": half["G"], **alpha}, {}),
        "float-y": ({"Y": full["R"]}, {}),
        "uint-rgb": (uint, {}),
        "half-rgb-plus-depth": ({**half, "Z": full["R"]}, {}),
        "tiled": (half, {"tiled": True}),
        "two-parts": (half, {"parts": 2}),
        "data-window-inside-display": (
            half,
            {
                "header": {
                    "dataWindow": _window(5, 3, W + 4, H + 2),
                    "displayWindow": _window(0, 0, 79, 49),
                }
            },
        ),
        "data-window-across-display": (
            half,
            {
                "header": {
                    "dataWindow": _window(-6, -4, W - 7, H - 5),
                    "displayWindow": _window(0, 0, 49, 29),
                }
            },
        ),
    }


@pytest.mark.parametrize("name", sorted(_variants()))
def test_frames_equal_ffmpeg_where_it_reads_the_file(
    tmp_path: Path, ffmpeg: tuple[str, str], name: str
) -> None:
    channels, options = _variants()[name]
    path = write_exr(tmp_path / f"{name}.exr", channels, **options)
    ours, theirs = _decode(path), _ffmpeg(path)
    assert (ours.format.name, ours.width, ours.height) == (
        theirs.format.name,
        theirs.width,
        theirs.height,
    )
    assert frame_md5(ours) == frame_md5(theirs)
    if "f32" in ours.format.name or ours.format.name in ("rgb48le", "gray16le"):
        pix_fmt, expected = cli_framemd5(*ffmpeg, path)  # Debian's 5.1 widens half to float
        assert (pix_fmt, [frame_md5(ours)]) == (ours.format.name, expected)


def test_a_mipmapped_file_reads_as_its_full_resolution_level(tmp_path: Path) -> None:
    planes = pattern(H, W)
    path = write_mipmapped(tmp_path / "mip.exr", planes)
    assert exr.plan(path).part.tiles == (16, 16, 1, 0)
    ours = _decode(path)
    assert frame_md5(ours) == frame_md5(_ffmpeg(path))
    green = np.frombuffer(memoryview(ours.planes[0]), "<f2").reshape(H, -1)[:, :W]
    assert np.array_equal(green, planes["G"])


@pytest.mark.parametrize("chromaticities", [REC709, XYZ], ids=["rec709", "xyz"])
def test_a_yc_file_reads_as_rgb(tmp_path: Path, chromaticities: tuple[float, ...]) -> None:
    path, rgb = write_yc(tmp_path / "yc.exr", 36, 64, chromaticities)
    frame = _decode(path)
    assert frame.format.name == "gbrpf16le"
    for plane, name in zip(frame.planes, "GBR", strict=True):
        got = np.frombuffer(memoryview(plane), "<f2").reshape(36, -1)[:, :64].astype(np.float32)
        # chroma is interpolated: exact but for the last row and column, rounded to half
        assert np.allclose(got[:-1, :-1], rgb[name][:-1, :-1], rtol=2e-3, atol=1e-3), name
        assert np.allclose(got, rgb[name], rtol=0.05, atol=0.02), name


def test_lossless_compressions_decode_to_the_same_picture(tmp_path: Path) -> None:
    """PIZ and ZIP are lossless: the same picture. (FFmpeg 8.1 zeroes some PIZ blocks of
    1080p noisy float pictures with only a log line; OpenEXR is the reference.)"""
    planes = pattern(256, 512, "f4", 3)
    hashes = {
        frame_md5(_decode(write_exr(tmp_path / f"{i}.exr", planes, compression)))
        for i, compression in enumerate(
            [OpenEXR.ZIP_COMPRESSION, OpenEXR.PIZ_COMPRESSION, OpenEXR.NO_COMPRESSION]
        )
    }
    assert len(hashes) == 1


def test_the_library_reason_is_kept_and_stdout_stays_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """OpenEXR's binding prints its reason for a part it cannot decode on stdout; AXIOM keeps
    it for the error message (stdout carries `axiom qc --json`)."""
    path = tmp_path / "flipped.exr"
    path.write_bytes(compressed_bytes_flipped(OpenEXR.ZIP_COMPRESSION)(tmp_path))
    with pytest.raises(
        DecodeError, match=r"flipped\.exr is damaged: OpenEXR cannot decode .+\(.+\)"
    ):
        exr.read(path, exr.plan(path))
    assert capsys.readouterr().out == ""


def test_a_file_without_picture_channels_is_refused_naming_them(tmp_path: Path) -> None:
    planes = pattern(8, 8)
    path = write_exr(tmp_path / "aovs.exr", {f"diffuse.{k}": v for k, v in planes.items()})
    with pytest.raises(DecodeError, match=r"aovs\.exr has no picture channels .* diffuse\.B"):
        exr.plan(path)


def test_valid_files_pass_the_layout_check(tmp_path: Path) -> None:
    """The check refuses nothing valid: scanline, tiled, several parts, every compression."""
    for index, compression in enumerate(
        [OpenEXR.NO_COMPRESSION, OpenEXR.RLE_COMPRESSION, OpenEXR.ZIPS_COMPRESSION,
         OpenEXR.ZIP_COMPRESSION, OpenEXR.PIZ_COMPRESSION, OpenEXR.PXR24_COMPRESSION,
         OpenEXR.B44_COMPRESSION, OpenEXR.B44A_COMPRESSION, OpenEXR.DWAA_COMPRESSION,
         OpenEXR.DWAB_COMPRESSION]
    ):  # fmt: skip
        for options in ({}, {"tiled": True}, {"parts": 3}):
            planes = pattern(HEIGHT, WIDTH)
            path = write_exr(tmp_path / f"{index}.exr", planes, compression, **options)
            frame = exr.read(path, exr.plan(path))
            assert (frame.width, frame.height) == (WIDTH, HEIGHT)
            assert np.isfinite(np.frombuffer(memoryview(frame.planes[0]), "<f2")).all()
