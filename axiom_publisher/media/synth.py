"""Generated test media: small H.264 clips and image sequences written with PyAV.

Used by `axiom demo`, the test fixtures and the benchmarks, so that nothing depends on
media files checked into the repository.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from av.video.codeccontext import VideoCodecContext
from numpy.typing import NDArray


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


def write_clip(
    path: Path, frames: int = 24, width: int = 320, height: int = 180, fps: int = 24
) -> Path:
    """An H.264 yuv420p movie (mp4 or mov by the extension) of the test pattern."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with av.open(str(path), mode="w") as container:
        stream = container.add_stream("libx264", rate=Fraction(fps))
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.options = {"preset": "ultrafast", "crf": "23"}
        for index in range(frames):
            frame = av.VideoFrame.from_ndarray(
                test_pattern(width, height, index, frames), format="rgb24"
            )
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return path


def write_sequence(
    folder: Path,
    name: str,
    first: int,
    last: int,
    width: int = 320,
    height: int = 180,
    codec: str = "png",
    skip: frozenset[int] = frozenset(),
) -> list[Path]:
    """An image sequence `name.####.<codec>` of the test pattern, without the frames in `skip`."""
    folder.mkdir(parents=True, exist_ok=True)
    codec_context = av.CodecContext.create(codec, "w")
    assert isinstance(codec_context, VideoCodecContext)
    codec_context.width, codec_context.height = width, height
    codec_context.pix_fmt = "rgb24"
    codec_context.time_base = Fraction(1, 24)
    written: list[Path] = []
    count = last - first + 1
    for frame_number in range(first, last + 1):
        if frame_number in skip:
            continue
        frame = av.VideoFrame.from_ndarray(
            test_pattern(width, height, frame_number - first, count), format="rgb24"
        )
        packets = codec_context.encode(frame)
        target = folder / f"{name}.{frame_number:04d}.{codec}"
        target.write_bytes(b"".join(bytes(packet) for packet in packets))
        written.append(target)
    return written
