"""The viewer canvas: CanvasView (canvas_view.py) with the mouse, the pen and the wheel.

The mouse wheel zooms about the cursor, a double click toggles fit / 100%, and dragging pans
when the picture is larger than the widget. In wipe mode the left button drags the wipe
line; the middle button always pans. With a drawing tool in hand (the AnnotationEditor's)
the left button or a tablet pen draws on A instead.
"""

from __future__ import annotations

from qtpy import QtCore, QtGui, QtWidgets

from axiom_publisher.ui.review.canvas_paint import TABLET_STAGES
from axiom_publisher.ui.review.canvas_view import ZOOM_STEP, CanvasView
from axiom_publisher.ui.review.compare import CompareMode


class ViewerCanvas(CanvasView):
    """Shows frames A and B in a compare mode; `render_image()` gives the shown picture."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._drag: tuple[QtCore.Qt.MouseButton, QtCore.QPointF, QtCore.QPointF] | None = None

    # ---- Qt events ------------------------------------------------------------------------

    def mousePressEvent(self, event: QtGui.QMouseEvent) -> None:  # noqa: N802 - Qt API
        self.setFocus(QtCore.Qt.FocusReason.MouseFocusReason)
        button = event.button()
        if self._draw(event, "press"):
            return
        if button not in (QtCore.Qt.MouseButton.LeftButton, QtCore.Qt.MouseButton.MiddleButton):
            return super().mousePressEvent(event)
        self._drag = (button, event.position(), QtCore.QPointF(self._pan))
        if self._wiping(button):
            self._move_wipe(event.position().x())

    def mouseMoveEvent(self, event: QtGui.QMouseEvent) -> None:  # noqa: N802 - Qt API
        if self._draw(event, "move"):
            return
        if self._drag is None:
            near = self._mode is CompareMode.WIPE and abs(event.position().x() - self._wipe_x()) < 6
            cursor = (
                QtCore.Qt.CursorShape.SplitHCursor if near else QtCore.Qt.CursorShape.ArrowCursor
            )
            self.setCursor(cursor)
            return
        button, start, pan = self._drag
        if self._wiping(button):
            self._move_wipe(event.position().x())
        elif self._zoom is not None:
            self._pan = self._clamped(pan + (event.position() - start))
            self.update()

    def mouseReleaseEvent(self, event: QtGui.QMouseEvent) -> None:  # noqa: N802 - Qt API
        self._draw(event, "release")
        self._drag = None

    def _draw(
        self, event: QtGui.QSinglePointEvent, stage: str, pressure: float | None = None
    ) -> bool:
        """Hand a left-button (or pen tip) event to the drawing tool in hand; False when not
        drawing."""
        editor = self.annotations
        if editor is None or not editor.drawing or self._drag is not None:
            return False
        left = QtCore.Qt.MouseButton.LeftButton
        held = bool(event.buttons() & left) if stage == "move" else event.button() == left
        point = self.to_picture(event.position()) if held else None
        if point is None:
            return False
        getattr(editor, stage)(point, pressure)
        return True

    def tabletEvent(self, event: QtGui.QTabletEvent) -> None:  # noqa: N802 - Qt API
        """A pen on a tablet draws with its pressure; unaccepted, Qt sends mouse events."""
        stage = TABLET_STAGES.get(event.type())
        if stage is not None and self._draw(event, stage, event.pressure()):
            event.accept()
        else:
            event.ignore()

    def mouseDoubleClickEvent(self, event: QtGui.QMouseEvent) -> None:  # noqa: N802 - Qt API
        if self.annotations is not None and self.annotations.drawing:
            return  # a quick second click of a drawing tool is drawing, not zooming
        if self._zoom is None:
            self.actual_size()
        else:
            self.fit()

    def wheelEvent(self, event: QtGui.QWheelEvent) -> None:  # noqa: N802 - Qt API
        steps = event.angleDelta().y() / 120
        if self._picture is None or not steps:
            return
        current = self._scale() * self.devicePixelRatioF()
        self._set_zoom(current * ZOOM_STEP**steps, anchor=event.position())

    def _wiping(self, button: QtCore.Qt.MouseButton) -> bool:
        return (
            button == QtCore.Qt.MouseButton.LeftButton
            and self._mode is CompareMode.WIPE
            and self._b is not None
        )

    def _move_wipe(self, x: float) -> None:
        rect = self.image_rect()
        if rect.width() > 0:
            self.set_wipe((x - rect.left()) / rect.width())
