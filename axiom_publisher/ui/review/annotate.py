"""Drawing on the review frame: the strokes of the frame shown and how they are painted.

`AnnotationEditor` keeps the strokes of the open version by shot frame (the reviewer's own,
editable with undo / redo, and the other reviewers' read-only), takes the canvas' pointer
input in normalised picture coordinates (core.annotation) and tells when a frame of the
reviewer's changed (`frame_edited`) so the tab can save it. `paint_strokes` draws strokes
into any rectangle: the canvas on screen at any zoom, and the picture of an exported PNG.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from qtpy import QtCore, QtGui

from axiom_publisher.core.annotation import Point, Stroke, Tool

GHOST_FRAMES = 2  # how many frames either side ghosting reaches
ERASE_RADIUS = 0.02  # of the picture height: how near a click must be to erase a stroke
WIDTHS = (0.0025, 0.005, 0.01, 0.02)  # thin .. thick, fractions of the picture height
COLOURS = ("#ff3030", "#ffd020", "#30e060", "#30a0ff", "#ffffff", "#000000")


def _at(rect: QtCore.QRectF, point: Point) -> QtCore.QPointF:
    return QtCore.QPointF(
        rect.left() + point[0] * rect.width(), rect.top() + point[1] * rect.height()
    )


def paint_strokes(painter: QtGui.QPainter, strokes: Sequence[Stroke], rect: QtCore.QRectF) -> None:
    """Draw `strokes` onto the picture drawn in `rect` (any size: widget or image pixels)."""
    if rect.isEmpty():
        return
    painter.save()
    painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
    painter.setBrush(QtCore.Qt.BrushStyle.NoBrush)
    for stroke in strokes:
        _paint(painter, stroke, rect)
    painter.restore()


def _pen(stroke: Stroke, rect: QtCore.QRectF, pressure: float = 1.0) -> QtGui.QPen:
    pen = QtGui.QPen(QtGui.QColor(stroke.colour), max(1.0, stroke.width * rect.height() * pressure))
    pen.setCapStyle(QtCore.Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(QtCore.Qt.PenJoinStyle.RoundJoin)
    return pen


def _paint(painter: QtGui.QPainter, stroke: Stroke, rect: QtCore.QRectF) -> None:
    points = [_at(rect, p) for p in stroke.points]
    first, last = points[0], points[-1]
    painter.setPen(_pen(stroke, rect))
    if stroke.tool is Tool.PEN:
        if len(points) == 1:
            painter.drawPoint(first)
        elif stroke.pressures:  # a tablet line: each segment as wide as its pressure
            for i in range(1, len(points)):
                painter.setPen(_pen(stroke, rect, stroke.pressures[i]))
                painter.drawLine(points[i - 1], points[i])
        else:
            painter.drawPolyline(QtGui.QPolygonF(points))
    elif stroke.tool in (Tool.LINE, Tool.ARROW):
        painter.drawLine(first, last)
        if stroke.tool is Tool.ARROW:
            angle = math.atan2(last.y() - first.y(), last.x() - first.x())
            size = max(8.0, 5 * stroke.width * rect.height())
            for side in (-1, 1):
                tip = angle + math.pi + side * math.radians(28)
                painter.drawLine(
                    last, last + QtCore.QPointF(size * math.cos(tip), size * math.sin(tip))
                )
    elif stroke.tool is Tool.RECTANGLE:
        painter.drawRect(QtCore.QRectF(first, last).normalized())
    elif stroke.tool is Tool.ELLIPSE:
        painter.drawEllipse(QtCore.QRectF(first, last).normalized())
    elif stroke.tool is Tool.TEXT and stroke.text:
        font = QtGui.QFont()
        font.setPixelSize(max(6, round(stroke.width * 6 * rect.height())))
        painter.setFont(font)
        painter.drawText(first, stroke.text)


def distance_to(stroke: Stroke, point: Point, aspect: float) -> float:
    """How far `point` is from the stroke's points or shape outline, in picture heights
    (`aspect` = width / height of the picture)."""

    def seg(a: Point, b: Point) -> float:
        ax, ay, bx, by = a[0] * aspect, a[1], b[0] * aspect, b[1]
        px, py = point[0] * aspect, point[1]
        dx, dy = bx - ax, by - ay
        length = dx * dx + dy * dy
        t = 0.0 if length == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
        return math.hypot(px - ax - t * dx, py - ay - t * dy)

    pts = list(stroke.points)
    if stroke.tool in (Tool.RECTANGLE, Tool.ELLIPSE):
        (x0, y0), (x1, y1) = pts[0], pts[-1]
        pts = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]
    if len(pts) == 1:
        return seg(pts[0], pts[0])
    return min(seg(pts[i - 1], pts[i]) for i in range(1, len(pts)))


class AnnotationEditor(QtCore.QObject):
    """The strokes of the open version by frame, the tool in hand and the stroke being drawn."""

    changed = QtCore.Signal()  # what the frame shows changed: repaint
    frame_edited = QtCore.Signal(int, object)  # shot frame, the reviewer's strokes (list)
    tool_changed = QtCore.Signal(object)  # Tool, "erase" or None

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.tool: Tool | str | None = None  # None: the mouse pans and wipes as usual
        self.colour = COLOURS[0]
        self.width = WIDTHS[1]
        self.text = ""
        self.ghost = False  # also show the strokes of nearby frames, faded
        self.frame = 0
        self.aspect = 16 / 9
        self.own: dict[int, list[Stroke]] = {}
        self.others: dict[int, list[Stroke]] = {}
        self._undo: list[tuple[int, list[Stroke]]] = []
        self._redo: list[tuple[int, list[Stroke]]] = []
        self._live: list[Point] = []
        self._pressures: list[float] = []

    # ---- state ----------------------------------------------------------------------------

    @property
    def drawing(self) -> bool:
        return self.tool is not None

    def load(self, own: dict[int, list[Stroke]], others: dict[int, list[Stroke]]) -> None:
        """A version opened: its strokes (the reviewer's and everyone else's) by frame."""
        self.own = {frame: list(strokes) for frame, strokes in own.items()}
        self.others = {frame: list(strokes) for frame, strokes in others.items()}
        self._undo.clear()
        self._redo.clear()
        self._live.clear()
        self.changed.emit()

    def set_tool(self, tool: Tool | str | None) -> None:
        self.tool = tool
        self._live.clear()
        self.tool_changed.emit(tool)

    def set_frame(self, frame: int) -> None:
        if frame != self.frame:
            self.frame = frame
            self._live.clear()
            self.changed.emit()

    def frames(self) -> list[int]:
        """The frames that have strokes (anyone's)."""
        return sorted(
            {f for f, s in self.own.items() if s} | {f for f, s in self.others.items() if s}
        )

    def shown(self) -> list[Stroke]:
        """What the current frame shows: the others' strokes, the reviewer's, the live one."""
        strokes = self.others.get(self.frame, []) + self.own.get(self.frame, [])
        live = self._live_stroke()
        return strokes + [live] if live is not None else strokes

    def ghosts(self) -> list[tuple[Stroke, float]]:
        """With ghosting on, the strokes of the frames up to GHOST_FRAMES either side, with
        an opacity that fades with the distance; empty otherwise."""
        if not self.ghost:
            return []
        found: list[tuple[Stroke, float]] = []
        for distance in range(GHOST_FRAMES, 0, -1):
            opacity = 0.45 * (GHOST_FRAMES + 1 - distance) / GHOST_FRAMES
            for frame in (self.frame - distance, self.frame + distance):
                strokes = self.others.get(frame, []) + self.own.get(frame, [])
                found += [(stroke, opacity) for stroke in strokes]
        return found

    def set_ghost(self, on: bool) -> None:
        self.ghost = on
        self.changed.emit()

    # ---- editing --------------------------------------------------------------------------

    def _commit(self, strokes: list[Stroke]) -> None:
        self._undo.append((self.frame, list(self.own.get(self.frame, []))))
        self._redo.clear()
        self._set(self.frame, strokes)

    def _set(self, frame: int, strokes: list[Stroke]) -> None:
        self.own[frame] = strokes
        self.changed.emit()
        self.frame_edited.emit(frame, list(strokes))

    def undo(self) -> None:
        if self._undo:
            frame, before = self._undo.pop()
            self._redo.append((frame, list(self.own.get(frame, []))))
            self._set(frame, before)

    def redo(self) -> None:
        if self._redo:
            frame, after = self._redo.pop()
            self._undo.append((frame, list(self.own.get(frame, []))))
            self._set(frame, after)

    def clear_frame(self) -> None:
        """Remove the reviewer's strokes from the current frame (undoable)."""
        if self.own.get(self.frame):
            self._commit([])

    def erase_at(self, point: Point) -> bool:
        """Remove the reviewer's newest stroke near `point` on this frame."""
        strokes = self.own.get(self.frame, [])
        for index in range(len(strokes) - 1, -1, -1):
            if distance_to(strokes[index], point, self.aspect) <= ERASE_RADIUS:
                self._commit(strokes[:index] + strokes[index + 1 :])
                return True
        return False

    # ---- pointer input (normalised picture coordinates) -----------------------------------

    def press(self, point: Point, pressure: float | None) -> None:
        if self.tool == "erase":
            self.erase_at(point)
            return
        if self.tool == Tool.TEXT and not self.text.strip():
            return
        self._live = [point]
        self._pressures = [pressure] if pressure is not None else []
        self.changed.emit()

    def move(self, point: Point, pressure: float | None) -> None:
        if not self._live:
            return
        if self.tool is Tool.PEN:
            if point == self._live[-1]:
                return
            self._live.append(point)
            if pressure is not None and len(self._pressures) == len(self._live) - 1:
                self._pressures.append(pressure)
        else:
            self._live[1:] = [point]
        self.changed.emit()

    def release(self, point: Point, pressure: float | None) -> None:
        if not self._live:
            return
        self.move(point, pressure)
        stroke = self._live_stroke()
        self._live.clear()
        if stroke is not None:
            self._commit(self.own.get(self.frame, []) + [stroke])

    def _live_stroke(self) -> Stroke | None:
        if not self._live or not isinstance(self.tool, Tool):
            return None
        pressures = tuple(self._pressures) if len(self._pressures) == len(self._live) else ()
        text = self.text if self.tool is Tool.TEXT else ""
        return Stroke(self.tool, tuple(self._live), self.colour, self.width, text, pressures)
