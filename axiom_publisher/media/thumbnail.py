"""The thumbnail: one frame of the single pass, written as JPEG and WebP with PyAV's encoders.

The picker sees every decoded frame (in frame order) but converts only the one it keeps to a
small rgb24 copy (float frames through the OCIO display at their own size, then scaled, as the
proxy does). Until the target frame arrives it holds a reference to the latest earlier
frame (not a copy), so a target that never arrives (a missing frame) falls back to the nearest
offered frame without converting every frame on the way.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from av.codec.context import CodecContext
from av.video.codeccontext import VideoCodecContext
from av.video.frame import VideoFrame
from av.video.reformatter import ColorRange, Colorspace, Interpolation, VideoReformatter
from numpy.typing import NDArray

from axiom_publisher.core.errors import MediaOutputError, NoFrameError
from axiom_publisher.media.colour import DisplayTransform
from axiom_publisher.media.compat import reformat
from axiom_publisher.media.pictures import (
    display_rgb,
    is_float_format,
    proxy_size,
    source_colorspace,
    source_range,
)

JPEG_QUALITY = 3  # mjpeg qscale: 2 (best) .. 31
WEBP_QUALITY = 85  # libwebp: 0 .. 100
# Without a target the picker keeps at most this many small candidates, evenly spaced.
_CANDIDATES = 16
_LAMBDA = 118  # FFmpeg's FF_QP2LAMBDA: qscale -> global_quality


def middle_frame(first: int, last: int) -> int:
    """The frame in the middle of first..last (the earlier one of two middles)."""
    if last < first:
        raise ValueError(f"empty frame range {first}-{last}")
    return first + (last - first) // 2


class ThumbnailPicker:
    """Keeps one frame for the thumbnail: `target_frame`, or the nearest offered frame to it.

    Without a target (`None`) it picks `middle_frame(first, last)` of the offered numbers,
    approximately: it keeps up to 16 evenly spaced small candidates and takes the nearest.
    `sample_aspect` (decoded frames do not carry it) gives anamorphic sources their display
    width. Float frames go through `display` (a default ACES DisplayTransform if None).
    """

    def __init__(
        self,
        target_frame: int | None,
        *,
        width: int = 480,
        display: DisplayTransform | None = None,
        sample_aspect: Fraction | None = None,
    ) -> None:
        self.target = target_frame
        self.width = width
        self.display = display
        self.sample_aspect = sample_aspect
        self._reformatter = VideoReformatter()
        self._pending: tuple[int, VideoFrame] | None = None  # the latest frame before target
        self._chosen: tuple[int, NDArray[np.uint8]] | None = None
        self._candidates: list[tuple[int, NDArray[np.uint8]]] = []
        self._stride = 1
        self._offered = 0
        self._first: int | None = None
        self._last: int | None = None

    @property
    def picked(self) -> int | None:
        """The frame number the thumbnail shows (so far)."""
        if self._chosen is not None:
            return self._chosen[0]
        if self._pending is not None:
            return self._pending[0]
        if self._candidates and self._first is not None and self._last is not None:
            return self._nearest_candidate()[0]
        return None

    def offer(self, number: int, frame: VideoFrame) -> None:
        """One decoded frame, in frame order."""
        if self._first is None:
            self._first = number
        self._last = number
        if self.target is None:
            self._offer_untargeted(number, frame)
        elif self._chosen is not None:
            return
        elif number == self.target:
            self._chosen = (number, self._small(frame))
            self._pending = None
        elif number < self.target:
            if self._pending is None or number > self._pending[0]:
                self._pending = (number, frame)
        else:  # the target was missing: the nearest of this frame and the one before it
            if self._pending is not None and self.target - self._pending[0] <= number - self.target:
                self._chosen = (self._pending[0], self._small(self._pending[1]))
            else:
                self._chosen = (number, self._small(frame))
            self._pending = None

    def _offer_untargeted(self, number: int, frame: VideoFrame) -> None:
        index = self._offered
        self._offered += 1
        if index % self._stride:
            return
        self._candidates.append((number, self._small(frame)))
        if len(self._candidates) > _CANDIDATES:
            self._candidates = self._candidates[::2]
            self._stride *= 2

    def _nearest_candidate(self) -> tuple[int, NDArray[np.uint8]]:
        assert self._first is not None and self._last is not None
        middle = middle_frame(self._first, self._last)
        return min(self._candidates, key=lambda candidate: abs(candidate[0] - middle))

    def size(self, width: int, height: int) -> tuple[int, int]:
        """The thumbnail size of a source: square pixels, at most `self.width` wide, even."""
        display_width, display_height = proxy_size(width, height, self.sample_aspect, height)
        if display_width <= self.width:
            return display_width, display_height
        thumb_width = max(2, self.width // 2 * 2)
        thumb_height = max(2, 2 * round(thumb_width * display_height / display_width / 2 + 1e-9))
        return thumb_width, thumb_height

    def _small(self, frame: VideoFrame) -> NDArray[np.uint8]:
        """A small rgb24 copy at the thumbnail size (square pixels, display-referred)."""
        width, height = self.size(frame.width, frame.height)
        if is_float_format(frame.format.name):
            if self.display is None:
                self.display = DisplayTransform()
            # The display at the source size, then scaled: swscale clips scaled floats to 0..1.
            frame = display_rgb(self.display, frame)
        small = reformat(
            self._reformatter,
            frame,
            width,
            height,
            "rgb24",
            src_colorspace=source_colorspace(frame),
            dst_colorspace=Colorspace.ITU709,
            interpolation=Interpolation.AREA,
            src_color_range=source_range(frame),
            dst_color_range=ColorRange.JPEG,
        )
        return np.array(small.to_ndarray(), dtype=np.uint8, copy=True)

    def picture(self) -> NDArray[np.uint8]:
        """The chosen frame as small rgb24 (HxWx3); NoFrameError if nothing was offered."""
        if self._chosen is None and self._pending is not None:
            self._chosen = (self._pending[0], self._small(self._pending[1]))
            self._pending = None
        if self._chosen is not None:
            return self._chosen[1]
        if self._candidates:
            return self._nearest_candidate()[1]
        raise NoFrameError("no frame was offered to the thumbnail picker")

    def write(self, folder: Path, stem: str) -> tuple[Path, Path]:
        """Write `<stem>.jpg` and `<stem>.webp` of the chosen frame into `folder`."""
        rgb = VideoFrame.from_ndarray(self.picture(), format="rgb24")
        jpeg, webp = folder / f"{stem}.jpg", folder / f"{stem}.webp"
        for path, codec in ((jpeg, "mjpeg"), (webp, "libwebp")):
            try:
                path.write_bytes(_encode_still(rgb, codec))
            except (av.FFmpegError, OSError, ValueError) as error:
                path.unlink(missing_ok=True)
                raise MediaOutputError(f"cannot write the thumbnail {path}: {error}") from error
        return jpeg, webp


def _encode_still(rgb: VideoFrame, codec: str) -> bytes:
    """One rgb24 picture as a complete JPEG or WebP file."""
    context = CodecContext.create(codec, "w")
    assert isinstance(context, VideoCodecContext)
    context.width, context.height = rgb.width, rgb.height
    context.time_base = Fraction(1, 25)
    context.pix_fmt = "yuv420p"
    if codec == "mjpeg":
        context.color_range = int(ColorRange.JPEG)
        context.flags |= av.codec.context.Flags.qscale
        context.global_quality = JPEG_QUALITY * _LAMBDA
        context.options = {"qmin": str(JPEG_QUALITY), "qmax": str(JPEG_QUALITY)}
        target_range = ColorRange.JPEG
    else:
        context.options = {"quality": str(WEBP_QUALITY)}
        target_range = ColorRange.MPEG
    yuv = VideoReformatter().reformat(
        rgb,
        format="yuv420p",
        src_colorspace=Colorspace.ITU601,  # JPEG and WebP use the BT.601 matrix
        dst_colorspace=Colorspace.ITU601,
        src_color_range=ColorRange.JPEG,
        dst_color_range=target_range,
    )
    yuv.pts = 0
    packets = [*context.encode(yuv), *context.encode(None)]
    data = b"".join(bytes(packet) for packet in packets)
    if not data:
        raise ValueError(f"the {codec} encoder returned nothing")
    return data
