"""frame_md5 equals FFmpeg's framemd5; content_hash ignores the container."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import numpy as np
import pytest

from axiom_publisher.core.media import FrameHash
from axiom_publisher.media.framehash import content_hash, frame_md5
from axiom_publisher.media.synth import write_clip, write_sequence

from .conftest import cli_framemd5, decode_all, library_framemd5, movie_source, sequence_source


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("h264.mov", {}),
        ("h264_odd.mkv", {"codec": "libx264", "pix_fmt": "yuv444p", "width": 65, "height": 37}),
        ("prores.mov", {"codec": "prores_ks"}),
        ("mpeg2.mxf", {"codec": "mpeg2video"}),
        ("ffv1.mkv", {"codec": "ffv1", "width": 67, "height": 35}),
    ],
)
def test_movie_md5_matches_ffmpeg(
    tmp_path: Path, ffmpeg: tuple[str, str], name: str, options: dict[str, object]
) -> None:
    width = int(str(options.pop("width", 64)))
    height = int(str(options.pop("height", 36)))
    path = write_clip(tmp_path / name, 6, width, height, **options)  # type: ignore[arg-type]
    frames, decoded = decode_all(movie_source(path))
    pix_fmt, expected = cli_framemd5(*ffmpeg, path)
    assert frames.pix_fmt == pix_fmt
    assert [frame_md5(d.frame) for d in decoded] == expected
    assert len(expected) == 6


@pytest.mark.parametrize(
    ("extension", "options"),
    [
        ("exr", {"exr_format": "float"}),
        ("dpx", {"pix_fmt": "gbrp10le"}),
        ("dpx", {"pix_fmt": "gbrp12le"}),
        ("dpx", {"pix_fmt": "rgb48le"}),
        ("png", {}),
        ("tif", {}),
        ("jpg", {}),
    ],
)
def test_image_md5_matches_ffmpeg(
    tmp_path: Path, ffmpeg: tuple[str, str], extension: str, options: dict[str, str]
) -> None:
    files = write_sequence(tmp_path, "plate", 1, 3, 65, 37, extension, **options)  # type: ignore[arg-type]
    frames, decoded = decode_all(sequence_source(files, 1))
    assert [d.number for d in decoded] == [1, 2, 3]
    for path, item in zip(files, decoded, strict=True):
        pix_fmt, expected = cli_framemd5(*ffmpeg, path)
        assert item.frame.format.name == pix_fmt
        assert [frame_md5(item.frame)] == expected


def test_half_exr_md5(tmp_path: Path, ffmpeg: tuple[str, str]) -> None:
    """FFmpeg 8.1 (PyAV) decodes half EXR to gbrpf16le; Debian's 5.1 CLI widens to float32.

    So: equal to the framemd5 muxer of the library's own FFmpeg, and, widened to float32
    (exact for half), equal to the CLI's framemd5.
    """
    files = write_sequence(tmp_path, "plate", 1, 2, 65, 37, "exr", nan={1: 3}, inf={2: 2})
    _, decoded = decode_all(sequence_source(files, 1))
    for path, item in zip(files, decoded, strict=True):
        assert item.frame.format.name == "gbrpf16le"
        assert frame_md5(item.frame) == library_framemd5(item.frame)
        pix_fmt, expected = cli_framemd5(*ffmpeg, path)
        assert pix_fmt == "gbrpf32le"
        widened = hashlib.md5()
        for plane in item.frame.planes:
            rows = np.frombuffer(memoryview(plane), dtype="<f2").reshape(plane.height, -1)
            widened.update(np.ascontiguousarray(rows[:, : plane.width].astype("<f4")).data)
        assert [widened.hexdigest()] == expected


def test_padded_planes_hash_like_ffmpeg(tmp_path: Path) -> None:
    """Odd widths give padded line sizes: the hash must skip the padding."""
    files = write_sequence(tmp_path, "plate", 1, 1, 33, 7, "dpx", pix_fmt="gbrp10le")
    _, decoded = decode_all(sequence_source(files, 1))
    frame = decoded[0].frame
    assert frame.planes[0].line_size > frame.width * 2
    assert frame_md5(frame) == library_framemd5(frame)


def test_content_hash_is_the_same_in_mov_and_mkv(tmp_path: Path, ffmpeg: tuple[str, str]) -> None:
    mov = write_clip(tmp_path / "clip.mov", 8, 64, 36)
    mkv = tmp_path / "clip.mkv"
    subprocess.run([ffmpeg[0], "-v", "error", "-i", str(mov), "-c", "copy", str(mkv)], check=True)

    def digest(path: Path) -> str:
        frames, decoded = decode_all(movie_source(path), first_frame=1001)
        hashes = [FrameHash(d.number, frame_md5(d.frame)) for d in decoded]
        assert len(hashes) == 8
        return content_hash(
            hashes, width=frames.width, height=frames.height, pix_fmt=frames.pix_fmt
        )

    assert digest(mov) == digest(mkv)
    other = write_clip(tmp_path / "other.mov", 8, 64, 36, cut_at=4)
    assert digest(other) != digest(mov)


def test_content_hash_depends_on_format_and_order() -> None:
    hashes = [FrameHash(1, "a" * 32), FrameHash(2, "b" * 32)]
    base = content_hash(hashes, width=64, height=36, pix_fmt="yuv420p")
    assert base == content_hash(
        [FrameHash(1001, "a" * 32), FrameHash(1002, "b" * 32)],
        width=64,
        height=36,
        pix_fmt="yuv420p",
    )
    assert base != content_hash(hashes[::-1], width=64, height=36, pix_fmt="yuv420p")
    assert base != content_hash(hashes, width=64, height=36, pix_fmt="yuv444p")
    assert len(base) == 64
