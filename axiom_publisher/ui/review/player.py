"""The review player: canvas, timeline and transport over a PlaybackController.

Frames are numbered in shot frames (1001-based, from the version's frame range) everywhere a
person sees them; the controller counts 0-based indices into A's proxy. B is aligned by shot
frame (`b_offset = a_first - b_first`). The shortcuts work while the focus is anywhere in the
player (also in fullscreen, where the canvas, timeline and transport leave the tab and fill
the screen until F or Esc).
"""

from __future__ import annotations

from collections.abc import Sequence

from qtpy import QtCore, QtGui, QtWidgets

from axiom_publisher.core.types import VersionRecord
from axiom_publisher.ui.review.annotate import AnnotationEditor
from axiom_publisher.ui.review.annotate_bar import AnnotationBar
from axiom_publisher.ui.review.canvas import ViewerCanvas
from axiom_publisher.ui.review.compare import CompareMode
from axiom_publisher.ui.review.playback import PlaybackController
from axiom_publisher.ui.review.player_keys import extend_keys, key_actions, shortcut
from axiom_publisher.ui.review.player_stage import AWAY_TEXT, Stage
from axiom_publisher.ui.review.shot_frames import (
    NO_TIMECODE,
    first_frame,
    qc_markers,
    shot_timecode,
)
from axiom_publisher.ui.review.timeline import Timeline, runs
from axiom_publisher.ui.review.transport import TransportBar

_CACHE_POLL_MS = 250  # how often the timeline's cached strip follows the frame cache


