"""The Tracker box of the Info page: the open version's tracker task and delivery state.

The task comes with the version record (version.tracker_task_id, migration 0009). The
delivery state (pending / sent / failed with the reason, dead) is the outbox's
(publish.tracker.outbox.version_states), read in a worker when a version opens, again every
RELOAD_MS while it is not sent, and after a Retry (retry_event makes the failed event due
now; the drain sends it). Shown only when a tracker is configured.
"""

from __future__ import annotations

from qtpy import QtCore, QtWidgets

from axiom_publisher.config import Settings
from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.core.outbox import DeliveryState, EventStatus
from axiom_publisher.core.types import ProgressCallback, VersionRecord
from axiom_publisher.publish.tracker.outbox import retry_event, version_states
from axiom_publisher.ui.delivery import COLOURS, delivery_text
from axiom_publisher.ui.style import DIM_TEXT
from axiom_publisher.ui.workers import Job, WorkerPool

NOT_LINKED = "none: no synced tracker task of this shot and task when it was published"
RELOAD_MS = 10_000


def task_text(record: VersionRecord) -> str:
    link = record.tracker_task
    if link is None:
        return NOT_LINKED
    return f"{link.task_type} ({link.status})"


def _states_job(settings: Settings, version_id: int) -> Job:
    def job(progress: ProgressCallback, cancel: CancelToken) -> DeliveryState | None:
        return version_states(settings, [version_id]).get(version_id)

    return job


def _retry_job(settings: Settings, event_id: int, version_id: int) -> Job:
    def job(progress: ProgressCallback, cancel: CancelToken) -> DeliveryState | None:
        retry_event(settings, event_id)
        return version_states(settings, [version_id]).get(version_id)

    return job


def _caption(text: str) -> QtWidgets.QLabel:
    caption = QtWidgets.QLabel(text)
    caption.setStyleSheet(f"color: {DIM_TEXT};")
    return caption


class TrackerInfo(QtWidgets.QGroupBox):
    """`state_loaded(object)` (a DeliveryState or None) after each read of the outbox;
    `message(str)` when a read or a Retry fails."""

    state_loaded = QtCore.Signal(object)
    message = QtCore.Signal(str)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__("Tracker", parent)
        self.setObjectName("trackerInfo")
        self.task = QtWidgets.QLabel()
        self.delivery = QtWidgets.QLabel()
        for label in (self.task, self.delivery):
            label.setWordWrap(True)
            label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.retry_button = QtWidgets.QPushButton("Retry")
        self.retry_button.setToolTip("Send this version's failed tracker event again now")
        self.retry_button.hide()
        delivery_row = QtWidgets.QHBoxLayout()
        delivery_row.setContentsMargins(0, 0, 0, 0)
        delivery_row.addWidget(self.delivery, 1)
        delivery_row.addWidget(self.retry_button, 0, QtCore.Qt.AlignmentFlag.AlignTop)
        form = QtWidgets.QFormLayout(self)
        form.setLabelAlignment(
            QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignTop
        )
        form.setFieldGrowthPolicy(QtWidgets.QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(_caption("Task"), self.task)
        form.addRow(_caption("Delivery"), delivery_row)
        self.record: VersionRecord | None = None
        self.state: DeliveryState | None = None
        self.settings: Settings | None = None
        self.pool: WorkerPool | None = None
        self._serial = 0
        self._alive = alive = [True]
        self.destroyed.connect(lambda *_: alive.clear())
        self.timer = QtCore.QTimer(self)
        self.timer.setInterval(RELOAD_MS)
        self.timer.timeout.connect(self.reload)
        self.retry_button.clicked.connect(self.retry)
        self.hide()  # until bound to settings that name a tracker

    @property
    def enabled(self) -> bool:
        return self.settings is not None and self.settings.tracker.kind is not None

    def bind(self, settings: Settings, pool: WorkerPool) -> None:
        """Show the box (when a tracker is configured) and read delivery states with `pool`."""
        self.settings, self.pool = settings, pool
        self.setVisible(self.enabled)

    def show_version(self, record: VersionRecord | None) -> None:
        self.record = record
        self._show_state(None, loading=record is not None)
        if record is None:
            self.task.clear()
            self.task.setToolTip("")
            return
        self.task.setText(task_text(record))
        link = record.tracker_task
        self.task.setToolTip(f"tracker id {link.tracker_id}" if link is not None else "")
        self.reload()

    def reload(self) -> None:
        """Read the open version's delivery state again (in a worker)."""
        if self.record is not None and self.enabled:
            assert self.settings is not None
            self._submit(_states_job(self.settings, self.record.id), "tracker delivery")

    def retry(self) -> None:
        state, record = self.state, self.record
        if state is None or record is None or not state.can_retry or not self.enabled:
            return
        assert self.settings is not None
        self.retry_button.setEnabled(False)
        self._submit(_retry_job(self.settings, state.event_id, record.id), "tracker retry")

    # -- internals --------------------------------------------------------------------------

    def _submit(self, job: Job, name: str) -> None:
        if self.pool is None or self.record is None:
            return
        self._serial += 1
        serial, alive, version_id = self._serial, self._alive, self.record.id

        def finished(result: object) -> None:
            current = self.record.id if alive and self.record is not None else None
            if alive and serial == self._serial and current == version_id:
                self._show_state(result if isinstance(result, DeliveryState) else None)
                self.state_loaded.emit(self.state)

        def failed(error: object) -> None:
            if alive and serial == self._serial:
                self.delivery.setText(f"could not read the delivery state: {error}")
                self.retry_button.setEnabled(True)
                self.message.emit(f"Tracker delivery: {error}")

        self.pool.submit(job, name, finished=finished, failed=failed)

    def _show_state(self, state: DeliveryState | None, *, loading: bool = False) -> None:
        self.state = state
        if loading:
            self.delivery.setText("reading…")
            self.delivery.setStyleSheet(f"color: {DIM_TEXT};")
        else:
            colour = COLOURS[state.status] if state is not None else DIM_TEXT
            self.delivery.setText(delivery_text(state))
            self.delivery.setStyleSheet(f"color: {colour};")
        self.delivery.setToolTip(
            "" if state is None else f"outbox event {state.event_id}, {state.attempts} attempt(s)"
        )
        self.retry_button.setVisible(state is not None and state.can_retry)
        self.retry_button.setEnabled(True)
        waiting = state is not None and state.status is not EventStatus.SENT
        if waiting and self.enabled:
            self.timer.start()
        else:
            self.timer.stop()
