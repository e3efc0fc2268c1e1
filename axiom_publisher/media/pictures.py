"""A decoded frame as a picture to show, for the review proxy and the thumbnail: the
square-pixel display size, a float frame's R, G, B planes read in place, a float frame
through the OCIO display/view into rgb24, and the YUV matrix and range swscale reads a
frame with.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from typing import Any

import numpy as np
from av.video.frame import VideoFrame
from av.video.reformatter import ColorRange, Colorspace
from numpy.typing import NDArray

from axiom_publisher.media.colour import DisplayTransform
from axiom_publisher.media.compat import BT2020

# Float pixel formats: planar G, B, R (+A) planes; packed RGB(A); grey (+alpha) pixels.
_FLOAT_FORMAT = re.compile(r"(gbra?p|rgba?|gray|ya)f(16|32)(le|be)")


def _even(value: float) -> int:
    """The nearest even integer >= 2 (halves round up, not to even)."""
    return max(2, 2 * math.floor(value / 2 + 0.5))


def proxy_size(
    width: int, height: int, sample_aspect: Fraction | None, target_height: int
) -> tuple[int, int]:
    """Square-pixel display size scaled to `target_height` (never above the source height),
    both dimensions even and at least 2."""
    if width <= 0 or height <= 0:
        raise ValueError(f"invalid picture size {width}x{height}")
    aspect = sample_aspect if sample_aspect is not None and sample_aspect > 0 else Fraction(1)
    out_height = max(2, min(target_height, height) // 2 * 2)
    out_width = _even(float(width * aspect) * out_height / height)
    return out_width, out_height


def is_float_format(pix_fmt: str) -> bool:
    """Half or float pixels (scene-linear EXR): gbrpf16le, gbrapf32le, rgbaf16le, grayf32 ..."""
    return "f16" in pix_fmt or "f32" in pix_fmt


def float_planes(frame: VideoFrame) -> tuple[NDArray[Any], NDArray[Any], NDArray[Any]]:
    """The R, G, B planes of a float frame as numpy views of its buffers, without copies
    (rows keep the frame's line size; packed and grey pixels give strided views; a grey
    picture gives its one plane three times). Big-endian pixels are copied to native order.
    Other formats are converted to gbrpf32le at the same size (no scaling: no clipping)."""
    match = _FLOAT_FORMAT.fullmatch(frame.format.name)
    if match is None:
        frame = frame.reformat(format="gbrpf32le")
        match = _FLOAT_FORMAT.fullmatch("gbrpf32le")
        assert match is not None
    layout, bits, endian = match.groups()
    dtype = np.dtype(("<" if endian == "le" else ">") + ("f2" if bits == "16" else "f4"))
    width, height = frame.width, frame.height

    def rows(index: int) -> NDArray[Any]:
        plane = frame.planes[index]
        per_row = plane.line_size // dtype.itemsize
        values = np.frombuffer(memoryview(plane), dtype=dtype, count=per_row * height)
        return values.reshape(height, per_row)

    if layout in ("gbrp", "gbrap"):
        planes = (rows(2)[:, :width], rows(0)[:, :width], rows(1)[:, :width])
    else:
        step = {"rgb": 3, "rgba": 4, "gray": 1, "ya": 2}[layout]
        pixels = rows(0)[:, : width * step]
        offsets = (0, 1, 2) if layout.startswith("rgb") else (0, 0, 0)
        planes = (
            pixels[:, offsets[0] :: step],
            pixels[:, offsets[1] :: step],
            pixels[:, offsets[2] :: step],
        )
    if endian == "be":
        native = dtype.newbyteorder("=")
        planes = (
            np.ascontiguousarray(planes[0], dtype=native),
            np.ascontiguousarray(planes[1], dtype=native),
            np.ascontiguousarray(planes[2], dtype=native),
        )
    return planes


def display_rgb(
    display: DisplayTransform, frame: VideoFrame, shown: VideoFrame | None = None
) -> VideoFrame:
    """A float frame through `display` into an rgb24 frame of its size (`shown` reused when
    it fits)."""
    width, height = frame.width, frame.height
    if shown is None or (shown.width, shown.height) != (width, height):
        shown = VideoFrame(width, height, "rgb24")
    plane = shown.planes[0]
    pixels = np.frombuffer(
        memoryview(plane), dtype=np.uint8, count=plane.line_size * height
    ).reshape(height, plane.line_size)
    red, green, blue = float_planes(frame)
    display.apply_planes(red, green, blue, out=pixels[:, : width * 3].reshape(height, width, 3))
    return shown


def source_colorspace(frame: VideoFrame) -> Colorspace | int:
    """The YUV matrix of a frame for swscale; untagged frames get BT.709 from 720 lines up."""
    tagged: dict[int, Colorspace | int] = {1: Colorspace.ITU709, 4: Colorspace.FCC}
    tagged |= {5: Colorspace.ITU601, 6: Colorspace.ITU601, 7: Colorspace.SMPTE240M}
    tagged |= {9: BT2020, 10: BT2020}
    found = tagged.get(int(frame.colorspace))
    if found is not None:
        return found
    return Colorspace.ITU709 if frame.height >= 720 else Colorspace.ITU601


def source_range(frame: VideoFrame) -> ColorRange:
    """Full range for JPEG-range frames (yuvj*, tagged full), else video (limited) range."""
    if int(frame.color_range) == ColorRange.JPEG or frame.format.name.startswith("yuvj"):
        return ColorRange.JPEG
    return ColorRange.MPEG
