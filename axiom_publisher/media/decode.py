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
import queue
import threading
from collections.abc import Callable, Iterator
from fractions import Fraction
from pathlib import Path
from types import TracebackType
from typing import Any

from av.audio.frame import AudioFrame
from av.container import InputContainer
from av.video.frame import VideoFrame
from av.video.stream import VideoStream

from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.core.errors import DecodeError, DecodeTimeoutError, MediaError
from axiom_publisher.core.media import MediaKind, MediaProblem, ProblemKind
from axiom_publisher.core.types import Source
from axiom_publisher.media.compat import codec_pix_fmt
from axiom_publisher.media.decode_files import (
    DecodedFrame,
    Timeout,
    decode_image,
    expected_frames,
    find_timecode,
    format_problem,
    is_float_format,
    open_movie,
    reason,
    run_with_timeout,
    timeout_problem,
)
from axiom_publisher.media.decode_threads import END, ParallelImages, produce
from axiom_publisher.media.sniff import media_kind

__all__ = [
    "DecodedFrame",
    "FrameSource",
    "as_error",
    "decode_image",
    "is_float_format",
    "open_source",
]


def as_error(problem: MediaProblem) -> MediaError:
    """The typed AXIOM error for a problem, for callers that must stop on bad media."""
    if problem.kind is ProblemKind.TIMEOUT:
        return DecodeTimeoutError(problem.message)
    return DecodeError(problem.message)


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
        self.problems.append(timeout_problem(path, self.timeout, what, *frames))

    def _open_movie(self, path: Path) -> None:
        opened = open_movie(path, self.timeout)
        if isinstance(opened, MediaProblem):
            self.problems.append(opened)
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
        self.timecode = find_timecode(container)
        self._expected_frames = expected_frames(container, stream)

    def _image_jobs(self) -> list[tuple[Path, int]]:
        return [
            (file.path, file.frame if file.frame is not None else self.first_frame + index)
            for index, file in enumerate(self.source.files)
        ]

    def _open_images(self) -> None:
        """Learn the picture format from the first files that decode (kept for frames())."""
        for index, (path, number) in enumerate(self._image_jobs()[:5]):
            try:
                result = run_with_timeout(
                    functools.partial(decode_image, path, number), self.timeout
                )
            except Exception as error:  # decode_image catches errors; this is a last resort
                result = MediaProblem(ProblemKind.DECODE, str(path), reason(error), (number,))
            if isinstance(result, Timeout):
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
        pool = ParallelImages(jobs, self._images_done, decode_image)
        self._images_done = {}
        try:
            for index, (path, number) in enumerate(jobs):
                if cancel is not None:
                    cancel.raise_if_cancelled()
                result = pool.get(index, self.timeout)
                if isinstance(result, Timeout):
                    self._timeout_problem(path, f"decoding frame {number}", number)
                    return
                if isinstance(result, MediaProblem):
                    self.problems.append(result)
                    continue
                if not self.pix_fmt:
                    self._adopt(result.frame)
                mismatch = format_problem(result, self.width, self.height, self.pix_fmt)
                if mismatch is not None:
                    self.problems.append(mismatch)
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
            target=produce,
            args=(
                container,
                stream,
                on_audio is not None,
                handoff,
                self._stop,
                path,
                self.first_frame,
            ),
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
                if kind is END:
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
