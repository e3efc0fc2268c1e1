"""The timeline: shot frames (1001-based) with ticks, the playhead, QC and note marks.

Each frame owns an equal cell of the track; clicking or dragging asks for the frame under the
mouse (`frame_requested`, shot frames), the playhead sits in the middle of the shown frame's
cell. Tick labels are spaced by a 1-2-5 step chosen so they never overlap at any width.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from qtpy import QtCore, QtGui, QtWidgets

from axiom_publisher.core.qc import QCStatus
from axiom_publisher.ui.style import ACCENT, LINK, QC_COLOURS

MARGIN = 10  # logical pixels left and right of the track
_BACKGROUND = QtGui.QColor("#1d1d1d")
_TRACK = QtGui.QColor("#262626")
_TICK = QtGui.QColor("#5a5a5a")
_TICK_TEXT = QtGui.QColor("#8f8f8f")
_CACHED = QtGui.QColor("#3d6f8f")
_STEPS = (1, 2, 5)


def tick_step(count: int, width: float, label_width: float) -> int:
    """The smallest 1-2-5 step (in frames) whose labels are at least `label_width` apart."""
    if count <= 0 or width <= 0:
        return 1
    per_frame = width / count
    magnitude = 1
    while True:
        for step in _STEPS:
            if step * magnitude * per_frame >= label_width:
                return step * magnitude
        magnitude *= 10


def runs(numbers: Iterable[int]) -> list[tuple[int, int]]:
    """Sorted numbers as inclusive runs: [1, 2, 3, 7, 8] -> [(1, 3), (7, 8)]."""
    found: list[tuple[int, int]] = []
    for number in sorted(set(numbers)):
        if found and number == found[-1][1] + 1:
            found[-1] = (found[-1][0], number)
        else:
            found.append((number, number))
    return found


class Timeline(QtWidgets.QWidget):
    """A frame ruler over shot frames `first..last`; click or drag to scrub."""

    frame_requested = QtCore.Signal(int)  # a shot frame

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timeline")
        self.setFocusPolicy(QtCore.Qt.FocusPolicy.StrongFocus)
        self.setMinimumHeight(46)
        self.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Fixed
        )
        self._first = 1
        self._last = 1
        self._frame: int | None = None
        self._markers: tuple[tuple[int, QCStatus], ...] = ()
        self._notes: tuple[int, ...] = ()
        self._cached: tuple[tuple[int, int], ...] = ()
        self._scrubbing = False
        self._requested: int | None = None

    # ---- state ----------------------------------------------------------------------------

    @property
    def first(self) -> int:
        return self._first

    @property
    def last(self) -> int:
        return self._last

    @property
    def frame(self) -> int | None:
        return self._frame

    @property
    def markers(self) -> tuple[tuple[int, QCStatus], ...]:
        return self._markers

    @property
    def note_frames(self) -> tuple[int, ...]:
        return self._notes

    @property
    def cached_ranges(self) -> tuple[tuple[int, int], ...]:
        return self._cached

    def set_range(self, first: int, last: int) -> None:
        self._first, self._last = first, max(first, last)
        self.update()

    def set_frame(self, frame: int | None) -> None:
        if frame != self._frame:
            self._frame = frame
            self.update()

    def set_markers(self, markers: Iterable[tuple[int, QCStatus]]) -> None:
        """QC-flagged frames and their status (the worst status of a frame is drawn)."""
        worst: dict[int, QCStatus] = {}
        for frame, status in markers:
            if frame not in worst or status.rank > worst[frame].rank:
                worst[frame] = status
        self._markers = tuple(sorted(worst.items()))
        self.update()

    def set_note_frames(self, frames: Iterable[int]) -> None:
        self._notes = tuple(sorted(set(frames)))
        self.update()

    def set_cached_ranges(self, ranges: Sequence[tuple[int, int]]) -> None:
        """Shot frame ranges (inclusive) the player holds decoded, drawn as a thin strip."""
        if tuple(ranges) != self._cached:
            self._cached = tuple(ranges)
            self.update()

    # ---- geometry -------------------------------------------------------------------------

    @property
    def count(self) -> int:
        return self._last - self._first + 1

    def _track_width(self) -> float:
        return max(1.0, self.width() - 2 * MARGIN)

    def frame_x(self, frame: int) -> float:
        """The x of the middle of `frame`'s cell."""
        return MARGIN + (frame - self._first + 0.5) * self._track_width() / self.count

    def frame_at(self, x: float) -> int:
        """The frame whose cell holds `x` (clamped to the range)."""
        index = int((x - MARGIN) * self.count // self._track_width())
        return self._first + max(0, min(self.count - 1, index))

    # ---- Qt events ------------------------------------------------------------------------

    def sizeHint(self) -> QtCore.QSize:  # noqa: N802 - Qt API
        return QtCore.QSize(480, 46)

    def mousePressEvent(self, event: QtGui.QMouseEvent) -> None:  # noqa: N802 - Qt API
        if event.button() == QtCore.Qt.MouseButton.LeftButton:
            self._scrubbing = True
            self._request(event.position().x(), always=True)
        else:
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QtGui.QMouseEvent) -> None:  # noqa: N802 - Qt API
        if self._scrubbing:
            self._request(event.position().x())

    def mouseReleaseEvent(self, event: QtGui.QMouseEvent) -> None:  # noqa: N802 - Qt API
        self._scrubbing = False

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:  # noqa: N802 - Qt API
        key = QtCore.Qt.Key
        current = self._frame if self._frame is not None else self._first
        targets = {
            key.Key_Left: current - 1,
            key.Key_Right: current + 1,
            key.Key_Home: self._first,
            key.Key_End: self._last,
        }
        target = targets.get(QtCore.Qt.Key(event.key()))
        if target is None:
            super().keyPressEvent(event)
            return
        self.frame_requested.emit(max(self._first, min(self._last, target)))

    def _request(self, x: float, *, always: bool = False) -> None:
        """Ask for the frame under `x` (during a drag only when it is another frame)."""
        frame = self.frame_at(x)
        if always or frame != self._requested:
            self._requested = frame
            self.frame_requested.emit(frame)

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QtGui.QPainter(self)
        painter.fillRect(self.rect(), _BACKGROUND)
        height = self.height()
        track = QtCore.QRectF(MARGIN, 18, self._track_width(), height - 24)
        painter.fillRect(track, _TRACK)
        if not self.isEnabled():  # nothing to play: an empty track, no ruler of frame 1
            return
        cell = self._track_width() / self.count
        self._paint_cached(painter, track, cell)
        self._paint_ticks(painter, track)
        for frame, status in self._markers:
            if self._first <= frame <= self._last:
                left = MARGIN + (frame - self._first) * cell
                rect = QtCore.QRectF(left, track.bottom() - 6, max(cell, 2.0), 6)
                painter.fillRect(rect, QtGui.QColor(QC_COLOURS[status]))
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        painter.setPen(QtCore.Qt.PenStyle.NoPen)
        painter.setBrush(QtGui.QColor(LINK))
        for frame in self._notes:
            if self._first <= frame <= self._last:
                x = self.frame_x(frame)
                top = track.top() + 1
                painter.drawPolygon(
                    QtGui.QPolygonF(
                        [
                            QtCore.QPointF(x - 4, top),
                            QtCore.QPointF(x + 4, top),
                            QtCore.QPointF(x, top + 6),
                        ]
                    )
                )
        self._paint_playhead(painter, track)
        if self.hasFocus():
            painter.setPen(QtGui.QColor("#4fa3e0"))
            painter.setBrush(QtCore.Qt.BrushStyle.NoBrush)
            painter.drawRect(QtCore.QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5))

    def _paint_cached(self, painter: QtGui.QPainter, track: QtCore.QRectF, cell: float) -> None:
        for start, end in self._cached:
            start, end = max(start, self._first), min(end, self._last)
            if start <= end:
                left = MARGIN + (start - self._first) * cell
                painter.fillRect(
                    QtCore.QRectF(left, track.bottom() - 2, (end - start + 1) * cell, 2), _CACHED
                )

    def _paint_ticks(self, painter: QtGui.QPainter, track: QtCore.QRectF) -> None:
        font = QtGui.QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() - 2))
        painter.setFont(font)
        metrics = QtGui.QFontMetricsF(font)
        label_width = metrics.horizontalAdvance(str(max(abs(self._first), abs(self._last)))) + 14
        step = tick_step(self.count, self._track_width(), label_width)
        minor = step // 5 if step % 5 == 0 else step // 2 if step % 2 == 0 else 0
        cell = self._track_width() / self.count
        first_tick = -(-self._first // step) * step
        if minor and minor * cell >= 4:
            painter.setPen(_TICK)
            start = -(-self._first // minor) * minor
            for frame in range(start, self._last + 1, minor):
                x = self.frame_x(frame)
                painter.drawLine(QtCore.QPointF(x, track.top()), QtCore.QPointF(x, track.top() + 4))
        for frame in range(first_tick, self._last + 1, step):
            x = self.frame_x(frame)
            painter.setPen(_TICK)
            painter.drawLine(QtCore.QPointF(x, track.top() - 3), QtCore.QPointF(x, track.top() + 8))
            painter.setPen(_TICK_TEXT)
            text_rect = QtCore.QRectF(x - label_width / 2, 1, label_width, track.top() - 4)
            painter.drawText(text_rect, int(QtCore.Qt.AlignmentFlag.AlignCenter), str(frame))

    def _paint_playhead(self, painter: QtGui.QPainter, track: QtCore.QRectF) -> None:
        if self._frame is None or not self._first <= self._frame <= self._last:
            return
        x = self.frame_x(self._frame)
        colour = QtGui.QColor(ACCENT)
        painter.setPen(QtGui.QPen(colour, 2))
        painter.drawLine(QtCore.QPointF(x, track.top()), QtCore.QPointF(x, track.bottom()))
        painter.setPen(QtCore.Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        head = QtGui.QPolygonF(
            [
                QtCore.QPointF(x - 5, track.top() - 4),
                QtCore.QPointF(x + 5, track.top() - 4),
                QtCore.QPointF(x, track.top() + 2),
            ]
        )
        painter.drawPolygon(head)
