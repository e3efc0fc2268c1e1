"""The review player's stage: the annotation bar, canvas, timeline and transport, the part
that goes fullscreen in a window of its own and comes back to its place in the player (a
hint stands there meanwhile). Closing that window brings it back instead of closing it."""

from __future__ import annotations

from qtpy import QtCore, QtGui, QtWidgets

AWAY_TEXT = "Playing fullscreen — press Esc to come back"


class Stage(QtWidgets.QWidget):
    """Canvas + timeline + transport: the part that goes fullscreen."""

    closed = QtCore.Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("playerStage")
        self.setWindowTitle("AXIOM review")

    def hold(
        self,
        bar: QtWidgets.QWidget,
        canvas: QtWidgets.QWidget,
        timeline: QtWidgets.QWidget,
        transport: QtWidgets.QWidget,
    ) -> None:
        """Lay out the parts, top to bottom; the canvas takes the room."""
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(bar)
        layout.addWidget(canvas, 1)
        layout.addWidget(timeline)
        layout.addWidget(transport)

    def leave(self, home: QtWidgets.QBoxLayout, away: QtWidgets.QWidget) -> None:
        """Out of `home` into a fullscreen window; `away` shows in the player meanwhile."""
        home.removeWidget(self)
        self.setParent(None)
        self.setWindowFlags(QtCore.Qt.WindowType.Window)
        away.show()
        self.showFullScreen()
        self.activateWindow()

    def come_back(
        self, player: QtWidgets.QWidget, home: QtWidgets.QBoxLayout, away: QtWidgets.QWidget
    ) -> None:
        """Back in `player`, first in its layout `home`, in place of `away`."""
        self.hide()
        self.setParent(player, QtCore.Qt.WindowType.Widget)
        away.hide()
        home.insertWidget(0, self)
        self.show()
        player.window().activateWindow()  # the keys go to the window it came back to

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:  # noqa: N802 - Qt API
        if self.isWindow():  # the fullscreen window closed: come back instead
            event.ignore()
            self.closed.emit()
        else:
            super().closeEvent(event)
