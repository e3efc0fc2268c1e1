"""The notes panel beside the player: each note a card (version, frame, timecode, decision,
author, time, text); clicking a note with a frame asks the player to go there."""

from __future__ import annotations

from collections.abc import Iterable

from qtpy import QtCore, QtGui, QtWidgets

from axiom_publisher.core.review import Decision
from axiom_publisher.ui.browser.models import AnyIndex, shown_time
from axiom_publisher.ui.review.notes import (
    CURRENT_ROLE,
    DECISION_COLOURS,
    ROW_ROLE,
    NoteRow,
    NotesModel,
)
from axiom_publisher.ui.style import ACCENT, DIM_TEXT, TEXT

PAD = 8
TEXT_LINES = 4  # a longer note is elided (its tooltip holds all of it)
WRAP = int(QtCore.Qt.TextFlag.TextWordWrap) | int(QtCore.Qt.AlignmentFlag.AlignLeft)


def badge_rect(font: QtGui.QFont, decision: Decision) -> tuple[QtGui.QFont, QtCore.QRect, str]:
    text = decision.label.upper()
    small = QtGui.QFont(font)
    small.setBold(True)
    small.setPointSizeF(max(7.0, font.pointSizeF() - 1.5))
    metrics = QtGui.QFontMetrics(small)
    return (
        small,
        QtCore.QRect(0, 0, metrics.horizontalAdvance(text) + 14, metrics.height() + 4),
        text,
    )


def paint_badge(
    painter: QtGui.QPainter, rect: QtCore.QRect, font: QtGui.QFont, text: str, colour: str
) -> None:
    painter.save()
    painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
    painter.setPen(QtCore.Qt.PenStyle.NoPen)
    painter.setBrush(QtGui.QColor(colour))
    painter.drawRoundedRect(QtCore.QRectF(rect), rect.height() / 2, rect.height() / 2)
    painter.setFont(font)
    painter.setPen(QtGui.QColor("#161616"))
    painter.drawText(rect, int(QtCore.Qt.AlignmentFlag.AlignCenter), text)
    painter.restore()


class NoteCardDelegate(QtWidgets.QStyledItemDelegate):
    """Paints a NoteRow as a card: a heading line, author and time, then the text."""

    def _body(self, option: QtWidgets.QStyleOptionViewItem, row: NoteRow, width: int) -> int:
        metrics = QtGui.QFontMetrics(option.font)
        bound = QtCore.QRect(0, 0, max(width, 40), metrics.lineSpacing() * TEXT_LINES)
        return min(metrics.boundingRect(bound, WRAP, row.note.text).height(), bound.height())

    def sizeHint(  # noqa: N802 - Qt API
        self, option: QtWidgets.QStyleOptionViewItem, index: AnyIndex
    ) -> QtCore.QSize:
        row = index.data(ROW_ROLE)
        view = option.widget
        width = view.viewport().width() if isinstance(view, QtWidgets.QAbstractItemView) else 300
        if not isinstance(row, NoteRow):
            return super().sizeHint(option, index)
        line = QtGui.QFontMetrics(option.font).lineSpacing()
        body = self._body(option, row, width - 3 * PAD) if row.note.text else 0
        return QtCore.QSize(width, PAD * 2 + line * 2 + 4 + body)

    def paint(
        self, painter: QtGui.QPainter, option: QtWidgets.QStyleOptionViewItem, index: AnyIndex
    ) -> None:
        row = index.data(ROW_ROLE)
        if not isinstance(row, NoteRow):
            super().paint(painter, option, index)
            return
        note, current = row.note, bool(index.data(CURRENT_ROLE))
        selected = bool(option.state & QtWidgets.QStyle.StateFlag.State_Selected)
        rect = option.rect.adjusted(2, 2, -2, -2)
        painter.save()
        painter.fillRect(rect, QtGui.QColor("#2f4a61" if selected else "#2a2a2a"))
        stripe = (
            DECISION_COLOURS[note.decision] if note.decision else (ACCENT if current else "#4a4a4a")
        )
        painter.fillRect(
            QtCore.QRect(rect.left(), rect.top(), 3, rect.height()), QtGui.QColor(stripe)
        )
        line = QtGui.QFontMetrics(option.font).lineSpacing()
        left, top = rect.left() + PAD + 3, rect.top() + PAD
        width = rect.width() - 2 * PAD - 3

        bold = QtGui.QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(QtGui.QColor(ACCENT if current else TEXT))
        heading = QtCore.QRect(left, top, width, line)
        painter.drawText(heading, int(QtCore.Qt.AlignmentFlag.AlignLeft), note.version_label)
        where = "whole version" if note.frame is None else f"frame {note.frame}"
        if row.timecode:
            where += f"  \u00b7  {row.timecode}"
        offset = QtGui.QFontMetrics(bold).horizontalAdvance(note.version_label + "  ")
        painter.setFont(option.font)
        painter.setPen(QtGui.QColor(TEXT))
        painter.drawText(
            heading.adjusted(offset, 0, 0, 0), int(QtCore.Qt.AlignmentFlag.AlignLeft), where
        )
        if note.decision is not None:
            font, badge, text = badge_rect(option.font, note.decision)
            badge.moveTopRight(QtCore.QPoint(heading.right(), heading.top() + line))
            paint_badge(painter, badge, font, text, DECISION_COLOURS[note.decision])

        painter.setPen(QtGui.QColor(DIM_TEXT))
        byline = QtCore.QRect(left, top + line, width, line)
        painter.drawText(
            byline,
            int(QtCore.Qt.AlignmentFlag.AlignLeft),
            f"{note.author}  \u00b7  {shown_time(note.created_at)}",
        )
        if note.text:
            painter.setPen(QtGui.QColor(TEXT))
            body = QtCore.QRect(left, top + 2 * line + 4, width, self._body(option, row, width))
            painter.drawText(body, WRAP, note.text)
        painter.restore()


