"""The Farm panel: AXIOM's farm jobs with live progress, Cancel and Retry.

Fed from AXIOM's database, where the workers record each job (status, worker host,
progress, the version made, the error): a WorkerPool job reads the records on a timer,
every second while the panel shows and every few seconds behind another tab, one read at a
time. Nothing here asks Redis or the database; Retry queues the job again in a worker.
"""

from __future__ import annotations

import time
from collections import Counter

from qtpy import QtCore, QtGui, QtWidgets

from axiom_publisher.config import Settings
from axiom_publisher.core.farm import FINISHED, JOB_STATUSES, FarmJobRecord
from axiom_publisher.ui.farm.delegates import (
    MiddleElideDelegate,
    ProgressDelegate,
    StatusBadgeDelegate,
)
from axiom_publisher.ui.farm.jobs import FarmSnapshot, Steered, load_job, steer_job
from axiom_publisher.ui.farm.model import CANCELLABLE, RETRYABLE, FarmJobsModel, job_what
from axiom_publisher.ui.publish.context_picker import describe_error
from axiom_publisher.ui.workers import Worker, WorkerPool

SHOWN_MS = 1000  # between reads while the panel shows
HIDDEN_MS = 5000  # behind another tab: finished jobs still reach the Review tab
FILTERS = (
    ("All jobs", ()),
    ("Queued or running", ("queued", "running")),
    ("Failed or cancelled", ("failed", "cancelled")),
    ("Done", ("done",)),
)
WIDTHS = (52, 70, 340, 104, 110, 170, 150, 260, 92, 92, 92)
DETAIL_LINES = 6


