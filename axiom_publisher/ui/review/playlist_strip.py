"""The timeline of a whole playlist: one block per version, as long as its frames.

Above the player's own timeline (which keeps the current version's shot frames and the
transport its timecode) while a playlist plays: each block names its version, the current
one is lit, the playhead sits at the place in the whole list. A click asks for a version and
its frame (`requested(position, index)`, the index 0-based in that version's proxy).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from qtpy import QtCore, QtGui, QtWidgets

from axiom_publisher.ui.style import ACCENT

_BACKGROUND = QtGui.QColor("#1d1d1d")
_BLOCK = QtGui.QColor("#333a40")
_CURRENT = QtGui.QColor("#2f6b99")
_TEXT = QtGui.QColor("#cfcfcf")
MARGIN = 10


@dataclass(frozen=True)
class Segment:
    label: str  # e.g. "sh010 comp v002"
    frames: int


class PlaylistStrip(QtWidgets.QWidget):
    """Blocks of the playlist's versions; the playhead at (position, index)."""

    requested = QtCore.Signal(int, int)  # position in the list, 0-based frame index

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("playlistStrip")
        self.setMinimumHeight(26)
        self.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Fixed
        )
        self.segments: tuple[Segment, ...] = ()
        self.position = 0
        self.index = 0

    def set_segments(self, segments: Sequence[Segment]) -> None:
        self.segments = tuple(segments)
        self.position = self.index = 0
        self.update()

    def set_playhead(self, position: int, index: int) -> None:
        self.position, self.index = position, max(index, 0)
        self.update()

    def total(self) -> int:
        return sum(max(segment.frames, 1) for segment in self.segments)

    def global_frame(self) -> int:
        """The playhead as a frame count from the start of the whole list."""
        before = sum(max(s.frames, 1) for s in self.segments[: self.position])
        return before + self.index

    def sizeHint(self) -> QtCore.QSize:  # noqa: N802 - Qt API
        return QtCore.QSize(400, 26)

    def _cell(self) -> float:
        return max(self.width() - 2 * MARGIN, 1) / max(self.total(), 1)

    def place_at(self, x: float) -> tuple[int, int]:
        """(position, index) under x."""
        frame = int((x - MARGIN) / self._cell())
        for position, segment in enumerate(self.segments):
            length = max(segment.frames, 1)
            if frame < length or position == len(self.segments) - 1:
                return position, min(max(frame, 0), length - 1)
            frame -= length
        return 0, 0

    def mousePressEvent(self, event: QtGui.QMouseEvent) -> None:  # noqa: N802 - Qt API
        if self.segments and event.button() == QtCore.Qt.MouseButton.LeftButton:
            self.requested.emit(*self.place_at(event.position().x()))

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QtGui.QPainter(self)
        painter.fillRect(self.rect(), _BACKGROUND)
        cell, left = self._cell(), float(MARGIN)
        painter.setFont(self.font())
        for position, segment in enumerate(self.segments):
            width = max(segment.frames, 1) * cell
            block = QtCore.QRectF(left, 3, width - 2, self.height() - 6)
            painter.fillRect(block, _CURRENT if position == self.position else _BLOCK)
            painter.setPen(_TEXT)
            text = painter.fontMetrics().elidedText(
                f"{position + 1}. {segment.label}",
                QtCore.Qt.TextElideMode.ElideRight,
                int(max(block.width() - 6, 0)),
            )
            painter.drawText(
                block.adjusted(4, 0, -2, 0),
                int(QtCore.Qt.AlignmentFlag.AlignVCenter | QtCore.Qt.AlignmentFlag.AlignLeft),
                text,
            )
            left += width
        if self.segments:
            x = MARGIN + (self.global_frame() + 0.5) * cell
            painter.setPen(QtGui.QPen(QtGui.QColor(ACCENT), 2))
            painter.drawLine(QtCore.QPointF(x, 1), QtCore.QPointF(x, self.height() - 1))
