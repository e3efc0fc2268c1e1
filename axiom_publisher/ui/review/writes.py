"""What the Review tab writes: notes and decisions in the database, the notes CSV and the
annotated frame as files. Each write runs in a WorkerPool job; its answer updates the tab
(a note just written shows at once; after a decision the queue's next version opens).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from qtpy import QtCore, QtGui

from axiom_publisher.core.review import Decision, ReviewNote
from axiom_publisher.ui.review import loaders
from axiom_publisher.ui.review.export import annotated_frame, frame_caption
from axiom_publisher.ui.review.sources import QUEUE

if TYPE_CHECKING:
    from axiom_publisher.ui.review.tab import ReviewTab

NOTE_NEEDED = "{decision} needs a note for the artist: type it, then decide again"


class ReviewWrites(QtCore.QObject):
    """Writes for `tab`: asked by its decision bar and notes page, answered in the tab."""

    def __init__(self, tab: ReviewTab) -> None:
        super().__init__(tab)
        self.tab = tab
        tab.notes.export_csv_requested.connect(self.export_notes)
        tab.notes.export_frame_requested.connect(self.export_frame)
        tab.exports.exported.connect(self._on_exported)
        tab.exports.failed.connect(self._on_export_failed)
        tab.decision.decision_requested.connect(self.decide)
        tab.decision.note_requested.connect(self.add_note)
        tab.decision.note_needed.connect(
            lambda decision: tab.message.emit(NOTE_NEEDED.format(decision=decision.label))
        )

    # ---- notes and decisions ------------------------------------------------------------------

    def add_note(self, text: str, frame: int | None) -> None:
        tab = self.tab
        if tab.selection is None:
            return
        tab.decision.set_busy(True)
        tab.run(
            loaders.note_job(tab.settings, tab.selection.record.id, text, frame),
            "add note",
            self._on_note,
            self._on_write_failed,
        )

    def decide(self, decision: Decision, text: str, frame: int | None) -> None:
        tab = self.tab
        if tab.selection is None:
            return
        tab.decision.set_busy(True)
        record = tab.selection.record
        tab.message.emit(f"Writing {decision.label.lower()} for {record.entity} {record.label}")
        tab.run(
            loaders.decide_job(tab.settings, record.id, decision, text, frame, tab.queue_filter()),
            "decide",
            self._on_decided,
            self._on_write_failed,
        )

    def _on_write_failed(self, error: object) -> None:
        self.tab.decision.set_busy(False)
        self.tab.show_error("Not saved: ", error)

    def _add_written(self, note: ReviewNote) -> bool:
        """Show a note just written; False when another version is open by now."""
        tab = self.tab
        tab.banner.hide()  # what the user just did worked: an older error is stale
        tab.decision.set_busy(False)
        tab.decision.clear_text()
        if tab.selection is None or note.version_id != tab.selection.record.id:
            return False
        tab.show_selection(tab.selection.with_note(note))
        return True

    def _on_note(self, note: ReviewNote) -> None:
        if self._add_written(note):
            where = f" at frame {note.frame}" if note.frame is not None else ""
            self.tab.message.emit(f"Note added to {note.version_label}{where}")
        self.tab.note_added.emit(note)

    def _on_decided(self, result: loaders.Decided) -> None:
        tab = self.tab
        note = result.note
        if self._add_written(note) and tab.selection is not None and note.decision is not None:
            record = tab.selection.record
            tab.message.emit(
                f"{record.entity} {record.product} {record.label}: {note.decision.label}"
            )
        # Playing a playlist, the next version is the playlist's, not the queue's.
        following = None if tab.playlist_session.active else result.next
        tab.next_after_queue = following
        tab.decided.emit(result)
        if following is not None:
            tab.sources.set_mode(QUEUE, open_current=False)  # the next one opens from there
        tab.refresh_queue()

    # ---- files --------------------------------------------------------------------------------

    def export_notes(self) -> None:
        """Ask where, then write the version's notes (frames, timecodes) to CSV."""
        if self.tab.selection is not None:
            self.tab.exports.notes_csv(self.tab.selection.record)

    def export_frame(self) -> None:
        """Ask where, then save the shown picture with its caption strip as PNG."""
        tab = self.tab
        if tab.selection is not None:
            image = self.annotated_frame() if tab.player.canvas.picture() is not None else None
            tab.exports.frame_png(tab.selection.record, tab.player.current_frame(), image)

    def annotated_frame(self) -> QtGui.QImage:
        """The picture shown with its caption (version, frame, timecode, note) burned in."""
        tab = self.tab
        assert tab.selection is not None
        caption = frame_caption(
            tab.selection,
            tab.player.current_frame(),
            tab.player.canvas.mode,
            tab.decision.text.toPlainText().strip(),
        )
        return annotated_frame(tab.player.canvas.render_image(), caption)

    def _on_exported(self, path: Path) -> None:
        self.tab.banner.hide()
        self.tab.message.emit(f"Wrote {path}")
        self.tab.exported.emit(path)

    def _on_export_failed(self, reason: str) -> None:
        self.tab.show_error("Could not export: ", reason)
