"""The versions table's Tracker column: each version's tracker delivery state.

The states come with the versions page (loaders.versions_job reads them in its worker).
While a shown version is not sent, they are read again every RELOAD_MS in a worker
(loaders.deliveries_job), so a drain's progress shows without a reload; a failed or dead
one has a Retry in the row's context menu (the outbox's retry_event, in a worker; the
next drain sends it). Hidden when no tracker is configured.
"""

from __future__ import annotations

from qtpy import QtCore, QtWidgets

from axiom_publisher.config import Settings
from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.core.outbox import DeliveryState, EventStatus
from axiom_publisher.core.types import ProgressCallback
from axiom_publisher.publish.tracker.outbox import retry_event, version_states
from axiom_publisher.ui.browser import loaders
from axiom_publisher.ui.browser.delegates import DeliveryBadgeDelegate
from axiom_publisher.ui.browser.models import VersionTableModel
from axiom_publisher.ui.workers import Job, WorkerPool

RELOAD_MS = 10_000


def _retry_job(settings: Settings, event_id: int, version_ids: list[int]) -> Job:
    def job(progress: ProgressCallback, cancel: CancelToken) -> dict[int, DeliveryState]:
        retry_event(settings, event_id)
        return version_states(settings, version_ids)

    return job


class DeliveryColumn(QtCore.QObject):
    """Keeps the table's Tracker column current; `loaded()` after each read of the states,
    `message(str)` when a read or a Retry fails."""

    loaded = QtCore.Signal()
    message = QtCore.Signal(str)

    def __init__(self, settings: Settings, pool: WorkerPool, table: QtWidgets.QTableView) -> None:
        super().__init__(table)
        self.settings, self.pool, self.table = settings, pool, table
        self.page: tuple[str, loaders.Key] | None = None
        self._alive = alive = [True]
        self.destroyed.connect(lambda *_: alive.clear())
        column = VersionTableModel.TRACKER
        table.setItemDelegateForColumn(column, DeliveryBadgeDelegate(table))
        table.setColumnHidden(column, not self.enabled)
        table.setContextMenuPolicy(QtCore.Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._menu)
        self.timer = QtCore.QTimer(self)
        self.timer.setInterval(RELOAD_MS)
        self.timer.timeout.connect(self.reload)
        self.menu: QtWidgets.QMenu | None = None  # the last context menu (for tests)

    @property
    def enabled(self) -> bool:
        return self.settings.tracker.kind is not None

    @property
    def model(self) -> VersionTableModel:
        model = self.table.model()
        assert isinstance(model, VersionTableModel)
        return model

    def show_page(self, page: loaders.VersionsPage | None) -> None:
        """The page now shown (its states came with it); None: no product."""
        self.page = (page.project, page.key) if page is not None else None
        self._follow()

    def reload(self) -> None:
        """Read the shown versions' states again (in a worker)."""
        ids = [record.id for record in self.model.records]
        if self.page is None or not ids or not self.enabled:
            return
        self._submit(loaders.deliveries_job(self.settings, self.page, ids), self.page)

    def retry(self, version_id: int) -> bool:
        """Send the version's failed (or dead) tracker event again; False: nothing to retry."""
        state = self.model.delivery(version_id)
        if state is None or not state.can_retry or self.page is None:
            return False
        ids = [record.id for record in self.model.records]
        self._submit(_retry_job(self.settings, state.event_id, ids), self.page)
        return True

    # -- internals --------------------------------------------------------------------------

    def _submit(self, job: Job, page: tuple[str, loaders.Key]) -> None:
        alive = self._alive

        def finished(result: object) -> None:
            if isinstance(result, tuple):
                result = result[1]
            if alive and page == self.page and isinstance(result, dict):
                self.model.set_deliveries(result)
                self._follow()
                self.loaded.emit()

        def failed(error: object) -> None:
            if alive:
                self.message.emit(f"Tracker delivery: {error}")

        self.pool.submit(job, "tracker deliveries", finished=finished, failed=failed)

    def _follow(self) -> None:
        """Read again later while a shown version is not sent."""
        waiting = any(s.status is not EventStatus.SENT for s in self.model.deliveries.values())
        if waiting and self.enabled and self.page is not None:
            self.timer.start()
        else:
            self.timer.stop()

    def _menu(self, position: QtCore.QPoint) -> None:
        record = self.model.record(self.table.indexAt(position).row())
        state = self.model.delivery(record.id) if record is not None else None
        if record is None or state is None or not state.can_retry:
            return
        version_id = record.id
        self.menu = menu = QtWidgets.QMenu(self.table)
        action = menu.addAction(f"Retry the tracker delivery of {record.label}")
        action.setToolTip(state.reason)
        action.triggered.connect(lambda: self.retry(version_id))
        menu.popup(self.table.viewport().mapToGlobal(position))
