"""Strokes burnt into a still with numpy: each tool lands its colour on its picture spot, at
any picture size, and leaves the rest of the picture alone."""

from __future__ import annotations

import numpy as np
import pytest

from axiom_publisher.core.annotation import Stroke, Tool
from axiom_publisher.media.burn import burn_strokes
from axiom_publisher.media.stills import encode_png

GREEN = "#20e040"


def _grey(height: int, width: int) -> np.ndarray:
    return np.full((height, width, 3), 90, dtype=np.uint8)


def _at(image: np.ndarray, x: float, y: float) -> tuple[int, ...]:
    """The pixel at picture position (x, y) (0..1)."""
    height, width = image.shape[:2]
    return tuple(
        int(v) for v in image[min(height - 1, int(y * height)), min(width - 1, int(x * width))]
    )


ON = (0x20, 0xE0, 0x40)
OFF = (90, 90, 90)


@pytest.mark.parametrize("size", [(180, 320), (540, 960)])
@pytest.mark.parametrize(
    ("stroke", "on", "off"),
    [
        (
            Stroke(Tool.PEN, ((0.1, 0.1), (0.3, 0.3), (0.5, 0.1)), GREEN, 0.02),
            [(0.2, 0.2), (0.4, 0.2)],
            [(0.3, 0.1)],
        ),  # fmt: skip
        (
            Stroke(Tool.LINE, ((0.1, 0.5), (0.9, 0.5)), GREEN, 0.02),
            [(0.5, 0.5), (0.11, 0.5)],
            [(0.5, 0.6)],
        ),  # fmt: skip
        (Stroke(Tool.ARROW, ((0.1, 0.5), (0.6, 0.5)), GREEN, 0.02), [(0.3, 0.5)], [(0.8, 0.5)]),
        (
            Stroke(Tool.RECTANGLE, ((0.2, 0.2), (0.8, 0.8)), GREEN, 0.02),
            [(0.2, 0.5), (0.5, 0.8)],
            [(0.5, 0.5)],
        ),  # fmt: skip
        (
            Stroke(Tool.ELLIPSE, ((0.2, 0.2), (0.8, 0.8)), GREEN, 0.02),
            [(0.2, 0.5), (0.5, 0.2)],
            [(0.5, 0.5), (0.22, 0.22)],
        ),  # fmt: skip
        (
            Stroke(Tool.PEN, ((0.3, 0.3), (0.7, 0.3)), GREEN, 0.04, pressures=(0.1, 1.0)),
            [(0.5, 0.3)],
            [(0.5, 0.4)],
        ),  # fmt: skip
        (
            Stroke(Tool.TEXT, ((0.1, 0.5),), GREEN, 0.01, text="edge"),
            [(0.12, 0.51)],
            [(0.12, 0.3)],
        ),  # fmt: skip
    ],
)
def test_each_tool_lands_on_its_picture_spot(
    size: tuple[int, int],
    stroke: Stroke,
    on: list[tuple[float, float]],
    off: list[tuple[float, float]],
) -> None:
    before = _grey(*size)
    after = burn_strokes(before, [stroke])
    assert (before == 90).all(), "the input is not changed"
    for x, y in on:
        assert _at(after, x, y) == ON, (x, y)
    for x, y in off:
        assert _at(after, x, y) == OFF, (x, y)
    painted = (after != 90).any(axis=2).mean()
    assert 0 < painted < 0.2


def test_later_strokes_draw_over_earlier_and_strokes_off_the_picture_are_clipped() -> None:
    red = Stroke(Tool.LINE, ((0.0, 0.5), (1.0, 0.5)), "#ff0000", 0.05)
    blue = Stroke(Tool.LINE, ((0.5, -0.5), (0.5, 1.5)), "#0000ff", 0.05)
    outside = Stroke(Tool.LINE, ((1.5, 1.5), (2.0, 2.0)), "#ffffff", 0.05)
    image = burn_strokes(_grey(90, 160), [red, blue, outside])
    assert _at(image, 0.5, 0.5) == (0, 0, 255)
    assert _at(image, 0.2, 0.5) == (255, 0, 0)
    assert not (image == 255).all(axis=2).any()
    assert encode_png(image).startswith(b"\x89PNG")
