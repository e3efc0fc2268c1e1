"""The tracker connection in the main window's status bar.

The configured address (masked) and whether the server answers, checked in a worker when
the window opens and then every CHECK_INTERVAL_MS (a click on the label checks now). Never
a credential: the probe sends none.
"""

from __future__ import annotations

from qtpy import QtCore, QtGui, QtWidgets

from axiom_publisher.config import Settings
from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.core.tracker_connection import TrackerConnection, TrackerState
from axiom_publisher.core.types import ProgressCallback
from axiom_publisher.publish.tracker.connection import tracker_connection
from axiom_publisher.ui.workers import WorkerPool

CHECK_INTERVAL_MS = 60_000
COLOURS = {
    TrackerState.REACHABLE: "#5cb85c",
    TrackerState.UNREACHABLE: "#d9534f",
    TrackerState.NOT_CONFIGURED: "#8a8a8a",
}


class TrackerStatusLabel(QtWidgets.QLabel):
    """`checked(TrackerConnection)` after each check."""

    checked = QtCore.Signal(object)

    def __init__(
        self, settings: Settings, pool: WorkerPool, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("trackerStatus")
        self.settings = settings
        self.pool = pool
        self.connection: TrackerConnection | None = None
        self._checking = False
        self._alive = alive = [True]
        self.destroyed.connect(lambda *_: alive.clear())
        self.timer = QtCore.QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.check)
        self.setCursor(QtGui.QCursor(QtCore.Qt.CursorShape.PointingHandCursor))
        if settings.tracker.kind is None:
            self._show(TrackerConnection(TrackerState.NOT_CONFIGURED))
        else:
            self.setText("Tracker: checking…")

    def start(self) -> None:
        """Check now and then every CHECK_INTERVAL_MS (nothing to check without a tracker)."""
        if self.settings.tracker.kind is None:
            return
        self.check()
        self.timer.start()

    def check(self) -> None:
        if self.settings.tracker.kind is None or self._checking:
            return
        self._checking = True
        alive = self._alive
        settings = self.settings

        def job(progress: ProgressCallback, cancel: CancelToken) -> TrackerConnection:
            return tracker_connection(settings)

        def finished(result: object) -> None:
            if alive and isinstance(result, TrackerConnection):
                self._show(result)

        def ended() -> None:
            if alive:
                self._checking = False

        self.pool.submit(job, "tracker status", finished=finished, done=ended)

    def mousePressEvent(self, event: QtGui.QMouseEvent) -> None:  # noqa: N802 - Qt API
        self.check()
        super().mousePressEvent(event)

    def _show(self, connection: TrackerConnection) -> None:
        self.connection = connection
        colour = COLOURS[connection.state]
        self.setText(f'<span style="color:{colour}">●</span> {connection.text}')
        self.setToolTip(
            f"{connection.description}\nThe production tracker AXIOM sends publishes and "
            "decisions to ([tracker] in the studio configuration). Click to check again."
        )
        self.checked.emit(connection)
