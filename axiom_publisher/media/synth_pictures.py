"""The pictures of the generated test media (synth.py writes them): the test pattern (a
gradient with a bar that moves frame by frame), the events that can happen to it (black,
frozen, a cut; NaN / +Inf pixels in float frames), the pattern as PyAV frames of an integer
or float pixel format, and a stereo test tone.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

import av
import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class Events:
    """What happens to the pattern in which frames (see the module docstring)."""

    black: Collection[int] = ()
    frozen: Collection[int] = ()
    cut_at: int | None = None
    nan: Mapping[int, int] = field(default_factory=dict)
    inf: Mapping[int, int] = field(default_factory=dict)


def test_pattern(width: int, height: int, index: int, count: int) -> NDArray[np.uint8]:
    """An RGB frame: a colour gradient with a bright bar that moves frame by frame."""
    x = np.linspace(0, 255, width, dtype=np.float32)[None, :]
    y = np.linspace(0, 255, height, dtype=np.float32)[:, None]
    phase = index / max(count, 1)
    frame = np.empty((height, width, 3), dtype=np.uint8)
    frame[..., 0] = (x * (1 - phase) + y * phase).astype(np.uint8)
    frame[..., 1] = np.broadcast_to(y, (height, width)).astype(np.uint8)
    frame[..., 2] = np.broadcast_to(255 - x, (height, width)).astype(np.uint8)
    bar = int(phase * (width - width // 16))
    frame[:, bar : bar + max(width // 16, 2)] = 240
    return frame


def event_picture(
    width: int, height: int, index: int, count: int, events: Events
) -> NDArray[np.uint8]:
    """The test pattern of frame `index` with the black / frozen / cut events applied."""
    source = index
    while source in events.frozen and source > 0:
        source -= 1
    if source in events.black:
        return np.zeros((height, width, 3), dtype=np.uint8)
    picture = test_pattern(width, height, source, count)
    if events.cut_at is not None and source >= events.cut_at:
        # Another scene: a coarse high-contrast checkerboard with the moving bar in it.
        rows, columns = np.indices((height, width)) // max(8, width // 16)
        checker = np.where((rows + columns) % 2 == 0, 230, 25).astype(np.uint8)
        bar_mask = picture[..., 1:2] == 240
        picture = np.where(bar_mask, picture, checker[..., None]).astype(np.uint8)
    return picture


def integer_frame(picture: NDArray[np.uint8], pix_fmt: str, bt709: bool = False) -> av.VideoFrame:
    """The RGB picture as a frame in `pix_fmt` (high bit depths keep every bit); `bt709`:
    to YUV with the BT.709 matrix (else swscale's default, BT.601)."""
    wide = picture.astype(np.uint16) * 257
    frame = av.VideoFrame.from_ndarray(wide, format="rgb48le")
    if pix_fmt == "rgb48le":
        return frame
    if bt709:
        return frame.reformat(format=pix_fmt, dst_colorspace="ITU709", dst_color_range="MPEG")
    return frame.reformat(format=pix_fmt)


def float_frame(
    picture: NDArray[np.uint8], nan: int, inf: int, pix_fmt: str = "gbrpf32le"
) -> av.VideoFrame:
    """A scene-linear float frame (values up to 2.0) with `nan` NaN and `inf` +Inf pixels."""
    linear = (picture.astype(np.float32) / 255.0) ** 2.2 * 2.0
    flat = linear.reshape(-1, 3)
    flat[:nan, 1] = np.nan
    flat[nan : nan + inf, 0] = np.inf
    return av.VideoFrame.from_ndarray(np.ascontiguousarray(linear), format=pix_fmt)


def stereo_tone(
    sample_rate: int, seconds: float, frequency: float = 440.0, chunk: int = 1024
) -> list[av.AudioFrame]:
    """`seconds` of a stereo sine tone as float planar frames of `chunk` samples."""
    total = int(sample_rate * seconds)
    times = np.arange(total, dtype=np.float32) / sample_rate
    tone = (0.25 * np.sin(2 * np.pi * frequency * times)).astype(np.float32)
    frames = []
    for start in range(0, total, chunk):
        piece = np.ascontiguousarray(np.stack([tone[start : start + chunk]] * 2))
        frame = av.AudioFrame.from_ndarray(piece, format="fltp", layout="stereo")
        frame.sample_rate, frame.pts = sample_rate, start
        frames.append(frame)
    return frames
