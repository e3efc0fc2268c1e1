"""A decoded frame as a studio plugin's pixel check sees it (core.plugin.FrameView)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from av.video.frame import VideoFrame
from av.video.reformatter import VideoReformatter
from numpy.typing import NDArray

from axiom_publisher.media.pictures import float_planes

FrameObserver = Callable[[int, VideoFrame], None]
"""Sees every decoded frame of an analysis pass: (frame number, frame in its own format)."""


class DecodedView:
    """Frame `number` of the pass; `rgb()` converts on demand (a check that looks at a few
    frames costs nothing on the others). Never shared between threads with its frame."""

    __slots__ = ("_frame", "height", "number", "pix_fmt", "width")

    def __init__(self, number: int, frame: VideoFrame) -> None:
        self.number = number
        self.width = frame.width
        self.height = frame.height
        self.pix_fmt = frame.format.name
        self._frame = frame

    def rgb(self) -> NDArray[Any]:
        """float32 (height, width, 3): 0-1 for video, scene-linear values for float media."""
        frame = self._frame
        if "f16" not in frame.format.name and "f32" not in frame.format.name:
            # Its own reformatter: frame.reformat() shares one per frame with the pass.
            frame = VideoReformatter().reformat(frame, format="gbrpf32le")
        red, green, blue = float_planes(frame)
        return np.stack([red, green, blue], axis=-1).astype(np.float32, copy=False)
