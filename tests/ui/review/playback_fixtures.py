"""Helpers of the PlaybackController tests: two real proxies (A 48 frames, B 40 frames of
other pictures), their independent decodes, and QImage pixels as arrays."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from qtpy import QtGui

from tests.media.reader.proxies import decode_independently, write_proxy

B_FRAMES = 40


@dataclass(frozen=True)
class Clips:
    a: Path
    b: Path
    frames_a: list[NDArray[np.uint8]]
    frames_b: list[NDArray[np.uint8]]


def make_clips(folder: Path) -> Clips:
    a = write_proxy(folder / "a.mp4")
    b = write_proxy(folder / "b.mp4", frames=B_FRAMES, seed=99)
    return Clips(a, b, decode_independently(a).frames, decode_independently(b).frames)


def pixels(image: QtGui.QImage) -> NDArray[np.uint8]:
    """The (height, width, 3) RGB pixels of an RGB888 image."""
    assert image.format() == QtGui.QImage.Format.Format_RGB888
    line, height, width = image.bytesPerLine(), image.height(), image.width()
    data = np.frombuffer(image.constBits(), dtype=np.uint8, count=line * height)
    return data.reshape(height, line)[:, : width * 3].reshape(height, width, 3).copy()
