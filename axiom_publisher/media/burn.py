"""Annotation strokes burnt into a still with numpy alone (no Qt, no imaging library).

The shapes follow report_svg.py and the app's painter: every stroke becomes thick line
segments with round caps and joins (a pixel is painted when its centre lies within half the
stroke width of a segment), rectangles as four sides, ellipses as a 72-sided outline, arrows
with heads of 28 degrees and five stroke widths (at least 8 pixels). Points are picture
coordinates (0..1) and widths fractions of the picture height, so the strokes land on the
same picture spot at any proxy size. Text has no font here: it is underlined at its
baseline (its words travel in the comment).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path

import av
import numpy as np
import numpy.typing as npt

from axiom_publisher.core.annotation import Stroke, Tool
from axiom_publisher.core.errors import MediaOutputError
from axiom_publisher.media.reader import ProxyReader, RGBFrame
from axiom_publisher.media.stills import Still, encode_image

ARROW_ANGLE = math.radians(28)
ELLIPSE_SIDES = 72
Segment = tuple[float, float, float, float, float]  # x0, y0, x1, y1 (pixels), width


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _segments(stroke: Stroke, width: int, height: int) -> list[Segment]:
    points = [(x * width, y * height) for x, y in stroke.points]
    size = max(1.0, stroke.width * height)
    first, last = points[0], points[-1]
    if stroke.tool is Tool.PEN:
        if len(points) == 1:
            return [(*first, *first, size)]
        pressures = stroke.pressures or (1.0,) * len(points)
        return [
            (*points[i - 1], *points[i], max(1.0, size * pressures[i]))
            for i in range(1, len(points))
        ]
    if stroke.tool in (Tool.LINE, Tool.ARROW):
        found = [(*first, *last, size)]
        if stroke.tool is Tool.ARROW:
            angle = math.atan2(last[1] - first[1], last[0] - first[0])
            head = max(8.0, 5 * size)
            for side in (-1, 1):
                tip = angle + math.pi + side * ARROW_ANGLE
                end = (last[0] + head * math.cos(tip), last[1] + head * math.sin(tip))
                found.append((*last, *end, size))
        return found
    left, right = sorted((first[0], last[0]))
    top, bottom = sorted((first[1], last[1]))
    if stroke.tool is Tool.RECTANGLE:
        corners = [(left, top), (right, top), (right, bottom), (left, bottom), (left, top)]
    elif stroke.tool is Tool.ELLIPSE:
        cx, cy = (left + right) / 2, (top + bottom) / 2
        rx, ry = (right - left) / 2, (bottom - top) / 2
        steps = [2 * math.pi * i / ELLIPSE_SIDES for i in range(ELLIPSE_SIDES + 1)]
        corners = [(cx + rx * math.cos(t), cy + ry * math.sin(t)) for t in steps]
    else:  # text: an underline as long as the words would be
        glyphs = max(6, round(stroke.width * 6 * height)) * 0.6 * max(1, len(stroke.text))
        corners = [(first[0], first[1] + size), (first[0] + glyphs, first[1] + size)]
    return [(*corners[i - 1], *corners[i], size) for i in range(1, len(corners))]


def _paint(image: npt.NDArray[np.uint8], segment: Segment, colour: tuple[int, int, int]) -> None:
    x0, y0, x1, y1, size = segment
    radius = size / 2
    rows, cols = image.shape[0], image.shape[1]
    left = max(0, math.floor(min(x0, x1) - radius))
    right = min(cols, math.ceil(max(x0, x1) + radius) + 1)
    top = max(0, math.floor(min(y0, y1) - radius))
    bottom = min(rows, math.ceil(max(y0, y1) + radius) + 1)
    if left >= right or top >= bottom:
        return
    ys, xs = np.mgrid[top:bottom, left:right].astype(np.float64) + 0.5  # pixel centres
    dx, dy = x1 - x0, y1 - y0
    length = dx * dx + dy * dy
    along = np.zeros_like(xs) if length == 0 else ((xs - x0) * dx + (ys - y0) * dy) / length
    along = np.clip(along, 0.0, 1.0)
    distance = np.hypot(xs - (x0 + along * dx), ys - (y0 + along * dy))
    inside = distance <= max(radius, 0.5)
    image[top:bottom, left:right][inside] = colour


def burn_strokes(rgb: RGBFrame, strokes: Sequence[Stroke]) -> RGBFrame:
    """A copy of `rgb` (height, width, 3) with `strokes` drawn in, in drawing order."""
    image: npt.NDArray[np.uint8] = np.array(rgb, dtype=np.uint8, copy=True)
    height, width = int(image.shape[0]), int(image.shape[1])
    for stroke in strokes:
        colour = _rgb(stroke.colour)
        for segment in _segments(stroke, width, height):
            _paint(image, segment, colour)
    return image


def write_annotated_stills(
    proxy: Path, wanted: Mapping[int, tuple[Path, Sequence[Stroke]]]
) -> dict[int, Still]:
    """Write frame `index` of the proxy with its strokes burnt in to `wanted[index][0]`
    (.png or .jpg). Frames the proxy lacks are left out; DecodeError when the proxy cannot be
    read, MediaOutputError when a file cannot be written."""
    written: dict[int, Still] = {}
    if not wanted:
        return written
    with ProxyReader(proxy) as reader:
        for index in sorted(wanted):
            if not 0 <= index < reader.frame_count:
                continue
            path, strokes = wanted[index]
            rgb = burn_strokes(reader.read(index), strokes)
            try:
                path.write_bytes(encode_image(rgb, path.suffix))
            except (av.FFmpegError, OSError, ValueError) as error:
                path.unlink(missing_ok=True)
                raise MediaOutputError(f"cannot write the still {path}: {error}") from error
            written[index] = Still(path, int(rgb.shape[1]), int(rgb.shape[0]))
    return written