class ReviewPlayer(QtWidgets.QWidget):
    """Plays a version's proxy (A) against another version (B) in a compare mode."""

    frame_changed = QtCore.Signal(int)  # the shot frame now shown
    message = QtCore.Signal(str)  # problems for the status bar (playback errors)
    fullscreen_changed = QtCore.Signal(bool)

    def __init__(
        self,
        parent: QtWidgets.QWidget | None = None,
        *,
        controller: PlaybackController | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reviewPlayer")
        self.controller = controller if controller is not None else PlaybackController(self)
        self._first = 1
        self._fps: float | None = None
        self._timecode: str | None = None
        self._shown: int | None = None
        self._loaded = False
        self._failed_text: str | None = None

        self.stage = Stage()
        self.canvas = ViewerCanvas()
        self.timeline = Timeline()
        self.transport = TransportBar()
        self.annotations = AnnotationEditor(self)
        self.canvas.annotations = self.annotations
        self.annotation_bar = AnnotationBar(self.annotations)
        self.stage.hold(self.annotation_bar, self.canvas, self.timeline, self.transport)
        self._away = QtWidgets.QLabel(AWAY_TEXT)
        self._away.setProperty("role", "hint")
        self._away.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self._away.hide()
        self._layout = QtWidgets.QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self.stage)
        self._layout.addWidget(self._away)
        self.setFocusProxy(self.canvas)

        self._cache_poll = QtCore.QTimer(self)
        self._cache_poll.setInterval(_CACHE_POLL_MS)
        self._cache_poll.timeout.connect(self._show_cached)
        self._connect()
        self._bind_shortcuts()
        self.clear()

    # ---- public API -----------------------------------------------------------------------

    def load(self, a: VersionRecord, b: VersionRecord | None = None) -> None:
        """Play `a`'s proxy, compared with `b`'s (aligned by shot frame) when given."""
        self.controller.close()
        self._cache_poll.stop()
        self.timeline.set_cached_ranges([])
        self._first = first_frame(a)
        self._fps = a.media.fps if a.media is not None and a.media.fps else None
        self._timecode = a.media.timecode if a.media is not None else None
        self._shown = None
        self._failed_text = None
        self.timeline.set_frame(None)
        b_text = "" if b is None else b.label if b.proxy is not None else f"{b.label} (no proxy)"
        self.canvas.set_labels(a.label, b_text)
        self.canvas.set_frames(None, None)
        last = a.frame_range.last if a.frame_range is not None else self._first
        self._set_range(self._first, last)
        self.timeline.set_markers(qc_markers(a))
        self.transport.set_stats(None, 0)
        if a.proxy is None:
            self._loaded = False
            self.canvas.set_message(f"{a.product} {a.label} has no review proxy")
            self.transport.set_frame(self._first, NO_TIMECODE)
            self.transport.set_controls_enabled(False)
            self.timeline.setEnabled(False)
            return
        self._loaded = True
        self.timeline.setEnabled(True)
        self.canvas.set_message(f"Loading {a.product} {a.label}…")
        self.transport.set_controls_enabled(True)
        b_proxy = b.proxy if b is not None else None
        b_offset = self._first - first_frame(b) if b is not None else 0
        self.controller.open(a.proxy, b_proxy, b_offset)
        self._sync_range()
        self._cache_poll.start()

    def follow(self, a: VersionRecord) -> None:
        """Show `a` as the version now playing: the controller went on to its proxy by
        itself (a playlist played through), so only the labels, frames and timecode change."""
        self._first = first_frame(a)
        self._fps = a.media.fps if a.media is not None and a.media.fps else None
        self._timecode = a.media.timecode if a.media is not None else None
        self._shown, self._failed_text, self._loaded = None, None, True
        self.canvas.set_labels(a.label, "")
        last = a.frame_range.last if a.frame_range is not None else self._first
        self._set_range(self._first, last)
        self.timeline.set_markers(qc_markers(a))
        self._sync_range()

    def clear(self) -> None:
        self._cache_poll.stop()
        self.timeline.set_cached_ranges([])
        self.controller.close()
        self._loaded = False
        self._shown = None
        self.canvas.set_frames(None, None)
        self.canvas.set_labels("", "")
        self.canvas.set_message("No version loaded")
        self.timeline.set_markers([])
        self.timeline.set_note_frames([])
        self.timeline.set_frame(None)
        self._set_range(1, 1)
        self.transport.set_frame(1, NO_TIMECODE)
        self.transport.set_stats(None, 0)
        self.transport.set_playing(False)
        self.transport.set_controls_enabled(False)
        self.timeline.setEnabled(False)

    @property
    def settled(self) -> bool:
        """Nothing is on its way: a frame is shown, or the canvas says why none is (no
        version, no proxy, an error); False while a version is still loading."""
        return not self._loaded or self._shown is not None or self._failed_text is not None

    def current_frame(self) -> int:
        """The shot frame shown (the first frame before any is shown)."""
        return self._shown if self._shown is not None else self._first

    def seek_frame(self, shot_frame: int) -> None:
        if self._loaded:
            self.controller.seek(self._clamp(shot_frame) - self._first)

    def set_note_frames(self, frames: Sequence[int]) -> None:
        self.timeline.set_note_frames(frames)

    def set_mode(self, mode: CompareMode) -> None:
        self.canvas.set_mode(mode)

    def timecode(self, shot_frame: int) -> str:
        """The SMPTE timecode of a shot frame of the loaded version."""
        return shot_timecode(shot_frame, self._fps, self._first, self._timecode)

    @property
    def is_fullscreen(self) -> bool:
        return self.stage.isWindow()

    def set_fullscreen(self, on: bool) -> None:
        if on == self.is_fullscreen:
            return
        if on:
            self.stage.leave(self._layout, self._away)
        else:
            self.stage.come_back(self, self._layout, self._away)
        self.shortcuts["Esc"].setEnabled(on)  # Esc is free for others outside fullscreen
        self.canvas.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)
        self.fullscreen_changed.emit(on)

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:  # noqa: N802 - Qt API
        self.set_fullscreen(False)
        self.controller.close()
        super().closeEvent(event)

    # ---- wiring ---------------------------------------------------------------------------

    def _connect(self) -> None:
        controller, transport = self.controller, self.transport
        controller.frame_shown.connect(self._show)
        controller.opened.connect(self._opened)
        controller.playing_changed.connect(transport.set_playing)
        controller.fps_measured.connect(lambda fps: transport.set_stats(fps, controller.dropped))
        controller.error.connect(self._failed)
        transport.first_requested.connect(lambda: self.seek_frame(self.timeline.first))
        transport.last_requested.connect(lambda: self.seek_frame(self.timeline.last))
        transport.step_requested.connect(self.step)
        transport.play_toggled.connect(self.toggle)
        transport.frame_entered.connect(self.seek_frame)
        transport.mode_requested.connect(self.set_mode)
        transport.fit_requested.connect(self.canvas.fit)
        transport.actual_size_requested.connect(self.canvas.actual_size)
        transport.fullscreen_requested.connect(lambda: self.set_fullscreen(not self.is_fullscreen))
        self.canvas.mode_changed.connect(transport.set_mode)
        self.canvas.zoom_changed.connect(transport.set_zoom)
        self.timeline.frame_requested.connect(self._scrub)
        self.stage.closed.connect(lambda: self.set_fullscreen(False))
        self.annotations.changed.connect(self.canvas.update)
        self.frame_changed.connect(self.annotations.set_frame)

    def _bind_shortcuts(self) -> None:
        self.key_actions = key_actions(self)  # by key (player_keys.py)
        self.shortcuts: dict[str, QtWidgets.QShortcut] = {}
        for key, action in self.key_actions.items():
            self.shortcuts[key] = shortcut(key, self.stage, action)
        self.shortcuts["Esc"].setEnabled(False)
        self.annotation_keys = self.annotation_bar.bind_keys(self.stage)

    def extend_keys_to(self, scope: QtWidgets.QWidget) -> dict[str, QtWidgets.QShortcut]:
        """The player's keys (but Esc) in `scope` too (player_keys.extend_keys)."""
        return extend_keys(self, scope)

    def _show(self, index: int, a: QtGui.QImage, b: QtGui.QImage | None) -> None:
        shot = self._first + index
        self._shown = shot
        self._sync_range()
        self.canvas.set_frames(a, b)
        self.timeline.set_frame(shot)
        self.transport.set_frame(shot, self.timecode(shot))
        self.frame_changed.emit(shot)

    def _opened(self) -> None:
        """The proxy is open: its frame count, and its rate and timecode where the database
        has none."""
        self._fps = self._fps or self.controller.fps or None
        self._timecode = self._timecode or self.controller.start_timecode
        self._sync_range()
        self.transport.set_frame(self.current_frame(), self.timecode(self.current_frame()))

    def _show_cached(self) -> None:
        server = self.controller.server_a
        cached = [] if server is None else runs(server.cached_indices())
        first = self._first
        self.timeline.set_cached_ranges([(first + start, first + end) for start, end in cached])

    def _failed(self, text: str) -> None:
        self._failed_text = text
        self.canvas.set_message(text)
        self.message.emit(text)

    def toggle(self) -> None:
        if self._loaded:
            self.controller.toggle()

    def jkl(self, key: str) -> None:
        if self._loaded:
            self.controller.jkl(key)

    def step(self, delta: int) -> None:
        if self._loaded:
            self.controller.step(delta)

    def _scrub(self, shot_frame: int) -> None:
        if self._loaded and self.controller.playing:
            self.controller.pause()
        self.seek_frame(shot_frame)

    # ---- range ----------------------------------------------------------------------------

    def _sync_range(self) -> None:
        """The proxy's frame count decides the last frame once the controller knows it."""
        count = self.controller.frame_count
        if count > 0 and self._first + count - 1 != self.timeline.last:
            self._set_range(self._first, self._first + count - 1)

    def _set_range(self, first: int, last: int) -> None:
        self.timeline.set_range(first, last)
        self.transport.set_range(first, last)

    def _clamp(self, shot_frame: int) -> int:
        return max(self.timeline.first, min(self.timeline.last, shot_frame))
