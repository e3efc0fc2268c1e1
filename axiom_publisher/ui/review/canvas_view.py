"""What the viewer canvas shows: the A/B frames in a compare mode, fitted or zoomed, the
wipe line, the A/B labels and the reviewer's strokes on A.

The picture of a mode is composed in image pixels (compare.compose) and drawn with one view
transform: `fit()` fits it to the widget, `actual_size()` shows one image pixel per device
pixel (high-DPI aware). canvas.ViewerCanvas adds the mouse, pen and wheel.
"""

from __future__ import annotations

from qtpy import QtCore, QtGui, QtWidgets

from axiom_publisher.ui.review.annotate import AnnotationEditor, paint_strokes
from axiom_publisher.ui.review.canvas_paint import draw_label
from axiom_publisher.ui.review.compare import CompareMode, compose, side_by_side_gap

BACKGROUND = QtGui.QColor("#161616")
WIPE_LINE = QtGui.QColor("#f0a030")
ZOOM_STEP = 1.25  # one wheel notch
_ZOOM_LIMITS = (0.05, 32.0)


class CanvasView(QtWidgets.QWidget):
    """Shows frames A and B in a compare mode; `render_image()` gives the shown picture."""

    mode_changed = QtCore.Signal(object)  # CompareMode
    zoom_changed = QtCore.Signal(object)  # float device pixels per image pixel, None = fit
    wipe_changed = QtCore.Signal(float)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("viewerCanvas")
        self.setFocusPolicy(QtCore.Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(160, 90)
        self.setMouseTracking(True)
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._a: QtGui.QImage | None = None
        self._b: QtGui.QImage | None = None
        self._picture: QtGui.QImage | None = None
        self._mode = CompareMode.A
        self._wipe = 0.5
        self._zoom: float | None = None  # device pixels per image pixel; None = fit
        self._pan = QtCore.QPointF(0.0, 0.0)  # picture centre offset, logical pixels
        self._labels = ("A", "B")
        self._message = ""
        self.annotations: AnnotationEditor | None = None  # strokes on A; its tool draws

    # ---- state ----------------------------------------------------------------------------

    @property
    def mode(self) -> CompareMode:
        return self._mode

    @property
    def wipe_position(self) -> float:
        return self._wipe

    @property
    def zoom(self) -> float | None:
        """Device pixels per image pixel, or None when the picture is fitted."""
        return self._zoom

    def set_frames(self, a: QtGui.QImage | None, b: QtGui.QImage | None) -> None:
        self._a = a if a is not None and not a.isNull() else None
        self._b = b if b is not None and not b.isNull() else None
        self._recompose()

    def set_mode(self, mode: CompareMode) -> None:
        if mode is self._mode:
            return
        self._mode = mode
        self._recompose()
        self.mode_changed.emit(mode)

    def toggle_ab(self) -> None:
        """A <-> B (only in A or B mode)."""
        if self._mode is CompareMode.A:
            self.set_mode(CompareMode.B)
        elif self._mode is CompareMode.B:
            self.set_mode(CompareMode.A)

    def set_wipe(self, position: float) -> None:
        position = max(0.0, min(1.0, position))
        if position != self._wipe:
            self._wipe = position
            if self._mode is CompareMode.WIPE:
                self._recompose()
            self.wipe_changed.emit(position)

    def set_labels(self, a: str, b: str) -> None:
        """What A and B are, e.g. "v003" and "v002" (shown as "A v003" / "B v002")."""
        self._labels = (f"A  {a}".strip(), f"B  {b}".strip())
        self.update()

    def set_message(self, text: str) -> None:
        """The sentence shown when there is no frame (e.g. a version without a proxy)."""
        self._message = text
        self.update()

    def fit(self) -> None:
        self._zoom = None
        self._pan = QtCore.QPointF(0.0, 0.0)
        self.update()
        self.zoom_changed.emit(None)

    def actual_size(self) -> None:
        """100%: one image pixel on one device pixel."""
        self._set_zoom(1.0, anchor=None)

    def overlay_text(self) -> str:
        if self._a is None:
            return ""
        a_label, b_label = self._labels
        if self._mode.needs_b and self._b is None:
            return f"{a_label}  ·  no version to compare"
        texts = {
            CompareMode.A: a_label,
            CompareMode.B: b_label,
            CompareMode.WIPE: f"{a_label}  ◂ wipe ▸  {b_label}",
            CompareMode.SIDE_BY_SIDE: f"{a_label}  |  {b_label}",
            CompareMode.DIFFERENCE: f"|A − B|   {a_label[1:].strip()} − {b_label[1:].strip()}",
        }
        return texts[self._mode]

    def picture(self) -> QtGui.QImage | None:
        """The composed picture of the mode in image pixels (None without a frame)."""
        return self._picture

    def render_image(self, *, overlay: bool = True) -> QtGui.QImage:
        """What the canvas shows at image resolution (the mode's composed picture), with the
        overlay label burned in unless `overlay` is False; a null image without a frame."""
        if self._picture is None:
            return QtGui.QImage()
        image = self._picture.convertToFormat(QtGui.QImage.Format.Format_RGB32)
        painter = QtGui.QPainter(image)
        if overlay:
            scale = max(1.0, image.height() / 540)
            for text, origin in self._overlay_items(QtCore.QRectF(image.rect())):
                draw_label(painter, self.font(), text, origin, scale=scale)
        # The reviewer's strokes go over the burned-in labels, never under them.
        self._paint_annotations(painter, QtCore.QRectF(image.rect()))
        painter.end()
        return image

    def image_rect(self) -> QtCore.QRectF:
        """Where the picture is drawn, in logical widget coordinates."""
        if self._picture is None:
            return QtCore.QRectF()
        scale = self._scale()
        size = QtCore.QSizeF(self._picture.width() * scale, self._picture.height() * scale)
        centre = QtCore.QPointF(self.width() / 2, self.height() / 2) + self._pan
        rect = QtCore.QRectF(QtCore.QPointF(0, 0), size)
        rect.moveCenter(centre)
        if self._zoom is not None:  # whole device pixels, so 100% is exact
            ratio = self.devicePixelRatioF()
            rect.moveTopLeft(
                QtCore.QPointF(round(rect.x() * ratio) / ratio, round(rect.y() * ratio) / ratio)
            )
        return rect

    def a_rect(self, rect: QtCore.QRectF) -> QtCore.QRectF:
        """Where A's picture is inside the composed picture drawn in `rect` (annotations
        are on A); empty when B alone is shown."""
        if self._a is None or self._picture is None or self._mode is CompareMode.B:
            return QtCore.QRectF()
        if self._mode is CompareMode.SIDE_BY_SIDE and self._b is not None:
            share = self._a.width() / self._picture.width()
            return QtCore.QRectF(rect.left(), rect.top(), rect.width() * share, rect.height())
        return QtCore.QRectF(rect)

    def to_picture(self, position: QtCore.QPointF) -> tuple[float, float] | None:
        """A widget position in A's normalised picture coordinates (None without A)."""
        rect = self.a_rect(self.image_rect())
        if rect.isEmpty():
            return None
        return (
            (position.x() - rect.left()) / rect.width(),
            (position.y() - rect.top()) / rect.height(),
        )

    def _paint_annotations(
        self, painter: QtGui.QPainter, rect: QtCore.QRectF, *, ghosts: bool = False
    ) -> None:
        """The frame's strokes on A (and, on screen, the nearby frames' ghosted)."""
        if self.annotations is not None and self._a is not None:
            self.annotations.aspect = self._a.width() / max(1, self._a.height())
            a_rect = self.a_rect(rect)
            for stroke, opacity in self.annotations.ghosts() if ghosts else []:
                painter.setOpacity(opacity)
                paint_strokes(painter, [stroke], a_rect)
            painter.setOpacity(1.0)
            paint_strokes(painter, self.annotations.shown(), a_rect)

    # ---- internals ------------------------------------------------------------------------

    def _recompose(self) -> None:
        if self._a is None:
            self._picture = None
        else:
            self._picture = compose(
                self._a, self._b, self._mode, wipe_position=self._wipe, background=BACKGROUND
            )
        self.update()

    def _scale(self) -> float:
        """Logical pixels per image pixel."""
        if self._zoom is not None:
            return self._zoom / self.devicePixelRatioF()
        if self._picture is None or self._picture.isNull():
            return 1.0
        return min(self.width() / self._picture.width(), self.height() / self._picture.height())

    def _set_zoom(self, zoom: float, anchor: QtCore.QPointF | None) -> None:
        zoom = max(_ZOOM_LIMITS[0], min(_ZOOM_LIMITS[1], zoom))
        old = self._scale()
        self._zoom = zoom
        if anchor is None:
            self._pan = QtCore.QPointF(0.0, 0.0)
        else:  # keep the image point under the cursor where it is
            centre = QtCore.QPointF(self.width() / 2, self.height() / 2)
            moved = anchor - centre - (anchor - centre - self._pan) * (self._scale() / old)
            self._pan = self._clamped(moved)
        self.update()
        self.zoom_changed.emit(zoom)

    def _clamped(self, pan: QtCore.QPointF) -> QtCore.QPointF:
        """`pan` limited so that at least a corner of the picture stays in view."""
        if self._picture is None:
            return QtCore.QPointF(0.0, 0.0)
        scale, keep = self._scale(), 48.0
        limit_x = max(0.0, (self._picture.width() * scale + self.width()) / 2 - keep)
        limit_y = max(0.0, (self._picture.height() * scale + self.height()) / 2 - keep)
        return QtCore.QPointF(
            max(-limit_x, min(limit_x, pan.x())), max(-limit_y, min(limit_y, pan.y()))
        )

    def _overlay_items(self, rect: QtCore.QRectF) -> list[tuple[str, QtCore.QPointF]]:
        """The overlay labels and where they go, for the picture drawn in `rect`: side by
        side labels each half, the other modes have one label at the top-left corner."""
        side_by_side = self._mode is CompareMode.SIDE_BY_SIDE
        if not side_by_side or self._a is None or self._b is None or self._picture is None:
            return [(self.overlay_text(), QtCore.QPointF(0.0, 0.0))]
        split = (self._a.width() + side_by_side_gap(self._a)) * rect.width() / self._picture.width()
        top = max(rect.top(), 0.0)
        return [
            (self._labels[0], QtCore.QPointF(max(rect.left(), 0.0), top)),
            (self._labels[1], QtCore.QPointF(max(rect.left() + split, 0.0), top)),
        ]

    def _wipe_x(self) -> float:
        rect = self.image_rect()
        return rect.left() + self._wipe * rect.width()

    # ---- Qt events ------------------------------------------------------------------------

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QtGui.QPainter(self)
        painter.fillRect(self.rect(), BACKGROUND)
        if self._picture is None:
            painter.setPen(QtGui.QColor("#7a7a7a"))
            text = self._message or "No frame"
            painter.drawText(self.rect(), int(QtCore.Qt.AlignmentFlag.AlignCenter), text)
            return
        rect = self.image_rect()
        exact = self._zoom is not None and abs(self._zoom - 1.0) < 1e-9
        painter.setRenderHint(QtGui.QPainter.RenderHint.SmoothPixmapTransform, not exact)
        painter.drawImage(rect, self._picture)
        self._paint_annotations(painter, rect, ghosts=True)
        if self._mode is CompareMode.WIPE and self._b is not None:
            x = self._wipe_x()
            painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
            painter.setPen(QtGui.QPen(WIPE_LINE, 1.5))
            painter.drawLine(QtCore.QPointF(x, rect.top()), QtCore.QPointF(x, rect.bottom()))
            painter.setBrush(QtGui.QColor("#161616"))
            painter.drawEllipse(QtCore.QPointF(x, rect.center().y()), 6.0, 6.0)
        for text, origin in self._overlay_items(rect):
            draw_label(painter, self.font(), text, origin)
