"""The notes panel: the notes of every version of the product, newest version first.

Rows are `NoteRow`s (a ReviewNote with its timecode, worked out in the worker that loaded
them); clicking a note that has a frame asks the player to go there (`frame_requested`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from qtpy import QtCore, QtGui

from axiom_publisher.core.qc import QCStatus
from axiom_publisher.core.review import Decision, ReviewNote
from axiom_publisher.ui.browser.models import AnyIndex, shown_time
from axiom_publisher.ui.style import ACCENT, DIM_TEXT, QC_COLOURS
from axiom_publisher.ui.table_model import HeaderedTableModel

Role = QtCore.Qt.ItemDataRole
DECISION_ROLE = Role.UserRole + 11  # the decision's value of a note row, or None
FRAME_ROLE = Role.UserRole + 12  # the shot frame of a note row, or None
ROW_ROLE = Role.UserRole + 13  # the NoteRow itself (for the card delegate)
CURRENT_ROLE = Role.UserRole + 14  # whether the note is on the version being reviewed
DECISION_COLOURS: dict[Decision, str] = {
    Decision.APPROVED: QC_COLOURS[QCStatus.PASS],
    Decision.NEEDS_CHANGES: QC_COLOURS[QCStatus.WARN],
    Decision.REJECTED: QC_COLOURS[QCStatus.FAIL],
}


@dataclass(frozen=True, slots=True)
class NoteRow:
    """A note as the panel shows it: with the SMPTE timecode of its frame, if it has one."""

    note: ReviewNote
    timecode: str | None = None


class NotesModel(HeaderedTableModel):
    """Notes newest version first, then by frame; the version being reviewed stands out."""

    HEADERS = ("Version", "Frame", "Timecode", "Decision", "Author", "Note")
    VERSION, FRAME, TIMECODE, DECISION, AUTHOR, TEXT = range(6)

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[NoteRow] = []
        self._current: int | None = None

    def set_notes(self, rows: Iterable[NoteRow], current_version: int | None = None) -> None:
        self.beginResetModel()
        self._rows = sorted(
            rows,
            key=lambda row: (
                -row.note.version_number,
                row.note.frame if row.note.frame is not None else -1,
                row.note.created_at,
                row.note.id,
            ),
        )
        self._current = current_version
        self.endResetModel()

    @property
    def rows(self) -> list[NoteRow]:
        return list(self._rows)

    def note(self, row: int) -> ReviewNote | None:
        return self._rows[row].note if 0 <= row < len(self._rows) else None

    def row_count(self) -> int:
        return len(self._rows)

    def data(self, index: AnyIndex, role: int = Role.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        note, column = row.note, index.column()
        if role == Role.DisplayRole:
            return self._text(row, column)
        if role == Role.ToolTipRole:
            when = shown_time(note.created_at)
            return f"{note.version_label} \u00b7 {note.author} \u00b7 {when}\n{note.text}"
        if role == Role.ForegroundRole:
            if column == self.DECISION and note.decision is not None:
                return QtGui.QColor(DECISION_COLOURS[note.decision])
            if column == self.VERSION and note.version_id == self._current:
                return QtGui.QColor(ACCENT)
            if note.version_id != self._current:
                return QtGui.QColor(DIM_TEXT)
            return None
        if role == Role.FontRole and column == self.VERSION and note.version_id == self._current:
            font = QtGui.QFont()
            font.setBold(True)
            return font
        if role == Role.TextAlignmentRole and column in (self.VERSION, self.FRAME):
            return QtCore.Qt.AlignmentFlag.AlignCenter
        if role == ROW_ROLE:
            return row
        if role == CURRENT_ROLE:
            return note.version_id == self._current
        if role == DECISION_ROLE:
            return note.decision.value if note.decision is not None else None
        if role == FRAME_ROLE:
            return note.frame
        return None

    def _text(self, row: NoteRow, column: int) -> str:
        note = row.note
        if column == self.VERSION:
            return note.version_label
        if column == self.FRAME:
            return str(note.frame) if note.frame is not None else ""
        if column == self.TIMECODE:
            return row.timecode or ""
        if column == self.DECISION:
            return note.decision.label if note.decision is not None else ""
        if column == self.AUTHOR:
            return note.author
        return note.text
