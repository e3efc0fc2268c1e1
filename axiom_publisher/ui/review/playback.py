"""The player's clock: shows proxy frames (A, and B to compare) at the source rate.

The frames come from media.frame_server.FrameServer (one decode thread per proxy, read-ahead
into a bounded cache); opening one reads the file, so it runs in a WorkerPool job. Playback
runs on a PreciseTimer on the main thread against a QElapsedTimer clock: at each tick the
frame due now is shown if it is cached; frames whose time passed unshown are dropped and
counted (the clock never waits: no slow motion), and the real rate of the frames shown is
measured. Playback stops at the last (or, backwards, the first) frame.

B's frame for A's index i is i + b_offset (the Review tab aligns by shot frame:
b_offset = a_first_frame - b_first_frame); out of B's range B is None. While B is open, a
frame is shown only when both pictures are decoded.
"""

from __future__ import annotations

import math
import weakref
from pathlib import Path

from qtpy import QtCore

from axiom_publisher.media.frame_server import FrameServer
from axiom_publisher.ui.review.playback_io import OPENINGS, Opened, open_job, relay, to_qimage
from axiom_publisher.ui.workers import WorkerPool

__all__ = ["PlaybackController", "to_qimage"]

_SPEEDS = (1.0, 2.0, 4.0)  # L / J pressed again while playing that way
_TICK_MS_MAX = 5


def _close_servers(servers: list[FrameServer]) -> None:
    for server in servers:
        server.close(wait=False)  # its thread stops on its own and closes the file
    servers.clear()


