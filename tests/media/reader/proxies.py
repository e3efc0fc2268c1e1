"""Real review proxies made by the project's ProxyEncoder, and an independent decode of them.

320x180, 24 fps, 48 frames, a keyframe every half second (GOPs of 12 frames, so the reader
tests cross several), start timecode 01:00:00:00. Every frame differs from the others (the
moving test pattern under a scrolling noise texture), so a frame read one off never matches.
The reference frames are a plain sequential PyAV decode converted to rgb24.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from numpy.typing import NDArray

from axiom_publisher.media.proxy import ProxyEncoder, ProxySettings
from axiom_publisher.media.synth_pictures import test_pattern

WIDTH, HEIGHT, FRAMES, FPS = 320, 180, 48, 24
TIMECODE = "01:00:00:00"


@dataclass(frozen=True)
class Decoded:
    """The independent decode: rgb24 frames in presentation order and the keyframe indices."""

    frames: list[NDArray[np.uint8]]
    keyframes: list[int]


def write_proxy(
    path: Path, frames: int = FRAMES, seed: int = 3, timecode: str | None = TIMECODE
) -> Path:
    rng = np.random.default_rng(seed)
    texture = rng.integers(0, 256, (HEIGHT // 2, WIDTH // 2 + 64, 3), dtype=np.uint8)
    texture = texture.repeat(2, axis=0).repeat(2, axis=1)
    settings = ProxySettings(keyframe_seconds=0.5)
    with ProxyEncoder(
        path, width=WIDTH, height=HEIGHT, fps=Fraction(FPS), settings=settings, timecode=timecode
    ) as encoder:
        for index in range(frames):
            shift = (index * 5) % 128
            picture = test_pattern(WIDTH, HEIGHT, index, frames).astype(np.uint16)
            picture = (picture + texture[:, shift : shift + WIDTH]) // 2
            encoder.add(av.VideoFrame.from_ndarray(picture.astype(np.uint8), format="rgb24"))
    return path


def decode_independently(path: Path) -> Decoded:
    frames, keyframes = [], []
    with av.open(str(path)) as container:
        for index, frame in enumerate(container.decode(video=0)):
            frames.append(frame.to_ndarray(format="rgb24"))
            if frame.key_frame:
                keyframes.append(index)
    return Decoded(frames, keyframes)
