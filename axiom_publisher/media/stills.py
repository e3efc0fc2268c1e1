"""Stills of a review proxy: chosen frames written as JPEG or PNG files (reports, exports).

The frames are read with the viewer's ProxyReader (frame-accurate, by 0-based index in
presentation order), in ascending order so nearby frames decode on instead of seeking, and
encoded with PyAV's own encoders: no Qt and no imaging library needed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
from av.codec.context import CodecContext
from av.video.codeccontext import VideoCodecContext
from av.video.frame import VideoFrame

from axiom_publisher.core.errors import DecodeError, MediaOutputError
from axiom_publisher.media.reader import ProxyReader, RGBFrame
from axiom_publisher.media.thumbnail import _encode_still


@dataclass(frozen=True, slots=True)
class Still:
    """A written still: its file and its picture size in pixels."""

    path: Path
    width: int
    height: int


def encode_png(rgb: RGBFrame) -> bytes:
    """An RGB array (height, width, 3) as a complete PNG file (lossless)."""
    frame = VideoFrame.from_ndarray(rgb, format="rgb24")
    context = CodecContext.create("png", "w")
    assert isinstance(context, VideoCodecContext)
    context.width, context.height = frame.width, frame.height
    context.time_base = Fraction(1, 25)
    context.pix_fmt = "rgb24"
    frame.pts = 0
    data = b"".join(bytes(p) for p in [*context.encode(frame), *context.encode(None)])
    if not data:
        raise ValueError("the png encoder returned nothing")
    return data


def encode_image(rgb: RGBFrame, suffix: str) -> bytes:
    """`rgb` as a .png (lossless) or .jpg (high quality, BT.601 full range) file."""
    if suffix.lower() == ".png":
        return encode_png(rgb)
    if suffix.lower() in (".jpg", ".jpeg"):
        return _encode_still(VideoFrame.from_ndarray(rgb, format="rgb24"), "mjpeg")
    raise ValueError(f"stills are .png or .jpg, not {suffix!r}")


def write_stills(proxy: Path, wanted: Mapping[int, Path]) -> dict[int, Still]:
    """Write frame `index` of the proxy to `wanted[index]` (the suffix picks PNG or JPEG).

    Frames the proxy does not have are left out of the result (a proxy shorter than its
    version's range); DecodeError when it cannot be read at all, MediaOutputError when a
    file cannot be written.
    """
    written: dict[int, Still] = {}
    if not wanted:
        return written
    with ProxyReader(proxy) as reader:
        for index in sorted(wanted):
            if not 0 <= index < reader.frame_count:
                continue
            rgb = reader.read(index)
            path = wanted[index]
            try:
                path.write_bytes(encode_image(rgb, path.suffix))
            except (av.FFmpegError, OSError, ValueError) as error:
                path.unlink(missing_ok=True)
                raise MediaOutputError(f"cannot write the still {path}: {error}") from error
            written[index] = Still(path, int(rgb.shape[1]), int(rgb.shape[0]))
    return written


def picture_size(path: Path) -> tuple[int, int]:
    """The width and height of an image or movie file's first picture (DecodeError if none)."""
    try:
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            for frame in container.decode(stream):
                return frame.width, frame.height
    except (av.FFmpegError, OSError, IndexError) as error:
        raise DecodeError(f"cannot read the picture {path}: {error}") from error
    raise DecodeError(f"cannot read the picture {path}: it holds no picture")
