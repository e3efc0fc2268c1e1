"""Helpers for the decode tests: sources from generated files, FFmpeg's own framemd5."""

from __future__ import annotations

import io
import subprocess
from collections.abc import Sequence
from pathlib import Path

import av
import pytest

from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.media import MediaProblem, ProblemKind
from axiom_publisher.core.types import Source, SourceFile
from axiom_publisher.media.decode import DecodedFrame, FrameSource, open_source
from axiom_publisher.media.sniff import check_extension


def movie_source(path: Path) -> Source:
    return Source((SourceFile(path),), path.name, path.suffix.lstrip("."))


def sequence_source(files: Sequence[Path], first: int) -> Source:
    """A sequence of `files` numbered from `first` (files may skip numbers via their names)."""
    numbered = tuple(SourceFile(path, int(path.name.split(".")[-2])) for path in files)
    numbers = [file.frame or 0 for file in numbered]
    return Source(
        numbered,
        f"{files[0].name.split('.')[0]}.####{files[0].suffix}",
        files[0].suffix.lstrip("."),
        FrameRange(min(numbers), max(numbers)),
    )


def decode_all(source: Source, **options: float) -> tuple[FrameSource, list[DecodedFrame]]:
    first_frame = int(options.pop("first_frame", 1))
    with open_source(source, first_frame=first_frame, **options) as frames:
        return frames, list(frames.frames())


def problems_for(path: Path, **options: float) -> list[MediaProblem]:
    """Every problem analysis would report for one file (extension check, then decode)."""
    problems = []
    mismatch = check_extension(path)
    if mismatch is not None:
        problems.append(mismatch)
    source = movie_source(path)
    if path.suffix.lower() in (".exr", ".dpx", ".png", ".jpg", ".tif"):
        source = Source((SourceFile(path, 1),), path.name, path.suffix[1:], FrameRange(1, 1))
    frames, _ = decode_all(source, **options)
    return problems + frames.problems


def assert_names_file(problems: list[MediaProblem], path: Path) -> None:
    kinds = {ProblemKind.DECODE, ProblemKind.FORMAT, ProblemKind.TIMEOUT}
    assert problems, f"no problem reported for {path.name}"
    assert any(p.path == str(path) and p.kind in kinds and path.name in p.message for p in problems)


def cli_framemd5(ffmpeg: str, ffprobe: str, path: Path) -> tuple[str, list[str]]:
    """(pixel format, frame MD5s) of the first video stream by Debian's ffmpeg CLI."""
    pix_fmt = subprocess.run(
        [ffprobe, "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=pix_fmt"]
        + ["-of", "default=nw=1:nk=1", str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    output = subprocess.run(
        [ffmpeg, "-v", "error", "-i", str(path), "-map", "0:v:0", "-f", "framemd5", "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    md5s = [line.rsplit(",", 1)[1].strip() for line in output.splitlines() if line[:1].isdigit()]
    return pix_fmt, md5s


def library_framemd5(frame: av.VideoFrame) -> str:
    """The framemd5 muxer of PyAV's own FFmpeg fed by its rawvideo encoder (as the CLI does)."""
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="framemd5") as output:
        stream = output.add_stream("rawvideo", rate=24)
        stream.width, stream.height, stream.pix_fmt = frame.width, frame.height, frame.format.name
        frame.pts = 0
        for packet in stream.encode(frame):
            output.mux(packet)
        for packet in stream.encode(None):
            output.mux(packet)
    lines = [line for line in buffer.getvalue().decode().splitlines() if line[:1].isdigit()]
    return lines[0].rsplit(",", 1)[1].strip()


@pytest.fixture
def ffmpeg(ffmpeg_tools: tuple[str, str]) -> tuple[str, str]:
    return ffmpeg_tools
