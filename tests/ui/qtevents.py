"""Input events built the same way for PySide6 and PySide2 (tests/run-compat).

Qt 5's QTest.mouseMove on a widget only moves the cursor (QCursor::setPos), which delivers
nothing on the offscreen platform, and it forgets the buttons held since mousePress; Qt 6's
sends a real move event. `mouse_move` sends that event itself on either binding."""

from __future__ import annotations

from qtpy import QtCore, QtGui, QtWidgets

NO_BUTTON = QtCore.Qt.MouseButton.NoButton


def mouse_move(
    widget: QtWidgets.QWidget,
    pos: QtCore.QPoint,
    buttons: QtCore.Qt.MouseButton = NO_BUTTON,
) -> None:
    """Deliver a mouse move to `pos` (widget coordinates) with `buttons` held."""
    local = QtCore.QPointF(pos)
    event = QtGui.QMouseEvent(
        QtCore.QEvent.Type.MouseMove,
        local,
        QtCore.QPointF(widget.mapToGlobal(pos)),
        NO_BUTTON,
        buttons,
        QtCore.Qt.KeyboardModifier.NoModifier,
    )
    QtWidgets.QApplication.sendEvent(widget, event)
