"""Open a movie or an image sequence as one source of decoded frames.

Frames come out in the source's own pixel format, in order, numbered. Bad media never
raises: every FFmpeg or OS error becomes a MediaProblem (DECODE, FORMAT or TIMEOUT) in
`FrameSource.problems`, naming the file and the frame. Only cancellation raises
(core CancelledError).

- Movies are demuxed and decoded in one pass by a producer thread (video, and audio when
  asked), handed over through a small bounded queue.
- Image files are decoded independently by a few daemon worker threads with bounded
  read-ahead, and yielded in frame order; a corrupt file is reported and skipped.
- No hang: waiting more than `timeout` seconds for the next frame (or the open) ends the
  iteration with a TIMEOUT problem; a stuck FFmpeg call is left behind in its daemon thread.
"""

from __future__ import annotations

import functools
import os
import queue
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

import av
from av.audio.frame import AudioFrame
from av.container import InputContainer
from av.video.frame import VideoFrame
from av.video.stream import VideoStream

from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.core.errors import DecodeError, DecodeTimeoutError, MediaError
from axiom_publisher.core.media import MediaKind, MediaProblem, ProblemKind
from axiom_publisher.core.types import Source
from axiom_publisher.media import exr
from axiom_publisher.media.compat import codec_pix_fmt
from axiom_publisher.media.sniff import header_dimensions, media_kind

MAX_SIDE = 32768  # pixels, either dimension
MAX_PIXELS = 1 << 26  # 64 Mpixel: 1 GiB for RGBA float32
# Given to the demuxer (for probing) and each decoder: FFmpeg refuses larger pictures
# before allocating them.
_LIMITS = {"max_pixels": str(MAX_PIXELS)}
SEQUENCE_WORKERS = max(2, min(4, os.cpu_count() or 2))
READ_AHEAD = 2 * SEQUENCE_WORKERS  # decoded frames held at most, beyond the one yielded


@dataclass(frozen=True)
class DecodedFrame:
    number: int  # the sequence frame number; for movies first_frame + index
    frame: VideoFrame  # in the source's own pixel format, never converted
    path: Path  # the file it came from


def is_float_format(pix_fmt: str) -> bool:
    """Half or float pixels (gbrpf16le, gbrapf32le, grayf32le, ...)."""
    return re.search(r"f(16|32)(le|be)?$", pix_fmt) is not None


def as_error(problem: MediaProblem) -> MediaError:
    """The typed AXIOM error for a problem, for callers that must stop on bad media."""
    if problem.kind is ProblemKind.TIMEOUT:
        return DecodeTimeoutError(problem.message)
    return DecodeError(problem.message)


def _reason(error: BaseException) -> str:
    """A short sentence for an FFmpeg / OS error, without its traceback noise."""
    if isinstance(error, av.FFmpegError):
        return str(error.strerror or error).rstrip(".")
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


_T = TypeVar("_T")


class _Timeout:
    """Marker: the call did not finish in time."""


def _run_with_timeout(call: Callable[[], _T], timeout: float) -> _T | _Timeout:
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
        return _Timeout()
    result = box[0]
    if isinstance(result, BaseException):
        raise result
    return result  # type: ignore[no-any-return]


def _size_problem(path: Path, width: int, height: int) -> str | None:
    if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
        return (
            f"{path.name} is {width}x{height}, larger than AXIOM decodes "
            f"({MAX_SIDE} px a side, {MAX_PIXELS >> 20} Mpixel)"
        )
    if width <= 0 or height <= 0:
        return f"{path.name} has no picture size"
    return None


def _open_video(path: Path) -> tuple[InputContainer, VideoStream]:
    """Open a file and its first video stream, with the size limits set (raises on failure)."""
    container = av.open(str(path), options=_LIMITS)
    try:
        if not container.streams.video:
            raise DecodeError(f"{path.name} has no video stream")
        stream = container.streams.video[0]
        stream.codec_context.options = dict(_LIMITS)
        stream.thread_type = "AUTO"
        size = _size_problem(path, stream.codec_context.width, stream.codec_context.height)
        if size is not None and stream.codec_context.width > 0:
            raise DecodeError(size)
        return container, stream
    except BaseException:
        container.close()
        raise