class FarmPanel(QtWidgets.QWidget):
    """The jobs table over the selected job's details; Cancel and Retry act on the selection."""

    message = QtCore.Signal(str)  # for the status bar
    loaded = QtCore.Signal(object)  # FarmSnapshot, after the table shows it
    job_finished = QtCore.Signal(object)  # FarmJobRecord that ended since the last read
    steered = QtCore.Signal(object)  # Steered: what Cancel or Retry did

    def __init__(
        self, settings: Settings, pool: WorkerPool, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.pool = pool
        self._loading: Worker | None = None
        self._again = False  # a refresh was asked for while a read ran
        self._statuses: dict[int, str] = {}  # the last read's status of each job
        self._steering = 0
        self.model = FarmJobsModel(self)
        self._build()
        self.timer = QtCore.QTimer(self)
        self.timer.setInterval(HIDDEN_MS)
        self.timer.timeout.connect(self.refresh)

    def _build(self) -> None:
        heading = QtWidgets.QLabel("Farm jobs")
        heading.setProperty("role", "title")
        self.summary = QtWidgets.QLabel()
        self.summary.setObjectName("farmSummary")
        self.filter = QtWidgets.QComboBox()
        for name, _ in FILTERS:
            self.filter.addItem(name)
        self.filter.currentIndexChanged.connect(lambda _: self.refresh())
        self.refresh_button = QtWidgets.QPushButton("Refresh")
        self.refresh_button.clicked.connect(self.refresh)
        self.cancel_button = QtWidgets.QPushButton("Cancel job")
        self.cancel_button.setToolTip(
            "Cancel the selected queued, running or failed jobs: a running job stops "
            "between frames and nothing half-published stays"
        )
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.retry_button = QtWidgets.QPushButton("Retry")
        self.retry_button.setToolTip(
            "Queue the selected failed or cancelled jobs again (a job that had already "
            "published reports its version: never a second one)"
        )
        self.retry_button.clicked.connect(self.retry_selected)
        top = QtWidgets.QHBoxLayout()
        top.addWidget(heading)
        top.addSpacing(12)
        top.addWidget(self.summary, 1)
        top.addWidget(QtWidgets.QLabel("Show:"))
        top.addWidget(self.filter)
        top.addWidget(self.refresh_button)
        top.addSpacing(12)
        top.addWidget(self.cancel_button)
        top.addWidget(self.retry_button)

        self.view = view = QtWidgets.QTableView()
        view.setObjectName("farmJobs")
        view.setModel(self.model)
        view.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.setTextElideMode(QtCore.Qt.TextElideMode.ElideRight)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(28)
        view.horizontalHeader().setStretchLastSection(False)
        view.horizontalHeader().setHighlightSections(False)
        for column, width in enumerate(WIDTHS):
            view.setColumnWidth(column, width)
        view.horizontalHeader().setSectionResizeMode(
            FarmJobsModel.ERROR, QtWidgets.QHeaderView.ResizeMode.Stretch
        )
        self._status_delegate = StatusBadgeDelegate(view)
        self._progress_delegate = ProgressDelegate(view)
        view.setItemDelegateForColumn(FarmJobsModel.STATUS, self._status_delegate)
        view.setItemDelegateForColumn(FarmJobsModel.PROGRESS, self._progress_delegate)
        self._what_delegate = MiddleElideDelegate(view)
        view.setItemDelegateForColumn(FarmJobsModel.WHAT, self._what_delegate)
        view.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())

        self.details = QtWidgets.QPlainTextEdit()
        self.details.setObjectName("farmDetails")
        self.details.setReadOnly(True)
        lines = self.details.fontMetrics().lineSpacing() * DETAIL_LINES
        self.details.setFixedHeight(lines + 12)
        details_box = QtWidgets.QGroupBox("Selected job")
        QtWidgets.QVBoxLayout(details_box).addWidget(self.details)
        self.status = QtWidgets.QLabel()
        self.status.setObjectName("farmStatus")
        self.status.setProperty("role", "subtitle")

        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(view, 1)
        layout.addWidget(details_box)
        layout.addWidget(self.status)
        self._selection_changed()

    # -- reading ------------------------------------------------------------------------------

    def start(self) -> None:
        """Read the jobs now and keep reading them on the timer."""
        self.timer.start()
        self.refresh()

    def shutdown(self) -> None:
        self.timer.stop()
        if self._loading is not None:
            self._loading.cancel()

    def refresh(self) -> None:
        """Read the jobs in a worker (one read at a time: a refresh asked for meanwhile
        runs once that read has ended)."""
        if self._loading is not None:
            self._again = True
            return
        statuses = FILTERS[max(self.filter.currentIndex(), 0)][1]
        self._again = False
        self._loading = self.pool.submit(
            load_job(self.settings, statuses, self.model.labels),
            "farm jobs",
            finished=self._loaded,
            failed=self._load_failed,
            done=self._load_done,
        )

    def _load_done(self) -> None:
        self._loading = None
        if self._again:
            self.refresh()

    def _loaded(self, result: object) -> None:
        if not isinstance(result, FarmSnapshot):
            return
        selected = self.selected_ids()
        self.model.set_jobs(result.jobs, result.labels)
        self._select(selected)
        ended = [
            job for job in result.jobs
            if job.status in FINISHED and self._statuses.get(job.id, job.status) not in FINISHED
        ]  # fmt: skip
        self._statuses.update({job.id: job.status for job in result.jobs})
        counts = Counter(job.status for job in result.jobs)
        parts = [f"{counts[status]} {status}" for status in JOB_STATUSES if counts[status]]
        self.summary.setText("  \u00b7  ".join(parts) if parts else "No farm jobs yet.")
        if not self._steering:
            self.status.setText(f"Updated {time.strftime('%H:%M:%S')}")
        self._selection_changed()
        self.loaded.emit(result)
        for job in ended:
            self.job_finished.emit(job)

    def _load_failed(self, error: object) -> None:
        text = f"The farm jobs could not be read: {describe_error(error)}"
        # Behind another tab the panel says it in its own line only: the status bar keeps
        # what the tab in front says (its own failure, with the same cause, comes first).
        if self.status.text() != text and self.isVisible():
            self.message.emit(text)
        self.status.setText(text)

    # -- selection and steering --------------------------------------------------------------

    def selected_jobs(self) -> list[FarmJobRecord]:
        rows = sorted({index.row() for index in self.view.selectionModel().selectedRows()})
        return [job for job in map(self.model.job, rows) if job is not None]

    def selected_ids(self) -> list[int]:
        return [job.id for job in self.selected_jobs()]

    def select_job(self, job_id: int) -> bool:
        """Select the row of job `job_id` (False when it is not listed)."""
        return self._select([job_id])

    def _select(self, job_ids: list[int]) -> bool:
        selection = QtCore.QItemSelection()
        for job_id in job_ids:
            row = self.model.row_of(job_id)
            if row >= 0:
                last = self.model.columnCount() - 1
                selection.select(self.model.index(row, 0), self.model.index(row, last))
        flags = QtCore.QItemSelectionModel.SelectionFlag
        self.view.selectionModel().select(selection, flags.ClearAndSelect | flags.Rows)
        return not selection.isEmpty()

    def cancel_selected(self) -> None:
        ids = [job.id for job in self.selected_jobs() if job.status in CANCELLABLE]
        self._steer("cancel", ids)

    def retry_selected(self) -> None:
        ids = [job.id for job in self.selected_jobs() if job.status in RETRYABLE]
        self._steer("retry", ids)

    def _steer(self, action: str, ids: list[int]) -> None:
        if not ids:
            return
        self._steering += 1
        self.status.setText(
            f"{'Cancelling' if action == 'cancel' else 'Queuing again'} job(s) "
            f"{', '.join(map(str, ids))}\u2026"
        )
        self.cancel_button.setEnabled(False)
        self.retry_button.setEnabled(False)
        self.pool.submit(steer_job(self.settings, action, ids), f"farm {action}",
            finished=self._steered, failed=self._steer_failed, done=self._steer_done,
        )  # fmt: skip

    def _steered(self, result: object) -> None:
        if not isinstance(result, Steered):
            return
        verb = "cancelled" if result.action == "cancel" else "queued again"
        lines = [f"Job {job.id} {verb} ({job.status})." for job in result.jobs]
        text = " ".join([*lines, *result.errors])
        self.status.setText(text)
        self.message.emit(text)
        self.steered.emit(result)

    def _steer_failed(self, error: object) -> None:
        text = f"Could not steer the job: {describe_error(error)}"
        self.status.setText(text)
        self.message.emit(text)

    def _steer_done(self) -> None:
        self._steering -= 1
        self.refresh()

    def _selection_changed(self) -> None:
        jobs = self.selected_jobs()
        idle = not self._steering
        self.cancel_button.setEnabled(idle and any(job.status in CANCELLABLE for job in jobs))
        self.retry_button.setEnabled(idle and any(job.status in RETRYABLE for job in jobs))
        if len(jobs) == 1:
            text = self._describe(jobs[0])
        else:
            text = f"{len(jobs)} jobs selected." if jobs else "Select a job to see its details."
        if self.details.toPlainText() != text:  # a read every second keeps the selection
            self.details.setPlainText(text)

    def _describe(self, job: FarmJobRecord) -> str:
        lines = [f"Job {job.id}: {job_what(job)}"]
        lines.append(
            f"{job.status} \u00b7 submitted by {job.submitted_by}"
            + (f" \u00b7 on {job.worker_host}" if job.worker_host else "")
        )
        version = self.model.version_text(job)
        if version:
            lines.append(f"Made {version}.")
        paths = [str(path) for path in job.payload.get("paths") or ()]
        if paths:
            lines.append("Sources: " + ", ".join(paths))
        if job.error:
            lines.append(f"Error: {job.error}")
        return "\n".join(lines)

    # -- Qt events ------------------------------------------------------------------------------

    def showEvent(self, event: QtGui.QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self.timer.setInterval(SHOWN_MS)
        if self.timer.isActive():
            self.refresh()

    def hideEvent(self, event: QtGui.QHideEvent) -> None:  # noqa: N802 - Qt API
        super().hideEvent(event)
        self.timer.setInterval(HIDDEN_MS)
