"""Playing a playlist through: the player's clock goes on from one version to the next.

PlaylistPlayback is the Review tab's PlaybackController. `preload(path)` opens the next
version's proxy in a worker while the current one plays and asks for its first frames, so
its decode thread is ahead before it is needed. Playing forwards, once the last frame has
been on screen for its whole interval, A becomes the preloaded proxy without stopping: the
clock runs on (frame 0 is due when the frame after the last would have been), so the
transition costs no more than any other frame; `advanced` says so before its first frame is
shown. Without a preload playback stops at the end as before (`finished`); with one not
opened yet, the last frame is held until it is (the late frames count as dropped); the same
while `hold(True)` says what goes with the next version (its review state) is not ready yet.
"""

from __future__ import annotations

import weakref
from pathlib import Path

from qtpy import QtCore

from axiom_publisher.media.frame_server import FrameServer
from axiom_publisher.ui.review.playback import PlaybackController, _close_servers
from axiom_publisher.ui.review.playback_io import OPENINGS, Opened, open_job
from axiom_publisher.ui.workers import WorkerPool


class PlaylistPlayback(PlaybackController):
    """A PlaybackController that goes on to a preloaded proxy at the end of media."""

    advanced = QtCore.Signal()  # A is the preloaded proxy now; its frame 0 comes next
    preloaded = QtCore.Signal(object)  # the Path of a proxy opened ahead

    def __init__(
        self,
        parent: QtCore.QObject | None = None,
        *,
        pool: WorkerPool | None = None,
        cache_bytes: int = 384 * 2**20,
        read_ahead: int = 48,
    ) -> None:
        super().__init__(parent, pool=pool, cache_bytes=cache_bytes, read_ahead=read_ahead)
        self._next: Opened | None = None
        self._next_path: Path | None = None
        self._next_opening = 0
        self._held = False  # go on only once released (hold)
        self._spare: list[FrameServer] = []  # the preloaded server, closed if this goes away
        weakref.finalize(self, _close_servers, self._spare)

    @property
    def next_path(self) -> Path | None:
        """The proxy to go on to at the end (preloaded or still opening), if any."""
        return self._next_path

    @property
    def next_ready(self) -> bool:
        return self._next is not None

    def hold(self, held: bool) -> None:
        """Hold the last frame at the end until released, even once the preload is open:
        the owner's own state for the next version is not ready yet. A new preload (or
        none) releases it."""
        self._held = held

    def preload(self, path: Path | None) -> None:
        """Open `path` ahead (None: stop at the end of this one)."""
        if path is not None and self._next_path == Path(path):
            return
        self._drop_next()
        if path is None:
            return
        self._next_path = Path(path)
        self._next_opening = next(OPENINGS)
        job = open_job(
            self._next_opening,
            Path(path),
            None,
            cache_bytes=self._cache_bytes,
            read_ahead=self._read_ahead,
        )
        self._pool.submit(job, f"preload {Path(path).name}", finished=self._on_preloaded)

    def close(self) -> None:
        super().close()
        self._drop_next()

    def _drop_next(self) -> None:
        self._next_opening = next(OPENINGS)  # a preload still opening is closed on arrival
        self._next, self._next_path, self._held = None, None, False
        _close_servers(self._spare)

    def _on_preloaded(self, opened: Opened) -> None:
        if opened.opening != self._next_opening:
            opened.close()
            return
        if opened.a is None:  # it cannot be played: stop at the end of this one
            self._next, self._next_path = None, None
            self.error.emit(opened.error)
            return
        opened.a.request(0, 1)  # its first group of pictures decodes now
        self._next = opened
        self._spare[:] = [opened.a]
        self.preloaded.emit(self._next_path)

    def _at_end(self, sign: int) -> None:
        if sign < 0 or self._next_path is None:
            super()._at_end(sign)
            return
        elapsed = self._clock.nsecsElapsed() / 1e9
        if elapsed * self.fps * abs(self.speed) < self.frame_count - self._anchor:
            return  # the last frame's own interval is not over yet
        if self._next is not None and not self._held:
            self._advance(self._next)
        # else: hold the last frame; the tick comes back until the preload has opened and
        # nothing holds it any more

    def _advance(self, opened: Opened) -> None:
        assert opened.a is not None
        old_count, old_fps = self.frame_count, self.fps
        self._next, self._next_path = None, None
        self._spare.clear()
        done = list(self._servers)  # closed once the new frame 0 is out, not before it
        self._a, self._b, self.b_offset = opened.a, None, 0
        self._servers[:] = [opened.a]
        self._generation = opened.opening
        self.frame_count, self.fps = opened.a.frame_count, opened.a.fps or 24.0
        self.start_timecode = opened.a.start_timecode
        self.index, self._pending, self._last_shown, self._counted = 0, None, -1, -1
        if self.fps == old_fps:
            self._anchor -= old_count  # the clock runs on: no restart, no slow motion
        else:
            self._anchor = 0
            self._clock.start()
        self.advanced.emit()
        self._request(0, 1)
        self._tick()  # frame 0 now if it is due and decoded
        _close_servers(done)