def decode_image(path: Path, number: int) -> DecodedFrame | MediaProblem:
    """The first picture of one image file, or the DECODE problem that stopped it."""

    def problem(message: str) -> MediaProblem:
        return MediaProblem(ProblemKind.DECODE, str(path), message, (number,))

    dimensions = header_dimensions(path)
    if dimensions is not None:
        size = _size_problem(path, *dimensions)
        if size is not None:
            return problem(size)
    try:
        if path.stat().st_size == 0:
            return problem(f"{path.name} (frame {number}) is empty (0 bytes)")
        if exr.is_exr(path):  # checked and read with OpenEXR (see media/exr.py)
            return DecodedFrame(number, exr.read(path, exr.plan(path)), path)
        container, stream = _open_video(path)
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
        return problem(f"{path.name} (frame {number}) cannot be decoded: {_reason(error)}")


class _ParallelImages:
    """Decode image files on a few daemon threads, at most READ_AHEAD frames ahead."""

    def __init__(self, jobs: list[tuple[Path, int]], done: dict[int, Any]) -> None:
        self._jobs = jobs
        self._results: dict[int, DecodedFrame | MediaProblem] = dict(done)
        self._cond = threading.Condition()
        self._next_job = 0
        self._wanted = 0
        self._stopped = False
        self._threads = [
            threading.Thread(target=self._work, name="axiom-decode-image", daemon=True)
            for _ in range(min(SEQUENCE_WORKERS, len(jobs)))
        ]
        for thread in self._threads:
            thread.start()

    def _take(self) -> int | None:
        with self._cond:
            while True:
                while self._next_job in self._results:
                    self._next_job += 1
                if self._stopped or self._next_job >= len(self._jobs):
                    return None
                if self._next_job <= self._wanted + READ_AHEAD:
                    self._next_job += 1
                    return self._next_job - 1
                self._cond.wait()

    def _work(self) -> None:
        while (index := self._take()) is not None:
            path, number = self._jobs[index]
            result = decode_image(path, number)
            with self._cond:
                self._results[index] = result
                self._cond.notify_all()

    def get(self, index: int, timeout: float) -> DecodedFrame | MediaProblem | _Timeout:
        with self._cond:
            self._wanted = index
            self._cond.notify_all()
            if not self._cond.wait_for(lambda: index in self._results, timeout):
                return _Timeout()
            return self._results.pop(index)

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._results.clear()
            self._cond.notify_all()


_END = object()


