"""The decoder's threads. An image sequence's files are decoded by a few daemon workers,
at most READ_AHEAD frames ahead of the one wanted (ParallelImages); a movie is demuxed and
decoded in one pass by a producer thread that hands frames, audio and problems over through
a small bounded queue until done or told to stop (produce).
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import av
from av.container import InputContainer
from av.video.stream import VideoStream

from axiom_publisher.core.media import MediaProblem, ProblemKind
from axiom_publisher.media.decode_files import DecodedFrame, Timeout, reason

SEQUENCE_WORKERS = max(2, min(4, os.cpu_count() or 2))
READ_AHEAD = 2 * SEQUENCE_WORKERS  # decoded frames held at most, beyond the one yielded
END = object()  # the producer's last hand-over


ImageDecoder = Callable[[Path, int], "DecodedFrame | MediaProblem"]


class ParallelImages:
    """Decode image files with `decode` on a few daemon threads, at most READ_AHEAD frames
    ahead (`done`: results already had, by job index)."""

    def __init__(
        self, jobs: list[tuple[Path, int]], done: dict[int, Any], decode: ImageDecoder
    ) -> None:
        self._jobs = jobs
        self._decode = decode
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
            result = self._decode(path, number)
            with self._cond:
                self._results[index] = result
                self._cond.notify_all()

    def get(self, index: int, timeout: float) -> DecodedFrame | MediaProblem | Timeout:
        with self._cond:
            self._wanted = index
            self._cond.notify_all()
            if not self._cond.wait_for(lambda: index in self._results, timeout):
                return Timeout()
            return self._results.pop(index)

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._results.clear()
            self._cond.notify_all()


def produce(
    container: InputContainer,
    stream: VideoStream,
    with_audio: bool,
    handoff: queue.Queue[Any],
    stop: threading.Event,
    path: Path,
    first_frame: int,
) -> None:
    """Demux and decode in one pass; hand frames over until done or told to stop (`stop`).
    Hands over (kind, item): ("video", frame), ("audio", frame), ("problem", MediaProblem),
    and (END, None) last; closes the container."""

    def put(kind: Any, item: Any) -> bool:
        while not stop.is_set():
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
                            f"{path.name}: the audio cannot be decoded: {reason(error)}",
                        ),
                    )
                continue
            for frame in packet.decode():
                if not put("video", frame):
                    return
                decoded += 1
    except Exception as error:  # corrupt or truncated data: stop here and say where
        number = first_frame + decoded
        put(
            "problem",
            MediaProblem(
                ProblemKind.DECODE,
                str(path),
                f"{path.name} cannot be decoded from frame {number}: {reason(error)}",
                (number,),
            ),
        )
    finally:
        container.close()
        put(END, None)