class NotesPanel(QtWidgets.QFrame):
    """Heading, export buttons and the notes as cards; a click on a note asks for its frame."""

    frame_requested = QtCore.Signal(int)  # a shot frame
    export_csv_requested = QtCore.Signal()
    export_frame_requested = QtCore.Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "panel")
        self.model = NotesModel(self)
        self.title = QtWidgets.QLabel("Notes")
        self.title.setProperty("role", "section")
        self.counts = QtWidgets.QLabel()
        self.counts.setProperty("role", "hint")
        self.csv_button = QtWidgets.QToolButton()
        self.csv_button.setText("CSV\u2026")
        self.csv_button.setToolTip("Export this version's notes (frames and timecodes) to CSV")
        self.png_button = QtWidgets.QToolButton()
        self.png_button.setText("PNG\u2026")
        self.png_button.setToolTip("Save the picture shown, with a caption strip, as a PNG file")
        heading = QtWidgets.QHBoxLayout()
        heading.addWidget(self.title)
        heading.addWidget(self.counts, 1)
        heading.addWidget(self.csv_button)
        heading.addWidget(self.png_button)

        self.view = QtWidgets.QListView()
        self.view.setModel(self.model)
        self.view.setModelColumn(NotesModel.TEXT)
        self.view.setItemDelegate(NoteCardDelegate(self.view))
        self.view.setResizeMode(QtWidgets.QListView.ResizeMode.Adjust)
        self.view.setVerticalScrollMode(QtWidgets.QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setStyleSheet("QListView { background: #232323; }")
        self.empty = QtWidgets.QLabel("No notes on this product yet")
        self.empty.setProperty("role", "hint")
        self.empty.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(heading)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty, 1)  # in the list's place while there is none
        self.view.clicked.connect(self._on_clicked)
        self.csv_button.clicked.connect(self.export_csv_requested)
        self.png_button.clicked.connect(self.export_frame_requested)
        self.set_notes([], None)

    def set_notes(self, rows: Iterable[NoteRow], current_version: int | None) -> None:
        self.model.set_notes(rows, current_version)
        count = self.model.rowCount()
        mine = sum(1 for row in self.model.rows if row.note.version_id == current_version)
        self.counts.setText(f"{mine} here \u00b7 {count} in all" if count else "")
        self.empty.setVisible(count == 0)
        self.view.setVisible(count > 0)
        self.empty.setText(
            "No notes on this product yet" if current_version is not None else "No version open"
        )
        for button in (self.csv_button, self.png_button):
            button.setEnabled(current_version is not None)

    def index_of_row(self, row: int) -> QtCore.QModelIndex:
        return self.model.index(row, NotesModel.TEXT)

    def _on_clicked(self, index: QtCore.QModelIndex) -> None:
        note = self.model.note(index.row())
        if note is not None and note.frame is not None:
            self.frame_requested.emit(note.frame)
