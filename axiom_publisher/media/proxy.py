"""The review proxy: H.264 yuv420p, short GOP without B-frames, AAC, +faststart, timecode.

The single analysis pass hands every decoded frame, in the source's own pixel format, to a
ProxyEncoder. Frames are scaled to a square-pixel display size (both dimensions even) by one
persistent VideoReformatter. Float (scene-linear) frames first go through an OCIO display/view
(media.colour) at the source size, OCIO reading the decoded planes in place (half floats as
they are) and writing 8-bit display RGB into a reused frame; that one reformatter then scales
it and converts it to yuv420p. swscale cannot scale float pictures without clipping them to
0..1 (it scales floats as 16-bit integers), which would flatten every highlight before the
tone scale, so the float picture is never scaled. Presentation times come from the frame count
and the frame rate, so odd or variable frame-rate sources still give a clean constant-rate
proxy.

Measured per 1920x1080 half-float frame to a 1280x720 proxy picture, on the 2-core machine of
DESIGN.md (busy): display transform of the planes ~23-29 ms, rgb24 -> 720p yuv420p ~6 ms
(before: scaling to 720p gbrpf32le and to_ndarray ~34-42 ms, then the display ~9 ms, then
yuv420p, ~52-65 ms in all, with clipped highlights).
"""

from __future__ import annotations

import contextlib
import math
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import NoReturn

import av
import numpy as np
from av.audio.resampler import AudioResampler
from av.audio.stream import AudioStream
from av.container import OutputContainer
from av.video.frame import PictureType, VideoFrame
from av.video.reformatter import ColorRange, Colorspace, Interpolation, VideoReformatter
from av.video.stream import VideoStream

from axiom_publisher.core.errors import MediaOutputError
from axiom_publisher.media.colour import DisplayTransform
from axiom_publisher.media.compat import reformat
from axiom_publisher.media.pictures import (
    display_rgb,
    is_float_format,
    proxy_size,
    source_colorspace,
    source_range,
)

# AVColorSpace / primaries / transfer numbers written into the H.264 VUI.
_AVCOL_BT709 = 1
_AVCOL_TRC_SRGB = 13  # IEC 61966-2-1
_AVCOL_RANGE_MPEG = 1
# A missing frame in the proxy: dark red (BT.709 RGB 96,0,0 in limited-range Y, Cb, Cr).
MISSING_YUV = (34, 118, 170)
_AAC_MAX_CHANNELS = 8
_AAC_BITS_PER_CHANNEL = 96_000
_CONTAINERS = {".mp4": "mp4", ".m4v": "mp4", ".mov": "mov"}


@dataclass(frozen=True)
class ProxySettings:
    height: int = 720  # output height; never upscale beyond the source's display height
    crf: int = 23
    preset: str = "veryfast"
    keyframe_seconds: float = 1.0


