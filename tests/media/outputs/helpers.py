"""Helpers for the proxy / colour / thumbnail tests: feeding decoded frames, ffprobe, atoms."""

from __future__ import annotations

import struct
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import numpy as np
from numpy.typing import NDArray

from axiom_publisher.media.colour import DisplayTransform
from axiom_publisher.media.pictures import float_planes
from axiom_publisher.media.proxy import ProxyEncoder, ProxySettings


@dataclass(frozen=True)
class Probe:
    """What ffprobe says about a file: its streams, format and video frames."""

    streams: list[dict[str, Any]]
    format: dict[str, Any]
    frames: list[dict[str, Any]]

    def of_type(self, kind: str) -> list[dict[str, Any]]:
        return [stream for stream in self.streams if stream["codec_type"] == kind]

    @property
    def video(self) -> dict[str, Any]:
        (stream,) = self.of_type("video")
        return stream

    @property
    def key_times(self) -> list[float]:
        return [float(frame["pts_time"]) for frame in self.frames if frame["key_frame"] == 1]


def top_level_atoms(path: Path) -> list[str]:
    """The ISO-BMFF / QuickTime top-level atom types of a file, in order."""
    atoms: list[str] = []
    data = path.read_bytes()
    offset = 0
    while offset + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[offset : offset + 8])
        if size == 1:
            size = struct.unpack(">Q", data[offset + 8 : offset + 16])[0]
        elif size == 0:
            size = len(data) - offset
        atoms.append(kind.decode("latin-1"))
        offset += size
    return atoms


def decoded_frames(paths: Sequence[Path]) -> Iterator[av.VideoFrame | av.AudioFrame]:
    """Video and audio frames of a movie, or video frames of the files of a sequence."""
    for path in paths:
        with av.open(str(path)) as container:
            streams = [*container.streams.video[:1], *container.streams.audio[:1]]
            for stream in streams:
                stream.thread_type = "AUTO"
            yield from container.decode(*streams)


def movie_facts(path: Path) -> dict[str, Any]:
    """The ProxyEncoder arguments a caller reads from a movie's streams."""
    with av.open(str(path)) as container:
        video = container.streams.video[0]
        facts: dict[str, Any] = {
            "width": video.width,
            "height": video.height,
            "fps": Fraction(video.average_rate or 24),
            "sample_aspect": video.sample_aspect_ratio,
            "timecode": video.metadata.get("timecode") or container.metadata.get("timecode"),
        }
        if container.streams.audio:
            audio = container.streams.audio[0]
            facts["audio_rate"] = audio.rate
            facts["audio_layout"] = audio.layout.name
    return facts


def make_proxy(
    source: Path | Sequence[Path],
    target: Path,
    *,
    settings: ProxySettings | None = None,
    display: DisplayTransform | None = None,
    fps: Fraction = Fraction(24),
) -> Path:
    """Decode a movie (or the files of a sequence) once and encode its proxy."""
    paths = [source] if isinstance(source, Path) else list(source)
    if len(paths) == 1 and paths[0].suffix not in (".exr", ".dpx", ".png"):
        facts = movie_facts(paths[0])
    else:
        with av.open(str(paths[0])) as container:
            stream = container.streams.video[0]
            facts = {"width": stream.width, "height": stream.height, "fps": fps}
    encoder = ProxyEncoder(target, settings=settings or ProxySettings(), display=display, **facts)
    for frame in decoded_frames(paths):
        if isinstance(frame, av.VideoFrame):
            encoder.add(frame)
        else:
            encoder.add_audio(frame)
    return encoder.close()


def video_pictures(path: Path) -> list[NDArray[np.uint8]]:
    """Every video frame of a file as rgb24 (for pixel comparisons)."""
    with av.open(str(path)) as container:
        return [frame.to_ndarray(format="rgb24") for frame in container.decode(video=0)]


def srgb_encode(linear: float) -> float:
    """The sRGB transfer function (display-linear 0..1 -> code value 0..1)."""
    if linear <= 0.0031308:
        return 12.92 * linear
    return float(1.055 * linear ** (1 / 2.4) - 0.055)


def linear_rgb(frame: av.VideoFrame) -> NDArray[np.float32]:
    """A float frame's scene-linear values as HxWx3 float32, unclipped (to_ndarray converting
    gbrpf16le to gbrpf32le goes through swscale, which clips floats to 0..1)."""
    return np.stack([plane.astype(np.float32) for plane in float_planes(frame)], axis=-1)


def half_frame(picture: NDArray[np.floating], pix_fmt: str = "gbrpf16le") -> av.VideoFrame:
    """An HxWx3 scene-linear picture as a gbrpf16le (or gbrpf32le) frame, values unclipped."""
    height, width = picture.shape[:2]
    frame = av.VideoFrame(width, height, pix_fmt)
    dtype = np.dtype("<f2" if "f16" in pix_fmt else "<f4")
    for index, channel in ((0, 1), (1, 2), (2, 0)):  # planes G, B, R
        plane = frame.planes[index]
        per_row = plane.line_size // dtype.itemsize
        rows = np.frombuffer(memoryview(plane), dtype=dtype, count=per_row * height)
        rows.reshape(height, per_row)[:, :width] = picture[:, :, channel]
    return frame