class FrameSource:
    """The frames of one Source with what the decoder knows about them. Iterate once."""

    kind: MediaKind
    width: int
    height: int
    pix_fmt: str
    fps: Fraction | None
    sample_aspect: Fraction | None
    is_float: bool
    timecode: str | None
    audio: bool
    problems: list[MediaProblem]

    def __init__(self, source: Source, *, first_frame: int = 1, timeout: float = 30.0) -> None:
        self.source = source
        self.first_frame = first_frame
        self.timeout = timeout
        first = source.files[0].path
        kind = media_kind(first)
        if kind is MediaKind.OTHER:
            kind = MediaKind.MOVIE  # let FFmpeg decide what it is
        if kind is MediaKind.STILL and source.is_sequence:
            kind = MediaKind.SEQUENCE
        self.kind = kind
        self.width = self.height = 0
        self.pix_fmt = ""
        self.fps = None
        self.sample_aspect = None
        self.is_float = False
        self.timecode = None
        self.audio = False
        self.problems = []
        self._container: InputContainer | None = None
        self._stream: VideoStream | None = None
        self._expected_frames = 0
        self._images_done: dict[int, DecodedFrame | MediaProblem] = {}
        self._stop = threading.Event()
        self._started = False
        self._closed = False
        self._gave_up = False
        if kind is MediaKind.MOVIE:
            self._open_movie(first)
        else:
            self._open_images()

    # --- opening --------------------------------------------------------------------------

    def _problem(self, kind: ProblemKind, path: Path, message: str, *frames: int) -> None:
        self.problems.append(MediaProblem(kind, str(path), message, tuple(frames)))

    def _timeout_problem(self, path: Path, what: str, *frames: int) -> None:
        self._problem(
            ProblemKind.TIMEOUT,
            path,
            f"{path.name}: the decoder made no progress for {self.timeout:g} s while {what}",
            *frames,
        )

    def _open_movie(self, path: Path) -> None:
        try:
            if path.stat().st_size == 0:
                self._problem(ProblemKind.DECODE, path, f"{path.name} is empty (0 bytes)")
                return
            opened = _run_with_timeout(lambda: _open_video(path), self.timeout)
        except DecodeError as error:
            self._problem(ProblemKind.DECODE, path, str(error))
            return
        except Exception as error:
            self._problem(
                ProblemKind.DECODE, path, f"{path.name} cannot be opened: {_reason(error)}"
            )
            return
        if isinstance(opened, _Timeout):
            self._timeout_problem(path, "opening it")
            return
        container, stream = opened
        self._container, self._stream = container, stream
        context = stream.codec_context
        self.width, self.height = context.width, context.height
        self.pix_fmt = codec_pix_fmt(context)
        self.is_float = is_float_format(self.pix_fmt)
        rate = stream.average_rate or stream.guessed_rate
        self.fps = Fraction(rate) if rate else None
        aspect = stream.sample_aspect_ratio or context.sample_aspect_ratio
        self.sample_aspect = Fraction(aspect) if aspect else None
        self.audio = bool(container.streams.audio)
        self.timecode = self._find_timecode(container)
        self._expected_frames = stream.frames
        if not self._expected_frames and stream.duration and stream.time_base and rate:
            self._expected_frames = round(stream.duration * stream.time_base * rate)
        elif not self._expected_frames and container.duration and rate:
            self._expected_frames = round(container.duration / av.time_base * rate)

    @staticmethod
    def _find_timecode(container: InputContainer) -> str | None:
        for metadata in [container.metadata] + [s.metadata for s in container.streams]:
            for key, value in metadata.items():
                if key.lower() == "timecode" and value:
                    return str(value)
        return None

    def _image_jobs(self) -> list[tuple[Path, int]]:
        return [
            (file.path, file.frame if file.frame is not None else self.first_frame + index)
            for index, file in enumerate(self.source.files)
        ]

    def _open_images(self) -> None:
        """Learn the picture format from the first files that decode (kept for frames())."""
        for index, (path, number) in enumerate(self._image_jobs()[:5]):
            try:
                result = _run_with_timeout(
                    functools.partial(decode_image, path, number), self.timeout
                )
            except Exception as error:  # decode_image catches errors; this is a last resort
                result = MediaProblem(ProblemKind.DECODE, str(path), _reason(error), (number,))
            if isinstance(result, _Timeout):
                self._timeout_problem(path, "decoding it", number)
                self._gave_up = True
                return
            self._images_done[index] = result
            if isinstance(result, DecodedFrame):
                self._adopt(result.frame)
                return

    def _adopt(self, frame: VideoFrame) -> None:
        self.width, self.height = frame.width, frame.height
        self.pix_fmt = frame.format.name
        self.is_float = is_float_format(self.pix_fmt)

    # --- iterating ------------------------------------------------------------------------

    def frames(
        self,
        cancel: CancelToken | None = None,
        on_audio: Callable[[AudioFrame], None] | None = None,
    ) -> Iterator[DecodedFrame]:
        """The decoded frames in order; problems go to `self.problems`. Iterate once."""
        if self._started or self._closed:
            return
        self._started = True
        if self.kind is MediaKind.MOVIE:
            yield from self._movie_frames(cancel, on_audio)
        else:
            yield from self._image_frames(cancel)

    def _image_frames(self, cancel: CancelToken | None) -> Iterator[DecodedFrame]:
        jobs = self._image_jobs()
        if self._gave_up:
            return
        pool = _ParallelImages(jobs, self._images_done)
        self._images_done = {}
        try:
            for index, (path, number) in enumerate(jobs):
                if cancel is not None:
                    cancel.raise_if_cancelled()
                result = pool.get(index, self.timeout)
                if isinstance(result, _Timeout):
                    self._timeout_problem(path, f"decoding frame {number}", number)
                    return
                if isinstance(result, MediaProblem):
                    self.problems.append(result)
                    continue
                if not self.pix_fmt:
                    self._adopt(result.frame)
                frame = result.frame
                if (frame.width, frame.height, frame.format.name) != (
                    self.width,
                    self.height,
                    self.pix_fmt,
                ):
                    self._problem(
                        ProblemKind.FORMAT,
                        path,
                        f"{path.name} (frame {number}) is {frame.width}x{frame.height} "
                        f"{frame.format.name}, the sequence is {self.width}x{self.height} "
                        f"{self.pix_fmt}: it was skipped",
                        number,
                    )
                    continue
                yield result
        finally:
            pool.stop()

    def _movie_frames(
        self, cancel: CancelToken | None, on_audio: Callable[[AudioFrame], None] | None
    ) -> Iterator[DecodedFrame]:
        if self._container is None or self._stream is None:
            return
        path = self.source.files[0].path
        handoff: queue.Queue[Any] = queue.Queue(maxsize=4)
        container, stream = self._container, self._stream
        self._container = None  # the producer owns (and closes) it from here
        producer = threading.Thread(
            target=self._produce,
            args=(container, stream, on_audio is not None, handoff),
            name="axiom-decode-movie",
            daemon=True,
        )
        producer.start()
        decoded = 0
        try:
            while True:
                if cancel is not None:
                    cancel.raise_if_cancelled()
                try:
                    kind, item = handoff.get(timeout=self.timeout)
                except queue.Empty:
                    self._timeout_problem(
                        path,
                        f"decoding frame {self.first_frame + decoded}",
                        self.first_frame + decoded,
                    )
                    return
                if kind is _END:
                    break
                if kind == "problem":
                    self.problems.append(item)
                elif kind == "audio":
                    assert on_audio is not None
                    on_audio(item)
                else:
                    if decoded == 0:
                        self._adopt(item)
                    yield DecodedFrame(self.first_frame + decoded, item, path)
                    decoded += 1
        finally:
            self._stop.set()
        broken = any(p.path == str(path) and p.kind is ProblemKind.DECODE for p in self.problems)
        if not broken and decoded < self._expected_frames - 1:
            self._problem(
                ProblemKind.DECODE,
                path,
                f"{path.name} ends after {decoded} of {self._expected_frames} frames: "
                "it is truncated or damaged",
                self.first_frame + decoded,
            )

    def _produce(
        self,
        container: InputContainer,
        stream: VideoStream,
        with_audio: bool,
        handoff: queue.Queue[Any],
    ) -> None:
        """Demux and decode in one pass; hand frames over until done or told to stop."""
        path = self.source.files[0].path

        def put(kind: Any, item: Any) -> bool:
            while not self._stop.is_set():
                try:
                    handoff.put((kind, item), timeout=0.1)
                    return True
                except queue.Full:
                    continue
            return False

        audio = container.streams.audio[0] if with_audio and container.streams.audio else None
        audio_ok = audio is not None
        decoded = 0
        try:
            streams = [stream] + ([audio] if audio is not None else [])
            for packet in container.demux(streams):
                if packet.stream is audio:
                    if not audio_ok:
                        continue
                    try:
                        for audio_frame in packet.decode():
                            if not put("audio", audio_frame):
                                return
                    except (av.FFmpegError, OSError, ValueError) as error:
                        audio_ok = False
                        put(
                            "problem",
                            MediaProblem(
                                ProblemKind.DECODE,
                                str(path),
                                f"{path.name}: the audio cannot be decoded: {_reason(error)}",
                            ),
                        )
                    continue
                for frame in packet.decode():
                    if not put("video", frame):
                        return
                    decoded += 1
        except Exception as error:  # corrupt or truncated data: stop here and say where
            number = self.first_frame + decoded
            put(
                "problem",
                MediaProblem(
                    ProblemKind.DECODE,
                    str(path),
                    f"{path.name} cannot be decoded from frame {number}: {_reason(error)}",
                    (number,),
                ),
            )
        finally:
            container.close()
            put(_END, None)

    # --- closing --------------------------------------------------------------------------

    def close(self) -> None:
        self._closed = True
        self._stop.set()
        if self._container is not None:
            self._container.close()
            self._container = None
        self._images_done = {}

    def __enter__(self) -> FrameSource:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def open_source(source: Source, *, first_frame: int = 1, timeout: float = 30.0) -> FrameSource:
    """Open a movie or an image sequence (or still). Never raises for bad media."""
    return FrameSource(source, first_frame=first_frame, timeout=timeout)
