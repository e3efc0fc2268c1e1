"""The viewer's frame cache: one decode thread reads ahead of the playhead into bounded memory.

A FrameServer owns a ProxyReader and one plain Python thread (never a QThreadPool thread:
it lives as long as the player). `request(index, direction)` moves the playhead: the thread
decodes that frame first, then up to `read_ahead` frames in `direction`. Forward it reads on
sequentially (no seeks); backward it decodes a GOP at a time from its keyframe and keeps the
frames, so playing or stepping backwards does not decode each GOP once per frame. Requests
are not queued: a newer one replaces the older, and the work in hand stops at the next frame
unless the new playhead lies in the window being read.

The cache is bounded in bytes. When it is full, the frame farthest from the playhead goes
first (frames behind the playing direction count four times their distance; ties go to the
least recently used); a frame farther than everything cached is not decoded at all, so a
small budget shortens the read-ahead instead of thrashing. Errors of the decode thread are
kept in `error` and raised by `get()`; the thread then stops serving.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from axiom_publisher.media.reader import ProxyReader, RGBFrame

_BEHIND_WEIGHT = 4


class FrameServer:
    """Thread-safe frames of one proxy. `listener(index)` (optional) is called on the decode
    thread after each frame enters the cache, and with -1 when the thread stops on an error
    (then in `error`)."""

    def __init__(
        self,
        path: Path,
        *,
        cache_bytes: int = 384 * 2**20,
        read_ahead: int = 48,
        listener: Callable[[int], None] | None = None,
    ) -> None:
        self._reader = ProxyReader(path)  # DecodeError naming the file when unreadable
        reader = self._reader
        self.path = reader.path
        self.frame_count, self.fps = reader.frame_count, reader.fps
        self.width, self.height = reader.width, reader.height
        self.start_timecode = reader.start_timecode
        self.frame_bytes = reader.width * reader.height * 3
        if cache_bytes < self.frame_bytes:
            reader.close()
            raise ValueError(f"cache_bytes {cache_bytes} cannot hold one frame of {self.path}")
        self.cache_limit = cache_bytes
        self.read_ahead = max(0, read_ahead)
        self.listener = listener
        self.error: BaseException | None = None
        self._frames: OrderedDict[int, RGBFrame] = OrderedDict()
        self._used = 0
        self._changed = threading.Condition()
        self._playhead, self._direction = 0, 1
        self._generation = 0  # bumped by request(); 0: nothing asked yet
        self._closing = False
        self._thread = threading.Thread(
            target=self._run, name=f"axiom-frames:{self.path.name}", daemon=True
        )
        self._thread.start()

    # --- the caller's side --------------------------------------------------------------

    def request(self, index: int, direction: int = 1) -> None:
        """The playhead moved to `index`: decode it first, then read ahead in `direction`."""
        index = min(max(index, 0), self.frame_count - 1)
        with self._changed:
            self._playhead, self._direction = index, -1 if direction < 0 else 1
            self._generation += 1
            self._changed.notify_all()

    def get(self, index: int, timeout: float | None = None) -> RGBFrame | None:
        """Frame `index` if it is cached, else None; with `timeout`, wait that long for it.
        Raises the decode thread's error, if it had one."""
        if not 0 <= index < self.frame_count:
            raise IndexError(f"frame {index} is outside 0..{self.frame_count - 1} of {self.path}")
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._changed:
            while True:
                if self.error is not None:
                    raise self.error
                frame = self._frames.get(index)
                if frame is not None:
                    self._frames.move_to_end(index)
                    return frame
                if deadline is None or self._closing:
                    return None
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self._changed.wait(remaining)

    def cached(self) -> int:
        with self._changed:
            return len(self._frames)

    @property
    def cache_bytes_used(self) -> int:
        with self._changed:
            return self._used

    def cached_indices(self) -> list[int]:
        with self._changed:
            return sorted(self._frames)

    def close(self, wait: bool = True) -> None:
        """Drop the cache and stop the decode thread (it closes the reader); `wait` joins
        it. Idempotent."""
        with self._changed:
            self._closing = True
            self._frames.clear()  # the memory goes now, whoever still holds the server
            self._used = 0
            self._changed.notify_all()
        if wait and self._thread is not threading.current_thread():
            self._thread.join()

    def __enter__(self) -> FrameServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the decode thread --------------------------------------------------------------

    def _run(self) -> None:
        served = 0
        try:
            while True:
                with self._changed:
                    while not self._closing and self._generation == served:
                        self._changed.wait()
                    if self._closing:
                        return
                    served = self._generation
                    index, direction = self._playhead, self._direction
                if direction > 0:
                    self._read_forward(index)
                else:
                    self._read_backward(index)
        except BaseException as error:  # noqa: BLE001 - kept for get(), never lost
            with self._changed:
                self.error = error
                self._changed.notify_all()
            if self.listener is not None:
                with contextlib.suppress(Exception):  # the error is kept: that is enough
                    self.listener(-1)
        finally:
            self._reader.close()

    def _read_forward(self, index: int) -> None:
        last = min(index + self.read_ahead, self.frame_count - 1)
        for wanted in range(index, last + 1):
            if self._has(wanted):
                continue
            if self._abandon(1, index, wanted):
                return
            if not self._store(wanted, self._reader.read(wanted)):
                return

    def _read_backward(self, index: int) -> None:
        """GOP by GOP downwards from `index`, each decoded from its keyframe in one run."""
        lowest = max(index - self.read_ahead, 0)
        stop = index + 1
        while stop > lowest:
            start = self._reader.keyframe_before(stop - 1)
            missing = {i for i in range(max(start, lowest), stop) if not self._has(i)}
            if missing:
                if self._abandon(-1, start, index):
                    return
                for decoded, frame in self._reader.frames(start, max(missing) + 1):
                    if self._abandon(-1, start, index):
                        return
                    if decoded in missing and not self._store(decoded, frame):
                        return
            stop = start

    def _has(self, index: int) -> bool:
        with self._changed:
            return index in self._frames

    def _abandon(self, direction: int, low: int, high: int) -> bool:
        """True when the work in hand is no longer wanted: closing, the direction turned, or
        the playhead left low..high (a newer request inside it waits for this work)."""
        with self._changed:
            if self._closing or self._direction != direction:
                return True
            return not low <= self._playhead <= high

    def _cost(self, index: int) -> int:
        """How unwanted a frame is (called with the lock held): its distance from the playhead,
        times four behind the playing direction."""
        ahead = (index - self._playhead) * self._direction
        return ahead if ahead >= 0 else -ahead * _BEHIND_WEIGHT

    def _store(self, index: int, frame: RGBFrame) -> bool:
        """Cache `frame`, evicting farther ones; False (not cached) when all are nearer."""
        frame.flags.writeable = False  # shared by every caller of get()
        with self._changed:
            if self._closing:
                return False
            cost = self._cost(index)
            while self._used + frame.nbytes > self.cache_limit and self._frames:
                victim = max(self._frames, key=self._cost)
                if self._cost(victim) <= cost and index != self._playhead:
                    return False
                self._used -= self._frames.pop(victim).nbytes
            self._frames[index] = frame
            self._used += frame.nbytes
            self._changed.notify_all()
        if self.listener is not None:
            self.listener(index)
        return True
