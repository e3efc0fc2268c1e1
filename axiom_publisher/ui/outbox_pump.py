"""The app delivers the outbox itself: every PUMP_MS, and right after a publish or a review
decision (`kick`), one drain pass (publish.tracker.pump) runs in the worker pool, one at a
time. Nothing runs when neither [tracker] nor [[notify]] is configured; a tracker that is
down only fails its events (the Info page shows them with Retry), never the app."""

from __future__ import annotations

from qtpy import QtCore

from axiom_publisher.config import Settings
from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.core.types import ProgressCallback
from axiom_publisher.publish.tracker.drain import DrainReport
from axiom_publisher.publish.tracker.events import wanted
from axiom_publisher.publish.tracker.pump import PUMP_SECONDS, pump_once
from axiom_publisher.ui.workers import WorkerPool

PUMP_MS = int(PUMP_SECONDS * 1000)


class OutboxPump(QtCore.QObject):
    """`drained(object)` (a DrainReport) after each pass that ran."""

    drained = QtCore.Signal(object)

    def __init__(
        self, settings: Settings, pool: WorkerPool, parent: QtCore.QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.pool = pool
        self.running = False
        self.stopped = False
        self._again = False
        self._alive = alive = [True]
        self.destroyed.connect(lambda *_: alive.clear())
        self.timer = QtCore.QTimer(self)
        self.timer.setInterval(PUMP_MS)
        self.timer.timeout.connect(self.kick)

    @property
    def enabled(self) -> bool:
        return wanted(self.settings)

    def start(self) -> None:
        """Drain now and every PUMP_MS (nothing without a tracker or a webhook)."""
        if self.enabled:
            self.kick()
            self.timer.start()

    def stop(self) -> None:
        """No pass from now on (the window is closing): the timer stops, kicks do nothing
        and no pass follows the one running, if any (its events stay for the next drain)."""
        self.stopped = True
        self._again = False
        self.timer.stop()

    def kick(self, *unused: object) -> None:
        """A pass now; during one, another right after it (a publish just committed)."""
        if not self.enabled or self.stopped:
            return
        if self.running:
            self._again = True
            return
        self.running, self._again = True, False
        settings, alive = self.settings, self._alive

        def job(progress: ProgressCallback, cancel: CancelToken) -> DrainReport | None:
            return pump_once(settings)

        def finished(result: object) -> None:
            if alive and isinstance(result, DrainReport):
                self.drained.emit(result)

        def ended() -> None:
            if not alive:
                return
            self.running = False
            if self._again:
                self.kick()

        self.pool.submit(job, "tracker outbox", finished=finished, done=ended)
