"""Playing a playlist through in the Review tab, version after version, without stopping.

The first version opens as any other (the tab's open job, then the player loads it). While a
version plays, the next one's proxy is preloaded (PlaylistPlayback.preload) and its review
state (notes, decision: the tab's open job) read in a worker; the player holds the last
frame until both are ready (PlaylistPlayback.hold), so at the end of media it goes straight
on and the tab adopts the next selection before that version's frame 0 is shown: the
decision bar, the notes and the annotations follow the version on screen, and a decision
taken from then on lands on it. `version_changed` comes once the tab shows the new version.
The strip above the player's timeline shows the whole list; the player's own timeline and
the transport keep each version's frames and timecode. Opening any other version (queue,
browser) ends the session.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from qtpy import QtCore, QtWidgets

from axiom_publisher.core.types import VersionRecord
from axiom_publisher.ui.review import loaders
from axiom_publisher.ui.review.playlist_jobs import Opened
from axiom_publisher.ui.review.playlist_playback import PlaylistPlayback
from axiom_publisher.ui.review.playlist_strip import PlaylistStrip, Segment
from axiom_publisher.ui.review.shot_frames import first_frame

if TYPE_CHECKING:
    from axiom_publisher.ui.review.tab import ReviewTab


def segment(record: VersionRecord) -> Segment:
    frames = record.frame_range.count if record.frame_range is not None else 1
    return Segment(f"{record.entity} {record.product} {record.label}", frames)


class PlaylistSession(QtCore.QObject):
    """Plays `records` in order through the tab's player; `position` is the one on screen."""

    version_changed = QtCore.Signal(int)  # the position now playing (the tab shows it)
    ended = QtCore.Signal()  # the last version played to its end

    def __init__(self, tab: ReviewTab) -> None:
        super().__init__(tab)
        self.tab = tab
        controller = tab.player.controller
        assert isinstance(controller, PlaylistPlayback)
        self.controller = controller
        self.strip = PlaylistStrip()
        self.strip.hide()
        stage = tab.player.stage.layout()
        assert isinstance(stage, QtWidgets.QBoxLayout)
        stage.insertWidget(stage.indexOf(tab.player.timeline), self.strip)
        self.records: tuple[VersionRecord, ...] = ()
        self.position = -1
        self.active = False
        self._opening: tuple[int, int, bool] | None = None  # version id, index, play
        self._selections: dict[int, loaders.Selection] = {}
        self._adopt_on_load: int | None = None
        controller.advanced.connect(self._advanced)
        controller.finished.connect(self._finished)
        tab.player.frame_changed.connect(self._on_frame)
        tab.version_opened.connect(self._on_opened)
        self.strip.requested.connect(lambda position, index: self.jump(position, index))

    def current(self) -> VersionRecord | None:
        return self.records[self.position] if self.active else None

    def start(self, opened: Opened, position: int = 0) -> None:
        """Play the playlist from `position`, on to its end."""
        self.records = opened.records
        self._selections.clear()
        self.active = True
        self.strip.set_segments([segment(record) for record in self.records])
        self.strip.show()
        self.jump(position, 0, play=True)

    def stop(self) -> None:
        """Leave the playlist (the version on screen stays open)."""
        self.active = False
        self._opening = None
        self.strip.hide()
        self.controller.preload(None)

    def jump(self, position: int, index: int = 0, *, play: bool | None = None) -> None:
        """Open the version at `position` of the list at frame `index` (0-based)."""
        playing = self.controller.playing if play is None else play
        self.position = position
        self.strip.set_playhead(position, index)
        record = self.records[position]
        shown = self.tab.selection
        if shown is not None and shown.record.id == record.id:  # open already: no reload
            self._go(index, playing)
            return
        self._opening = (record.id, index, playing)
        self.tab.open_version(record)

    # ---- following the player -------------------------------------------------------------

    def _on_opened(self, selection: loaders.Selection) -> None:
        if not self.active:
            return
        if self._opening is not None and self._opening[0] == selection.record.id:
            _, index, playing = self._opening
            self._opening = None
            self._go(index, playing)
        elif selection.record.id != self.records[self.position].id:
            self.stop()  # another version was opened from the queue or the browser

    def _go(self, index: int, playing: bool) -> None:
        self.controller.seek(index)
        if playing:
            self.controller.play(1.0)
        self._preload_next()

    def _preload_next(self) -> None:
        following = self.position + 1
        if following >= len(self.records):
            self.controller.preload(None)
            return
        record = self.records[following]
        self.controller.preload(record.proxy)
        if record.id not in self._selections:
            self.controller.hold(True)  # not on to it before the tab can show its state
            job = loaders.open_job(self.tab.settings, record)
            self.tab.pool.submit(
                job,
                f"read {record.label}",
                finished=self._selection_read,
                failed=partial(self._selection_failed, record.id),
            )

    def _next_id(self) -> int | None:
        following = self.position + 1
        return self.records[following].id if self.active and following < len(self.records) else None

    def _selection_read(self, selection: loaders.Selection) -> None:
        self._selections[selection.record.id] = selection
        if self._next_id() == selection.record.id:
            self.controller.hold(False)
        if self.active and self._adopt_on_load == selection.record.id:
            self._adopt_on_load = None
            self._show_in_tab(selection)

    def _selection_failed(self, wanted: int, _error: object) -> None:
        """The next version's review state could not be read: stop at the end of this one;
        going on opens it as any other version (and says why it cannot)."""
        if self._next_id() == wanted:
            self.controller.preload(None)

    def _advanced(self) -> None:
        """The player went on to the next proxy by itself: the tab follows before its frame
        0 is shown (the player held the last frame until the next review state was read)."""
        if not self.active or self.position + 1 >= len(self.records):
            return
        self.position += 1
        record = self.records[self.position]
        self.tab.player.follow(record)
        self.strip.set_playhead(self.position, 0)
        selection = self._selections.pop(record.id, None)
        if selection is not None:
            self._show_in_tab(selection)
        else:  # not expected (held until read): nothing is decided on the previous one
            self._adopt_on_load = record.id
            self.tab.header.show_loading(record)
            self.tab.decision.set_version(False)
        self._preload_next()

    def _show_in_tab(self, selection: loaders.Selection) -> None:
        self.tab.adopt(selection)
        self.version_changed.emit(self.position)

    def _finished(self) -> None:
        """Stopped at an end without a preload: go on if there is more, else the list ended."""
        if not self.active:
            return
        if self.position + 1 < len(self.records):
            self.jump(self.position + 1, 0, play=True)
        else:
            self.ended.emit()

    def _on_frame(self, shot_frame: int) -> None:
        record = self.current()
        if record is not None:
            self.strip.set_playhead(self.position, shot_frame - first_frame(record))