class PlaybackController(QtCore.QObject):
    """Open proxies, seek, step, play (J/K/L shuttle); emits the frames to show."""

    frame_shown = QtCore.Signal(int, object, object)  # index into A, QImage A, QImage | None
    playing_changed = QtCore.Signal(bool)
    fps_measured = QtCore.Signal(float)  # the real display rate, about once a second
    error = QtCore.Signal(str)  # a sentence naming the file
    opened = QtCore.Signal()  # frame_count / fps / start_timecode are known
    finished = QtCore.Signal()  # end of media: playing forwards stopped on the last frame

    def __init__(
        self,
        parent: QtCore.QObject | None = None,
        *,
        pool: WorkerPool | None = None,
        cache_bytes: int = 384 * 2**20,  # for A, or for A and B together
        read_ahead: int = 48,
    ) -> None:
        super().__init__(parent)
        self._pool = pool if pool is not None else WorkerPool(self, max_threads=1)
        self._cache_bytes, self._read_ahead = cache_bytes, read_ahead
        self._a: FrameServer | None = None
        self._b: FrameServer | None = None
        self.b_offset = 0
        self._generation = next(OPENINGS)  # unique in the process: the relay is shared
        self.frame_count, self.fps = 0, 0.0
        self.start_timecode: str | None = None
        self.index, self.playing, self.speed = 0, False, 1.0
        self.shown, self.dropped = 0, 0
        self._pending: int | None = None  # an index to show as soon as it is decoded
        self._last_shown = -1
        self._counted = -1  # the last frame shown (or its place) since play(), for drops
        self._starting = False  # playing, but the frame at the playhead is not decoded yet
        self._play_on_open: float | None = None
        self._failed = False
        self._clock = QtCore.QElapsedTimer()
        self._anchor = 0  # the index shown when the clock started
        self._rate_clock = QtCore.QElapsedTimer()
        self._rate_count = 0
        self._timer = QtCore.QTimer(self)
        self._timer.setTimerType(QtCore.Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._tick)
        relay().decoded.connect(self._on_decoded)  # a bound method: held weakly
        self._servers: list[FrameServer] = []  # closed by close() or when this goes away
        weakref.finalize(self, _close_servers, self._servers)

    # --- opening ------------------------------------------------------------------------

    def open(self, path_a: Path, path_b: Path | None = None, b_offset: int = 0) -> None:
        """Open A (and B to compare) in a worker; the first frame is shown when decoded."""
        self.close()
        self.b_offset = b_offset
        job = open_job(
            self._generation,
            Path(path_a),
            None if path_b is None else Path(path_b),
            cache_bytes=self._cache_bytes if path_b is None else self._cache_bytes // 2,
            read_ahead=self._read_ahead,
        )
        # A bound method, not a lambda holding `self`: the worker's signals object is deleted
        # later, and must not take the last reference to this controller (its grandparent).
        self._pool.submit(job, f"open {Path(path_a).name}", finished=self._on_opened)

    def _on_opened(self, opened: Opened) -> None:
        if opened.opening != self._generation:  # closed or reopened meanwhile
            opened.close()
            return
        if opened.a is None:
            self._fail(opened.error)
            return
        self._a, self._b = opened.a, opened.b
        self._servers[:] = [server for server in (opened.a, opened.b) if server is not None]
        self.frame_count, self.fps = opened.a.frame_count, opened.a.fps or 24.0
        self.start_timecode = opened.a.start_timecode
        self.opened.emit()
        self.seek(self.index)
        if self._play_on_open is not None:
            self.play(self._play_on_open)

    def close(self) -> None:
        """Stop and let go of the proxies (their threads stop on their own)."""
        self._generation = next(OPENINGS)
        self._set_playing(False)
        _close_servers(self._servers)
        self._a = self._b = None
        self.frame_count, self.fps, self.start_timecode = 0, 0.0, None
        self.index, self._pending, self._last_shown = 0, None, -1
        self._play_on_open, self._failed = None, False

    @property
    def server_a(self) -> FrameServer | None:
        """A's frame server (e.g. `cached_indices()` for a cache bar), None until opened."""
        return self._a

    @property
    def server_b(self) -> FrameServer | None:
        return self._b

    # --- moving the playhead --------------------------------------------------------------

    def seek(self, index: int) -> None:
        """Move to frame `index` (clamped); it is shown as soon as it is decoded."""
        if self._a is None:
            self.index = max(index, 0)
            return
        self.index = min(max(index, 0), self.frame_count - 1)
        direction = -1 if self.playing and self.speed < 0 else 1
        self._request(self.index, direction)
        if self.playing:  # the clock restarts here; the tick shows the frame when due
            self._start_clock()
            return
        self._pending = self.index
        self._show_pending()

    def step(self, delta: int) -> None:
        """Pause and move `delta` frames (backwards steps read the GOP before ahead)."""
        self.pause()
        if self._a is None or delta == 0:
            return
        self.index = min(max(self.index + delta, 0), self.frame_count - 1)
        self._request(self.index, -1 if delta < 0 else 1)
        self._pending = self.index
        self._show_pending()

    def play(self, speed: float = 1.0) -> None:
        """Play at `speed` times the source rate (negative: backwards)."""
        if speed == 0:
            self.pause()
            return
        if self._a is None:
            self._play_on_open = speed
            return
        self.speed = speed
        last = self.frame_count - 1
        if (speed > 0 and self.index >= last) or (speed < 0 and self.index <= 0):
            self.index = 0 if speed > 0 else last  # from the other end
            self._pending = self.index
        self.shown = self.dropped = 0
        self._start_clock()
        self._request(self.index, 1 if speed > 0 else -1)
        self._rate_clock.start()
        self._rate_count = 0
        frame_ms = 1000.0 / (self.fps * abs(speed))
        self._timer.start(max(1, min(_TICK_MS_MAX, int(frame_ms / 4))))
        self._set_playing(True)

    def pause(self) -> None:
        self._play_on_open = None
        self._set_playing(False)

    def toggle(self) -> None:
        if self.playing:
            self.pause()
        else:
            self.play(1.0)

    def jkl(self, key: str) -> None:
        """Shuttle: L plays forwards (again: 2x, 4x), J backwards likewise, K pauses."""
        key = key.lower()
        if key == "k":
            self.pause()
        elif key in ("j", "l"):
            sign = 1.0 if key == "l" else -1.0
            if self.playing and self.speed * sign > 0:
                faster = [s for s in _SPEEDS if s > abs(self.speed)]
                self.play(sign * (faster[0] if faster else _SPEEDS[-1]))
            else:
                self.play(sign)
        else:
            raise ValueError(f"jkl() takes 'j', 'k' or 'l', not {key!r}")

    # --- showing ------------------------------------------------------------------------

    def _set_playing(self, playing: bool) -> None:
        if not playing:
            self._timer.stop()
        if playing != self.playing:
            self.playing = playing
            self.playing_changed.emit(playing)

    def _start_clock(self) -> None:
        """Time runs from now at the playhead; the frame there is due now (if not shown)."""
        self._clock.start()
        self._anchor = self.index
        already = self.index == self._last_shown and self._pending is None
        self._counted = self.index if already else self.index - (1 if self.speed > 0 else -1)
        self._starting = not already

    def _request(self, index: int, direction: int) -> None:
        assert self._a is not None
        self._a.request(index, direction)
        if self._b is not None and 0 <= index + self.b_offset < self._b.frame_count:
            self._b.request(index + self.b_offset, direction)

    @QtCore.Slot(int, int)
    def _on_decoded(self, generation: int, index: int) -> None:
        """A frame was decoded (or, index -1, a decode thread stopped on an error)."""
        if generation != self._generation:
            return
        if index < 0:
            for server in (self._a, self._b):
                if server is not None and server.error is not None:
                    self._fail(server.error)
        elif not self.playing and self._pending is not None:
            self._show_pending()

    def _show_pending(self) -> None:
        if self._pending is not None and self._show(self._pending):
            self._pending = None

    def _show(self, index: int) -> bool:
        """Emit frame `index` if A (and B in its range) are decoded; False if not yet."""
        if self._a is None or self._failed:
            return False
        try:
            picture_a = self._a.get(index)
            picture_b = None
            b_index = index + self.b_offset
            if self._b is not None and 0 <= b_index < self._b.frame_count:
                picture_b = self._b.get(b_index)
                if picture_b is None:
                    return False
        except Exception as error:  # noqa: BLE001 - a decode error reaches the user
            self._fail(error)
            return False
        if picture_a is None:
            return False
        self._last_shown = index
        self.frame_shown.emit(
            index,
            to_qimage(picture_a),
            None if picture_b is None else to_qimage(picture_b),
        )
        return True

    def _tick(self) -> None:
        """Show the frame due now if it is decoded; frames whose time passed are dropped."""
        if self._a is None:
            return
        if self._starting:  # the clock waits for the first frame only: a start, not slow motion
            if self._show(self._anchor):
                self._clock.start()
                self._starting, self._pending, self._counted = False, None, self._anchor
                self.shown += 1
                self._rate_count += 1
            return
        sign = 1 if self.speed > 0 else -1
        elapsed = self._clock.nsecsElapsed() / 1e9
        due = self._anchor + sign * math.floor(elapsed * self.fps * abs(self.speed) + 1e-6)
        last = self.frame_count - 1
        at_end = due >= last if sign > 0 else due <= 0
        due = min(max(due, 0), last)
        if due != self.index:
            self.index = due
            self._request(due, sign)
        if due != self._last_shown:
            if self._show(due):
                self._pending = None
                self.dropped += max(abs(due - self._counted) - 1, 0)
                self._counted = due
                self.shown += 1
                self._rate_count += 1
            elif self._failed:
                return
        if at_end and self._last_shown == due:
            self._at_end(sign)
        self._measure_rate()

    def _at_end(self, sign: int) -> None:
        """The end frame is shown while playing: stop there (forwards: end of media). A
        subclass may go on instead (playlist_playback: the next version of a playlist)."""
        self.pause()
        if sign > 0:
            self.finished.emit()

    def _measure_rate(self) -> None:
        elapsed_ms = self._rate_clock.elapsed()
        if elapsed_ms >= 1000:
            self.fps_measured.emit(self._rate_count * 1000.0 / elapsed_ms)
            self._rate_clock.start()
            self._rate_count = 0

    def _fail(self, error: BaseException | str) -> None:
        self.pause()
        if not self._failed:
            self._failed = True
            self.error.emit(str(error))
