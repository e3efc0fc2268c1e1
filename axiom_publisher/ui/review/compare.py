"""Compare modes of the viewer and the pictures they make from an A and a B frame.

`compose` builds the picture a mode shows, in image pixels (A's size; B is scaled to A's
height where the sizes differ): the canvas draws it fitted or zoomed, and exports it.
"""

from __future__ import annotations

import enum

import numpy as np
from numpy.typing import NDArray
from qtpy import QtCore, QtGui

_RGB32 = QtGui.QImage.Format.Format_RGB32


class CompareMode(str, enum.Enum):
    A = "a"
    B = "b"
    WIPE = "wipe"
    SIDE_BY_SIDE = "side_by_side"
    DIFFERENCE = "difference"

    @property
    def label(self) -> str:
        return MODE_LABELS[self]

    @property
    def needs_b(self) -> bool:
        return self is not CompareMode.A


MODE_LABELS: dict[CompareMode, str] = {
    CompareMode.A: "A",
    CompareMode.B: "B",
    CompareMode.WIPE: "Wipe",
    CompareMode.SIDE_BY_SIDE: "Side by side",
    CompareMode.DIFFERENCE: "Difference",
}
# The number keys choosing each mode (1-5), in this order.
MODE_ORDER: tuple[CompareMode, ...] = tuple(CompareMode)


def as_rgb32(image: QtGui.QImage) -> QtGui.QImage:
    """`image` as opaque 0xffRRGGBB pixels (the same object when it already is)."""
    return image if image.format() == _RGB32 else image.convertToFormat(_RGB32)


def matched(b: QtGui.QImage, size: QtCore.QSize) -> QtGui.QImage:
    """B at A's size (unchanged when the sizes match, else smoothly scaled)."""
    if b.size() == size:
        return b
    return b.scaled(
        size,
        QtCore.Qt.AspectRatioMode.IgnoreAspectRatio,
        QtCore.Qt.TransformationMode.SmoothTransformation,
    )


def _pixels(image: QtGui.QImage) -> NDArray[np.uint8]:
    """The bytes of an RGB32 image as a (height, width * 4) uint8 array (a copy)."""
    line = image.bytesPerLine()
    data = np.frombuffer(image.constBits(), dtype=np.uint8, count=line * image.height())
    pixels: NDArray[np.uint8] = data.reshape(image.height(), line)[:, : image.width() * 4].copy()
    return pixels


def difference(a: QtGui.QImage, b: QtGui.QImage) -> QtGui.QImage:
    """|A - B| per channel (exact, 8 bits), at A's size, opaque."""
    first = _pixels(as_rgb32(a))
    second = _pixels(as_rgb32(matched(b, a.size())))
    out = np.abs(first.astype(np.int16) - second.astype(np.int16)).astype(np.uint8)
    out.reshape(a.height(), a.width(), 4)[..., 3] = 255  # alpha byte (little-endian BGRA)
    image = QtGui.QImage(out.data, a.width(), a.height(), a.width() * 4, _RGB32)
    return image.copy()  # own the pixels: `out` goes away with this frame


def wipe(a: QtGui.QImage, b: QtGui.QImage, position: float) -> QtGui.QImage:
    """A left of `position` (0..1 of the width), B right of it."""
    out = as_rgb32(a).copy()
    split = round(max(0.0, min(1.0, position)) * a.width())
    if split < a.width():
        source = matched(b, a.size())
        painter = QtGui.QPainter(out)
        rect = QtCore.QRect(split, 0, a.width() - split, a.height())
        painter.drawImage(rect, source, rect)
        painter.end()
    return out


def side_by_side_gap(a: QtGui.QImage) -> int:
    return max(4, a.width() // 100)


def side_by_side(a: QtGui.QImage, b: QtGui.QImage, background: QtGui.QColor) -> QtGui.QImage:
    """A on the left, B (at A's height) on the right, a narrow background gap between."""
    scaled = b
    if b.height() != a.height():
        scaled = b.scaledToHeight(a.height(), QtCore.Qt.TransformationMode.SmoothTransformation)
    gap = side_by_side_gap(a)
    out = QtGui.QImage(a.width() + gap + scaled.width(), a.height(), _RGB32)
    out.fill(background)
    painter = QtGui.QPainter(out)
    painter.drawImage(0, 0, a)
    painter.drawImage(a.width() + gap, 0, scaled)
    painter.end()
    return out


def compose(
    a: QtGui.QImage,
    b: QtGui.QImage | None,
    mode: CompareMode,
    *,
    wipe_position: float = 0.5,
    background: QtGui.QColor | None = None,
) -> QtGui.QImage:
    """The picture `mode` shows (A alone when there is no B to compare with)."""
    if b is None or mode is CompareMode.A:
        return a
    if mode is CompareMode.B:
        return b
    if mode is CompareMode.WIPE:
        return wipe(a, b, wipe_position)
    if mode is CompareMode.DIFFERENCE:
        return difference(a, b)
    return side_by_side(a, b, background or QtGui.QColor(0, 0, 0))