class ProxyEncoder:
    """Encodes the frames handed to `add` (and `add_audio`) into a review proxy at `path`.

    The container follows the extension (.mp4 unless .mov). `close()` finalizes and returns
    the path; `abort()` closes and deletes the partial file. Failures raise MediaOutputError
    naming the file, after deleting it.
    """

    def __init__(
        self,
        path: Path,
        *,
        width: int,
        height: int,
        fps: Fraction,
        sample_aspect: Fraction | None = None,
        settings: ProxySettings = ProxySettings(),
        audio_rate: int | None = None,
        audio_layout: str | None = None,
        timecode: str | None = None,
        display: DisplayTransform | None = None,
    ) -> None:
        self.path = Path(path)
        self.fps = Fraction(fps)
        if self.fps <= 0:
            raise ValueError(f"invalid frame rate {fps} for the proxy {self.path}")
        self.size = proxy_size(width, height, sample_aspect, settings.height)
        self.settings = settings
        self.display = display
        self.frames = 0
        self._samples = 0
        self._closed = False
        self._tagged = False
        self._scaler = VideoReformatter()  # source (or its display rgb24) -> proxy yuv420p
        self._shown: VideoFrame | None = None  # display rgb24 of float sources, reused
        self._placeholder: VideoFrame | None = None  # for missing frames (add_missing)
        self._audio: AudioStream | None = None
        self._resampler: AudioResampler | None = None
        try:
            self._container: OutputContainer = av.open(
                str(self.path),
                mode="w",
                format=_CONTAINERS.get(self.path.suffix.lower(), "mp4"),
                options={"movflags": "+faststart"},
            )
            self._video = self._add_video(timecode)
            if audio_rate is not None:
                self._add_audio(audio_rate, audio_layout)
        except (av.FFmpegError, OSError, ValueError) as error:
            self._fail(error, "cannot start")

    def _add_video(self, timecode: str | None) -> VideoStream:
        # Rounded down: 23.976 fps gives 23 frames, so no interval exceeds the seconds asked.
        gop = max(1, math.floor(self.fps * Fraction(self.settings.keyframe_seconds)))
        stream = self._container.add_stream("libx264", rate=self.fps)
        if timecode:
            stream.metadata["timecode"] = timecode  # mov/mp4 muxer writes a tmcd track
        context = stream.codec_context
        context.width, context.height = self.size
        context.pix_fmt = "yuv420p"
        context.time_base = 1 / self.fps
        context.sample_aspect_ratio = Fraction(1, 1)
        context.gop_size = gop
        context.max_b_frames = 0
        context.thread_type = "FRAME"
        context.thread_count = 0
        # keyint caps the distance between IDR frames; a scene cut may add one earlier
        # (x264 resets its count there), never later. min-keyint is x264's own cap.
        x264_params = f"keyint={gop}:min-keyint={max(1, gop // 2 + 1)}:bframes=0"
        stream.options = {
            "crf": str(self.settings.crf),
            "preset": self.settings.preset,
            "x264-params": x264_params,
        }
        return stream

    def _add_audio(self, rate: int, layout: str | None) -> None:
        layout_name = layout or "stereo"
        if av.AudioLayout(layout_name).nb_channels > _AAC_MAX_CHANNELS:
            layout_name = "stereo"
        stream = self._container.add_stream("aac", rate=rate, layout=layout_name)
        channels = av.AudioLayout(layout_name).nb_channels
        stream.codec_context.bit_rate = min(_AAC_BITS_PER_CHANNEL * channels, 512_000)
        frame_size = stream.codec_context.frame_size or 1024
        self._resampler = AudioResampler(
            format="fltp", layout=layout_name, rate=rate, frame_size=frame_size
        )
        self._audio = stream

    # --- frames ---------------------------------------------------------------------------

    def add(self, frame: VideoFrame) -> None:
        """Encode the next frame (any pixel format; float formats go through the display)."""
        self._check_open()
        try:
            picture = self._proxy_picture(frame)
            self._encode_video(picture, restore=picture is frame)
        except (av.FFmpegError, OSError, ValueError) as error:
            self._fail(error, f"cannot encode frame {self.frames}")
        self.frames += 1

    def add_missing(self, count: int) -> None:
        """Encode `count` placeholders for frames a sequence lacks (a dark red picture), so
        that proxy frame i is always shot frame first + i and the viewer stays frame-accurate."""
        self._check_open()
        if count <= 0:
            return
        if self._placeholder is None:
            width, height = self.size
            picture = np.empty((height * 3 // 2, width), dtype=np.uint8)
            picture[:height] = MISSING_YUV[0]
            chroma = picture[height:].reshape(2, height // 2, width // 2)
            chroma[0], chroma[1] = MISSING_YUV[1], MISSING_YUV[2]
            self._placeholder = VideoFrame.from_ndarray(picture, format="yuv420p")
        for _ in range(count):
            try:
                self._encode_video(self._placeholder, restore=False)
            except (av.FFmpegError, OSError, ValueError) as error:
                self._fail(error, f"cannot encode frame {self.frames}")
            self.frames += 1

    def _proxy_picture(self, frame: VideoFrame) -> VideoFrame:
        width, height = self.size
        if not is_float_format(frame.format.name):
            if not self._tagged:
                self._tag_colours(transfer=int(frame.color_trc), primaries=None)
            return reformat(
                self._scaler,
                frame,
                width,
                height,
                "yuv420p",
                src_colorspace=source_colorspace(frame),
                dst_colorspace=Colorspace.ITU709,
                interpolation=Interpolation.BICUBIC,
                src_color_range=source_range(frame),
                dst_color_range=ColorRange.MPEG,
            )
        if self.display is None:  # scene-linear never goes through a naive clamp
            self.display = DisplayTransform()
        if not self._tagged:
            srgb = "srgb" in self.display.display.lower()
            self._tag_colours(transfer=_AVCOL_TRC_SRGB if srgb else _AVCOL_BT709, primaries=1)
        # OCIO at the source size: swscale would clip scaled float pictures to 0..1.
        self._shown = display_rgb(self.display, frame, self._shown)
        return self._scaler.reformat(
            self._shown,
            width,
            height,
            "yuv420p",
            src_colorspace=Colorspace.ITU709,
            dst_colorspace=Colorspace.ITU709,
            interpolation=Interpolation.BICUBIC,
            src_color_range=ColorRange.JPEG,
            dst_color_range=ColorRange.MPEG,
        )

    def _tag_colours(self, *, transfer: int, primaries: int | None) -> None:
        """VUI tags of the proxy, set before x264 opens (at the first frame)."""
        context = self._video.codec_context
        context.colorspace = _AVCOL_BT709
        context.color_range = _AVCOL_RANGE_MPEG
        context.color_primaries = primaries if primaries is not None else _AVCOL_BT709
        context.color_trc = transfer if transfer not in (0, 2) else _AVCOL_BT709
        self._tagged = True

    def _encode_video(self, picture: VideoFrame, *, restore: bool) -> None:
        """Encode with pts from the frame count; a caller's frame gets its values back."""
        saved = (picture.pts, picture.time_base, picture.pict_type)
        picture.pts = self.frames
        picture.time_base = self._video.codec_context.time_base
        # The source's frame types must not be forced on the proxy: x264 decides.
        picture.pict_type = PictureType.NONE
        try:
            self._container.mux(self._video.encode(picture))
        finally:
            if restore:
                picture.pts, picture.time_base, picture.pict_type = saved

    def add_audio(self, frame: av.AudioFrame) -> None:
        """Encode the next audio frame (ignored when the proxy was made without audio)."""
        self._check_open()
        if self._audio is None or self._resampler is None:
            return
        try:
            self._encode_audio(self._resampler.resample(frame))
        except (av.FFmpegError, OSError, ValueError) as error:
            self._fail(error, "cannot encode audio")

    def _encode_audio(self, frames: list[av.AudioFrame]) -> None:
        assert self._audio is not None
        for piece in frames:
            piece.pts = self._samples
            piece.time_base = Fraction(1, piece.sample_rate)
            self._samples += piece.samples
            self._container.mux(self._audio.encode(piece))

    # --- finishing ------------------------------------------------------------------------

    def close(self) -> Path:
        """Flush the encoders, finalize the file (moov first) and return its path."""
        if self._closed:
            return self.path
        if self.frames == 0:
            self._fail(ValueError("no frames were added"), "cannot finish")
        try:
            if self._audio is not None and self._resampler is not None:
                self._encode_audio(self._resampler.resample(None))
                self._container.mux(self._audio.encode(None))
            self._container.mux(self._video.encode(None))
            self._closed = True
            self._container.close()
        except (av.FFmpegError, OSError, ValueError) as error:
            self._fail(error, "cannot finish")
        return self.path

    def abort(self) -> None:
        """Close without finishing and delete the partial file."""
        if not self._closed:
            self._closed = True
            # The file is deleted anyway; the container is missing if av.open failed.
            with contextlib.suppress(av.FFmpegError, OSError, ValueError, AttributeError):
                self._container.close()
        self.path.unlink(missing_ok=True)

    def _check_open(self) -> None:
        if self._closed:
            raise MediaOutputError(f"the proxy {self.path} is already closed")

    def _fail(self, error: BaseException, doing: str) -> NoReturn:
        self.abort()
        raise MediaOutputError(f"{doing} the proxy {self.path}: {error}") from error

    def __enter__(self) -> ProxyEncoder:
        return self

    def __exit__(self, kind: object, error: object, traceback: object) -> None:
        if error is None:
            self.close()
        else:
            self.abort()
