"""A corpus of malformed inputs: each is a DECODE/FORMAT/TIMEOUT problem naming the file,
never a traceback or a hang (pytest-timeout guards the whole test)."""

from __future__ import annotations

import random
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import av
import numpy as np
import pytest

from axiom_publisher.core.media import ProblemKind
from axiom_publisher.media.synth import write_clip, write_sequence

from .conftest import assert_names_file, decode_all, problems_for, sequence_source

Maker = Callable[[Path], Path]
MEDIA_EXTENSIONS = ["mov", "mp4", "mkv", "mxf", "avi", "webm", "exr", "dpx", "tif", "png", "jpg"]


def _noise(size: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(size)


def _valid(folder: Path, extension: str) -> Path:
    if extension in ("mov", "mp4", "mkv"):
        return write_clip(folder / f"valid.{extension}", 12, 64, 36)
    options = {"pix_fmt": "rgb48le"} if extension == "dpx" else {}
    return write_sequence(folder, "valid", 1, 1, 64, 36, extension, **options)[0]  # type: ignore[arg-type]


def zero_bytes(extension: str) -> Maker:
    def make(folder: Path) -> Path:
        path = folder / f"empty.{extension}"
        path.write_bytes(b"")
        return path

    return make


def random_bytes(extension: str) -> Maker:
    def make(folder: Path) -> Path:
        path = folder / f"noise.{extension}"
        path.write_bytes(_noise(4096, hash(extension) & 0xFFFF))
        return path

    return make


def truncated(extension: str, keep: float) -> Maker:
    def make(folder: Path) -> Path:
        data = _valid(folder / "src", extension).read_bytes()
        path = folder / f"cut.{extension}"
        path.write_bytes(data[: int(len(data) * keep)])
        return path

    return make


def renamed(extension: str, to: str) -> Maker:
    def make(folder: Path) -> Path:
        path = folder / f"renamed.{to}"
        _valid(folder / "src", extension).replace(path)
        return path

    return make


def spliced(head_from: str, body_from: str, name: str) -> Maker:
    """The first 64 bytes of one format, the rest of another."""

    def make(folder: Path) -> Path:
        head = _valid(folder / "a", head_from).read_bytes()[:64]
        body = _valid(folder / "b", body_from).read_bytes()[64:]
        path = folder / name
        path.write_bytes(head + body)
        return path

    return make


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def huge_png(width: int, height: int) -> Maker:
    def make(folder: Path) -> Path:
        path = folder / f"huge_{width}x{height}.png"
        header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
        idat = zlib.compress(b"\0" * 1000)
        path.write_bytes(
            b"\x89PNG\r\n\x1a\n"
            + _png_chunk(b"IHDR", header)
            + _png_chunk(b"IDAT", idat)
            + _png_chunk(b"IEND", b"")
        )
        return path

    return make


def huge_exr(folder: Path) -> Path:
    data = bytearray(_valid(folder / "src", "exr").read_bytes())
    at = data.index(b"dataWindow\x00box2i\x00") + len(b"dataWindow\x00box2i\x00") + 4
    data[at : at + 16] = struct.pack("<iiii", 0, 0, 99999, 99999)
    path = folder / "huge.exr"
    path.write_bytes(bytes(data))
    return path


def huge_dpx(folder: Path) -> Path:
    data = bytearray(_valid(folder / "src", "dpx").read_bytes())
    order = ">" if data[:4] == b"SDPX" else "<"
    data[772:780] = struct.pack(order + "II", 40000, 40000)
    path = folder / "huge.dpx"
    path.write_bytes(bytes(data))
    return path


def directory(folder: Path) -> Path:
    path = folder / "folder.mov"
    path.mkdir()
    return path


def text_as_movie(folder: Path) -> Path:
    path = folder / "notes.mov"
    path.write_text("these are not the frames you are looking for\n" * 20)
    return path


def audio_only(folder: Path) -> Path:
    """0.2 s of AAC in an MP4 with no video stream (written with PyAV: no ffmpeg CLI needed)."""
    path = folder / "sound.mp4"
    with av.open(str(path), "w") as container:
        stream = container.add_stream("aac", rate=48000)
        stream.layout = "mono"
        samples = np.zeros((1, 9600), dtype=np.float32)
        frame = av.AudioFrame.from_ndarray(samples, format="fltp", layout="mono")
        frame.sample_rate, frame.pts = 48000, 0
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            container.mux(packet)
    return path


CORPUS: dict[str, Maker] = {
    **{f"zero-{ext}": zero_bytes(ext) for ext in ("mov", "exr", "dpx", "png")},
    **{f"random-{ext}": random_bytes(ext) for ext in MEDIA_EXTENSIONS},
    **{f"truncated-mov-{k}": truncated("mov", k) for k in (0.1, 0.5, 0.9)},
    **{f"truncated-mkv-{k}": truncated("mkv", k) for k in (0.2, 0.6)},
    **{f"truncated-{ext}": truncated(ext, 0.5) for ext in ("exr", "dpx", "png", "jpg", "tif")},
    "truncated-exr-header": truncated("exr", 0.01),
    "png-named-exr": renamed("png", "exr"),
    "exr-named-dpx": renamed("exr", "dpx"),
    "mkv-named-mov": renamed("mkv", "mov"),
    "mov-named-mxf": renamed("mov", "mxf"),
    "png-head-exr-body": spliced("png", "exr", "mixed.png"),
    "exr-head-png-body": spliced("exr", "png", "mixed.exr"),
    "mp4-head-mkv-body": spliced("mp4", "mkv", "mixed.mp4"),
    "huge-png-sides": huge_png(100000, 100000),
    "huge-png-pixels": huge_png(20000, 20000),
    "huge-exr": huge_exr,
    "huge-dpx": huge_dpx,
    "directory": directory,
    "text-movie": text_as_movie,
    "audio-only": audio_only,
}


def test_corpus_is_big_enough() -> None:
    assert len(CORPUS) >= 30


@pytest.mark.timeout(60)
@pytest.mark.parametrize("name", sorted(CORPUS))
def test_malformed_input_is_a_problem(tmp_path: Path, name: str) -> None:
    path = CORPUS[name](tmp_path)
    problems = problems_for(path, timeout=10.0)
    assert_names_file(problems, path)


@pytest.mark.parametrize("name", ["huge-png-sides", "huge-png-pixels", "huge-exr", "huge-dpx"])
def test_absurd_dimensions_are_refused_by_name(tmp_path: Path, name: str) -> None:
    path = CORPUS[name](tmp_path)
    problems = problems_for(path)
    assert [p.kind for p in problems] == [ProblemKind.DECODE]
    assert "larger than AXIOM decodes" in problems[0].message


def test_sequence_with_one_random_frame(tmp_path: Path) -> None:
    files = write_sequence(tmp_path, "plate", 1, 5, 32, 18, "dpx")
    files[2].write_bytes(_noise(2048, 3))
    frames, decoded = decode_all(sequence_source(files, 1))
    assert [d.number for d in decoded] == [1, 2, 4, 5]
    assert_names_file(frames.problems, files[2])
    assert frames.problems[0].frames == (3,)
