"""Annotation strokes as SVG over a still: vectors that stay sharp at any size.

The SVG's viewBox is the still's size in pixels, so a stroke point (x, y) in picture
coordinates (0..1, core.annotation) is (x * width, y * height) there, and a stroke's width
(a fraction of the picture height) is width * height. The shapes follow the app's painter
(ui/review/annotate.py): round caps and joins, arrow heads of 28 degrees and five stroke
widths (at least 8 pixels), text of six stroke widths drawn from its first point (its
baseline). Every value is a number or a checked #rrggbb colour; text is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from axiom_publisher.core.annotation import Annotation, Stroke, Tool

ARROW_ANGLE = math.radians(28)


def _n(value: float) -> str:
    """A coordinate with two decimals, without trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _pen(stroke: Stroke, height: int, pressure: float = 1.0) -> str:
    width = max(1.0, stroke.width * height * pressure)
    return (
        f'stroke="{stroke.colour}" stroke-width="{_n(width)}" fill="none" '
        'stroke-linecap="round" stroke-linejoin="round"'
    )


def _line(a: tuple[float, float], b: tuple[float, float], pen: str) -> str:
    return f'<line x1="{_n(a[0])}" y1="{_n(a[1])}" x2="{_n(b[0])}" y2="{_n(b[1])}" {pen}/>'


def _shape(stroke: Stroke, width: int, height: int) -> str:
    points = [(x * width, y * height) for x, y in stroke.points]
    first, last = points[0], points[-1]
    pen = _pen(stroke, height)
    if stroke.tool is Tool.PEN:
        if len(points) == 1:
            return _line(first, first, pen)
        if stroke.pressures:  # a tablet line: each segment as wide as its pressure
            return "".join(
                _line(points[i - 1], points[i], _pen(stroke, height, stroke.pressures[i]))
                for i in range(1, len(points))
            )
        joined = " ".join(f"{_n(x)},{_n(y)}" for x, y in points)
        return f'<polyline points="{joined}" {pen}/>'
    if stroke.tool in (Tool.LINE, Tool.ARROW):
        parts = [_line(first, last, pen)]
        if stroke.tool is Tool.ARROW:
            angle = math.atan2(last[1] - first[1], last[0] - first[0])
            size = max(8.0, 5 * stroke.width * height)
            for side in (-1, 1):
                tip = angle + math.pi + side * ARROW_ANGLE
                end = (last[0] + size * math.cos(tip), last[1] + size * math.sin(tip))
                parts.append(_line(last, end, pen))
        return "".join(parts)
    left, right = sorted((first[0], last[0]))
    top, bottom = sorted((first[1], last[1]))
    if stroke.tool is Tool.RECTANGLE:
        return (
            f'<rect x="{_n(left)}" y="{_n(top)}" width="{_n(right - left)}" '
            f'height="{_n(bottom - top)}" {pen}/>'
        )
    if stroke.tool is Tool.ELLIPSE:
        return (
            f'<ellipse cx="{_n((left + right) / 2)}" cy="{_n((top + bottom) / 2)}" '
            f'rx="{_n((right - left) / 2)}" ry="{_n((bottom - top) / 2)}" {pen}/>'
        )
    if stroke.tool is Tool.TEXT and stroke.text:
        size = max(6, round(stroke.width * 6 * height))
        return (
            f'<text x="{_n(first[0])}" y="{_n(first[1])}" font-size="{size}" '
            f'fill="{stroke.colour}" xml:space="preserve">{escape(stroke.text)}</text>'
        )
    return ""


def strokes_svg(strokes: Sequence[Annotation], width: int, height: int) -> str:
    """An <svg> element drawing `strokes` over a `width` x `height` picture; each stroke is a
    <g> carrying its annotation id and author."""
    groups = "".join(
        f'<g class="stroke {a.stroke.tool.value}" data-annotation="{a.id}" '
        f'data-author="{escape(a.author)}">{_shape(a.stroke, width, height)}</g>'
        for a in strokes
    )
    return (
        f'<svg class="strokes" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'preserveAspectRatio="none" aria-hidden="true">{groups}</svg>'
    )
