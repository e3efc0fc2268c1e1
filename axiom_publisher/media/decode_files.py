"""Decoding one file at a time, safely: the DecodedFrame a decoder gives, FFmpeg's size
limits and a file's video stream opened with them, a timeout around a blocking FFmpeg call
(left behind in its daemon thread), short reasons for FFmpeg / OS errors, and decode_image
(one image file's picture, or the DECODE problem that stopped it). FrameSource (decode.py)
builds on these.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import av
from av.container import InputContainer
from av.video.frame import VideoFrame
from av.video.stream import VideoStream

from axiom_publisher.core.errors import DecodeError
from axiom_publisher.core.media import MediaProblem, ProblemKind
from axiom_publisher.media import exr
from axiom_publisher.media.sniff import header_dimensions

MAX_SIDE = 32768  # pixels, either dimension
MAX_PIXELS = 1 << 26  # 64 Mpixel: 1 GiB for RGBA float32
# Given to the demuxer (for probing) and each decoder: FFmpeg refuses larger pictures
# before allocating them.
_LIMITS = {"max_pixels": str(MAX_PIXELS)}


@dataclass(frozen=True)
class DecodedFrame:
    number: int  # the sequence frame number; for movies first_frame + index
    frame: VideoFrame  # in the source's own pixel format, never converted
    path: Path  # the file it came from


def is_float_format(pix_fmt: str) -> bool:
    """Half or float pixels (gbrpf16le, gbrapf32le, grayf32le, ...)."""
    return re.search(r"f(16|32)(le|be)?$", pix_fmt) is not None


def find_timecode(container: InputContainer) -> str | None:
    """The start timecode a movie's container or one of its streams declares."""
    for metadata in [container.metadata] + [s.metadata for s in container.streams]:
        for key, value in metadata.items():
            if key.lower() == "timecode" and value:
                return str(value)
    return None


def expected_frames(container: InputContainer, stream: VideoStream) -> int:
    """How many frames the movie says its video stream has (0: it does not say)."""
    rate = stream.average_rate or stream.guessed_rate
    expected = stream.frames
    if not expected and stream.duration and stream.time_base and rate:
        expected = round(stream.duration * stream.time_base * rate)
    elif not expected and container.duration and rate:
        expected = round(container.duration / av.time_base * rate)
    return expected


def reason(error: BaseException) -> str:
    """A short sentence for an FFmpeg / OS error, without its traceback noise."""
    if isinstance(error, av.FFmpegError):
        return str(error.strerror or error).rstrip(".")
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


_T = TypeVar("_T")


class Timeout:
    """Marker: the call did not finish in time."""


def run_with_timeout(call: Callable[[], _T], timeout: float) -> _T | Timeout:
    """Run `call` in a daemon thread; give up waiting after `timeout` seconds."""
    box: list[Any] = []
    done = threading.Event()

    def run() -> None:
        try:
            box.append(call())
        except BaseException as error:  # handed to the caller's thread
            box.append(error)
        finally:
            done.set()

    threading.Thread(target=run, name="axiom-decode-open", daemon=True).start()
    if not done.wait(timeout):
        return Timeout()
    result = box[0]
    if isinstance(result, BaseException):
        raise result
    return result  # type: ignore[no-any-return]


def size_problem(path: Path, width: int, height: int) -> str | None:
    if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
        return (
            f"{path.name} is {width}x{height}, larger than AXIOM decodes "
            f"({MAX_SIDE} px a side, {MAX_PIXELS >> 20} Mpixel)"
        )
    if width <= 0 or height <= 0:
        return f"{path.name} has no picture size"
    return None


def open_video(path: Path) -> tuple[InputContainer, VideoStream]:
    """Open a file and its first video stream, with the size limits set (raises on failure)."""
    container = av.open(str(path), options=_LIMITS)
    try:
        if not container.streams.video:
            raise DecodeError(f"{path.name} has no video stream")
        stream = container.streams.video[0]
        stream.codec_context.options = dict(_LIMITS)
        stream.thread_type = "AUTO"
        size = size_problem(path, stream.codec_context.width, stream.codec_context.height)
        if size is not None and stream.codec_context.width > 0:
            raise DecodeError(size)
        return container, stream
    except BaseException:
        container.close()
        raise


def timeout_problem(path: Path, timeout: float, what: str, *frames: int) -> MediaProblem:
    """TIMEOUT: the decoder made no progress on `path` for `timeout` s while `what`."""
    message = f"{path.name}: the decoder made no progress for {timeout:g} s while {what}"
    return MediaProblem(ProblemKind.TIMEOUT, str(path), message, tuple(frames))


def open_movie(path: Path, timeout: float) -> tuple[InputContainer, VideoStream] | MediaProblem:
    """A movie's container and video stream, opened within `timeout` s, or the problem
    that stopped it (DECODE, TIMEOUT)."""

    def problem(message: str) -> MediaProblem:
        return MediaProblem(ProblemKind.DECODE, str(path), message, ())

    try:
        if path.stat().st_size == 0:
            return problem(f"{path.name} is empty (0 bytes)")
        opened = run_with_timeout(lambda: open_video(path), timeout)
    except DecodeError as error:
        return problem(str(error))
    except Exception as error:
        return problem(f"{path.name} cannot be opened: {reason(error)}")
    if isinstance(opened, Timeout):
        return timeout_problem(path, timeout, "opening it")
    return opened


def format_problem(
    decoded: DecodedFrame, width: int, height: int, pix_fmt: str
) -> MediaProblem | None:
    """FORMAT when a sequence's frame differs in size or pixel format from the sequence."""
    frame, path, number = decoded.frame, decoded.path, decoded.number
    if (frame.width, frame.height, frame.format.name) == (width, height, pix_fmt):
        return None
    return MediaProblem(
        ProblemKind.FORMAT,
        str(path),
        f"{path.name} (frame {number}) is {frame.width}x{frame.height} "
        f"{frame.format.name}, the sequence is {width}x{height} {pix_fmt}: it was skipped",
        (number,),
    )


def decode_image(path: Path, number: int) -> DecodedFrame | MediaProblem:
    """The first picture of one image file, or the DECODE problem that stopped it."""

    def problem(message: str) -> MediaProblem:
        return MediaProblem(ProblemKind.DECODE, str(path), message, (number,))

    dimensions = header_dimensions(path)
    if dimensions is not None:
        size = size_problem(path, *dimensions)
        if size is not None:
            return problem(size)
    try:
        if path.stat().st_size == 0:
            return problem(f"{path.name} (frame {number}) is empty (0 bytes)")
        if exr.is_exr(path):  # checked and read with OpenEXR (see media/exr.py)
            return DecodedFrame(number, exr.read(path, exr.plan(path)), path)
        container, stream = open_video(path)
        with container:
            stream.thread_type = "SLICE"  # one picture: frame threading cannot help
            if stream.codec_context.name == "mjpeg":
                # Fail on damage instead of concealing it (a truncated JPEG decodes grey).
                # Not for all codecs: FFmpeg's TIFF decoder then refuses valid files.
                stream.codec_context.options = {**_LIMITS, "err_detect": "explode"}
            for frame in container.decode(stream):
                return DecodedFrame(number, frame, path)
        return problem(f"{path.name} (frame {number}) contains no picture")
    except DecodeError as error:
        return problem(str(error))
    except Exception as error:  # every FFmpeg/OS error of bad media becomes a problem
        return problem(f"{path.name} (frame {number}) cannot be decoded: {reason(error)}")
