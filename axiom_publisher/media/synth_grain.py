"""Generated grainy footage: a textured picture panning slowly, with fresh film grain on
every frame and held frames that repeat the previous picture, grain and all.

For the held-frame tests and benchmarks/study_frozen.py: what a camera pan over a detailed
scene looks like to an encoder (sub-pixel motion, grain that changes every frame), as
opposed to synth.py's clean test pattern.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from numpy.typing import NDArray

Picture = NDArray[np.float32]
_TINT = np.array([1.0, 0.95, 0.85], np.float32)


def blur(image: Picture, sigma: float) -> Picture:
    """Gaussian blur through the FFT (the image is treated as periodic)."""
    fy = np.fft.fftfreq(image.shape[0])[:, None]
    fx = np.fft.rfftfreq(image.shape[1])[None, :]
    kernel = np.exp(-2 * (np.pi * sigma) ** 2 * (fx**2 + fy**2))
    return np.fft.irfft2(np.fft.rfft2(image) * kernel, s=image.shape).astype(np.float32)


def texture(height: int, width: int, seed: int = 7) -> Picture:
    """A periodic multi-scale texture (0..1) with hard-edged shapes in it."""
    rng = np.random.default_rng(seed)
    scale = height / 180
    noise = [rng.standard_normal((height, width)).astype(np.float32) for _ in range(3)]
    image = (
        blur(noise[0], 24 * scale) * 0.5 + blur(noise[1], 6 * scale) * 0.3
        + blur(noise[2], 1.5 * scale) * 0.2
    )  # fmt: skip
    image = (image - image.mean()) / (image.std() * 6) + 0.5
    for _ in range(12):
        y, x = int(rng.integers(0, height)), int(rng.integers(0, width))
        h, w = (
            int(rng.integers(height // 12, height // 3)),
            int(rng.integers(width // 24, width // 6)),
        )
        image[y : y + h, x : x + w] = rng.uniform(0.1, 0.9)
    return np.clip(blur(image, 0.7), 0.02, 0.98).astype(np.float32)


def shifted(image: Picture, dx: float) -> Picture:
    """The periodic image moved right by `dx` pixels (an exact sub-pixel shift)."""
    fx = np.fft.rfftfreq(image.shape[1])[None, :]
    spectrum = np.fft.rfft(image, axis=1) * np.exp(-2j * np.pi * fx * dx)
    return np.fft.irfft(spectrum, n=image.shape[1], axis=1).astype(np.float32)


def grainy_pictures(
    count: int,
    width: int,
    height: int,
    *,
    speed: float,
    held: Collection[int] = (),
    grain: float = 0.008,
    fade: float = 0.0,
    seed: int = 7,
) -> Iterator[NDArray[np.uint8]]:
    """RGB frames of the texture panning `speed` px/frame with grain of `grain` (0..1 sigma).

    A frame index in `held` repeats the previous frame exactly (the pan stops and the grain
    freezes); `fade` darkens each frame by that fraction of the first frame's level.
    """
    base = texture(height, width * 2, seed)
    rng = np.random.default_rng(seed + 1)
    position = 0.0
    previous: NDArray[np.uint8] | None = None
    for index in range(count):
        if index in held and previous is not None:
            yield previous
            continue
        noise = blur(rng.standard_normal((height, width)).astype(np.float32), 0.6)
        noise *= grain / max(float(noise.std()), 1e-6)
        luma = shifted(base, position)[:, :width] * (1 - fade * index) + noise
        picture = (np.clip(luma[..., None] * _TINT, 0, 1) * 255 + 0.5).astype(np.uint8)
        previous = picture
        position += speed
        yield picture


def encode_frames(
    path: Path,
    pictures: Iterator[NDArray[np.uint8]] | list[NDArray[np.uint8]],
    *,
    codec: str = "libx264",
    pix_fmt: str = "yuv420p",
    options: Mapping[str, str] | None = None,
    fps: int = 24,
) -> Path:
    """Encode RGB pictures into a movie at `path` (the container follows the extension)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with av.open(str(path), mode="w") as container:
        stream = None
        for index, picture in enumerate(pictures):
            if stream is None:
                stream = container.add_stream(codec, rate=fps)
                stream.height, stream.width = picture.shape[:2]
                stream.pix_fmt = pix_fmt
                stream.options = dict(options or {})
            frame = av.VideoFrame.from_ndarray(picture, format="rgb24").reformat(format=pix_fmt)
            frame.pts, frame.time_base = index, Fraction(1, fps)
            container.mux(stream.encode(frame))
        if stream is not None:
            container.mux(stream.encode(None))
    return path


def decoded_pictures(path: Path) -> Iterator[NDArray[np.uint8]]:
    """The RGB pictures of a movie (to make a second-generation encode from it)."""
    with av.open(str(path)) as container:
        for frame in container.decode(video=0):
            yield frame.to_ndarray(format="rgb24")
