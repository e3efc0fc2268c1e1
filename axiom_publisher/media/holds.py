"""Held (frozen) frames in lossy media: near-identical pictures, not only identical ones.

A held frame in an H.264 or ProRes delivery is not bit-identical to the frame it repeats:
the encoder keeps refining a still picture (inter codecs) or re-encodes it from a source
that went through another lossy generation. So for lossy sources a frame also counts as
frozen when its *hold picture* (the luma averaged over 8x8-pixel blocks, 0..1) is within
a threshold of both the previous frame's and the first frame's of the still stretch it
belongs to (the anchor). Averaging removes most encoder noise and grain; comparing with the
anchor stops a slow pan, whose frames each move a fraction of a pixel, from passing as a
hold: its drift from the anchor grows frame by frame, the noise of a held picture does not.

Lossless sources (PNG, DPX, TIFF, FFV1, EXR ZIP/PIZ/...) keep the exact test (the frame
hash), so a slow fade or a subtle change in a render is never taken for a hold.

The threshold was measured with benchmarks/study_frozen.py (libx264 CRF 18-28 presets
ultrafast/medium, prores_ks proxy to 4444, grainy textures, pans of 0.1-1 px/frame).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
from numpy.typing import NDArray

from axiom_publisher.core.media import DEFAULT_FROZEN_THRESHOLD, FrameStats, MediaInfo, MediaKind

BLOCK = 8  # pixels: the side of the squares the hold picture averages
DEFAULT_THRESHOLD = DEFAULT_FROZEN_THRESHOLD  # mean absolute difference of hold pictures

# Formats mediainfo may not classify: lossless movie codecs and lossy image formats.
_LOSSLESS_MOVIE_CODECS = frozenset(
    {"FFV1", "PNG", "RLE", "Animation", "HuffYUV", "Ut Video", "MagicYUV", "YUV", "RGB",
     "RGBA", "v210", "v410", "r210", "Lagarith"}
)  # fmt: skip
_LOSSY_IMAGE_EXTENSIONS = frozenset({"jpg", "jpeg", "webp"})

Picture = NDArray[np.float32]


def is_lossy(kind: MediaKind, extension: str, info: MediaInfo) -> bool:
    """Whether held frames of this source may differ by encoder noise.

    What mediainfo says about the compression decides; otherwise movies are lossy unless
    their codec is a known lossless one, and images only when they are JPEG or WebP.
    """
    if info.compression is not None:
        return info.compression.lower() == "lossy"
    if kind is MediaKind.MOVIE:
        return (info.codec or "") not in _LOSSLESS_MOVIE_CODECS
    return extension.lower() in _LOSSY_IMAGE_EXTENSIONS


def block_means(
    plane: NDArray[np.generic], block: int = BLOCK, bits: int = 16
) -> NDArray[np.float64]:
    """The mean of each `block` x `block` square of a 2-D integer or float plane.

    `bits`: the significant bits of an integer plane (10 for yuv422p10le): a 16-bit
    accumulator is used where `block` rows of them cannot overflow it (2x faster).

    Rows are summed with one add per row of a block (numpy adds strided rows ~8x faster
    than a reshape sum over two axes): ~1.1 ms for a 1080p 8-bit plane on this machine.
    """
    height, width = plane.shape
    block = max(1, min(block, height, width))
    rows, columns = height // block, width // block
    narrow = plane.itemsize == 1 or bits + (block - 1).bit_length() <= 16
    wide = np.float32 if plane.dtype.kind == "f" else np.uint16 if narrow else np.uint32
    accumulator: NDArray[np.number] = plane[0 : rows * block : block, : columns * block].astype(
        wide
    )
    for offset in range(1, block):
        np.add(
            accumulator, plane[offset : rows * block : block, : columns * block], out=accumulator
        )
    sums = accumulator.reshape(rows, columns, block).sum(axis=2, dtype=np.float64)
    means: NDArray[np.float64] = sums / float(block * block)
    return means


def difference(a: Picture, b: Picture) -> float:
    """Mean absolute difference of two hold pictures."""
    return float(np.abs(a - b).mean(dtype=np.float64))


class HoldDetector:
    """Decides, frame by frame in order, which frames of a lossy source repeat a picture.

    `threshold` 0 turns near-identical detection off (only identical frames are held).
    """

    def __init__(self, threshold: float = DEFAULT_THRESHOLD) -> None:
        self.threshold = threshold
        self._previous: Picture | None = None
        self._anchor: Picture | None = None

    def offer(self, picture: Picture) -> float | None:
        """The frame's hold score: the larger of its difference to the previous frame and
        to the anchor; None for the first frame (or after a change of picture size)."""
        previous, anchor = self._previous, self._anchor
        self._previous = picture
        if previous is None or anchor is None or previous.shape != picture.shape:
            self._anchor = picture
            return None
        score = max(difference(picture, previous), difference(picture, anchor))
        if not self.held(score):
            self._anchor = picture  # a new picture: a hold may start from it
        return score

    def held(self, score: float | None) -> bool:
        return score is not None and self.threshold > 0 and score <= self.threshold


def confirm_holds(stats: Sequence[FrameStats], threshold: float) -> list[FrameStats]:
    """`stats` (in frame order) with near-identical frames marked frozen where they hold.

    A frame whose hold score is within `threshold` is held when the frame before or after
    it (the next frame number) is held too, or identical: a single near-repeat inside
    motion is the encoder settling for a frame (x264 does in slow pans at high CRF), not a
    held picture. Identical frames (`frozen` already) always count.
    """

    def near(stat: FrameStats) -> bool:
        score = stat.hold_score
        return stat.frozen or (threshold > 0 and score is not None and score <= threshold)

    close = [near(stat) for stat in stats]
    settled = []
    for index, stat in enumerate(stats):
        before = index > 0 and close[index - 1] and stats[index - 1].frame == stat.frame - 1
        after = (
            index + 1 < len(stats) and close[index + 1] and stats[index + 1].frame == stat.frame + 1
        )
        held = stat.frozen or (close[index] and (before or after))
        settled.append(replace(stat, frozen=True) if held and not stat.frozen else stat)
    return settled
