"""Strokes as SVG for the playlist report: picture coordinates times the still's size, the
app's pen widths (pressure per segment), arrow heads, and text that cannot become markup."""

from __future__ import annotations

import math
from datetime import datetime, timezone
from xml.etree import ElementTree

from axiom_publisher.core.annotation import Annotation, Stroke, Tool
from axiom_publisher.publish.review.report_svg import strokes_svg

SVG = "{http://www.w3.org/2000/svg}"
NOW = datetime(2026, 12, 6, tzinfo=timezone.utc)


def _svg(*strokes: Stroke, width: int = 1280, height: int = 720) -> ElementTree.Element:
    annotations = [
        Annotation(n, 7, 1001, 'o"brien<x>', NOW, stroke) for n, stroke in enumerate(strokes, 1)
    ]
    return ElementTree.fromstring(strokes_svg(annotations, width, height))


def test_pressure_pen_draws_each_segment_at_its_width() -> None:
    pen = Stroke(
        Tool.PEN, ((0.0, 0.0), (0.5, 0.5), (1.0, 0.25)), "#30e060", 0.01, "", (0.2, 0.5, 1.0)
    )
    svg = _svg(pen)
    assert svg.attrib["viewBox"] == "0 0 1280 720"
    group = next(svg.iter(f"{SVG}g"))
    assert group.attrib["data-author"] == 'o"brien<x>'
    lines = list(group)
    assert [(float(line.attrib["x2"]), float(line.attrib["y2"])) for line in lines] == [
        (640.0, 360.0),
        (1280.0, 180.0),
    ]
    assert [float(line.attrib["stroke-width"]) for line in lines] == [3.6, 7.2]  # 0.01 * 720 * p


def test_single_point_arrow_head_and_hostile_text() -> None:
    dot = Stroke(Tool.PEN, ((0.25, 0.5),), "#ffffff", 0.001)
    arrow = Stroke(Tool.ARROW, ((0.0, 0.5), (0.5, 0.5)), "#ffd020", 0.02)
    text = Stroke(Tool.TEXT, ((0.1, 0.9),), "#ff3030", 0.01, "</svg><script>x()</script>")
    svg = _svg(dot, arrow, text, width=200, height=100)
    groups = list(svg.iter(f"{SVG}g"))
    (point,) = list(groups[0])
    assert (point.attrib["x1"], point.attrib["x2"], point.attrib["stroke-width"]) == (
        "50",
        "50",
        "1",
    )
    shaft, *head = list(groups[1])
    assert len(head) == 2
    size = max(8.0, 5 * 0.02 * 100)
    for line, side in zip(head, (-1, 1), strict=True):
        tip = math.pi + side * math.radians(28)
        assert float(line.attrib["x2"]) == round(100 + size * math.cos(tip), 2)
    (label,) = list(groups[2])
    assert label.text == "</svg><script>x()</script>"
    assert label.attrib["font-size"] == "6" and label.attrib["fill"] == "#ff3030"
    assert not list(svg.iter("script")) and not list(svg.iter(f"{SVG}script"))
