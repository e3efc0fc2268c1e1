"""The Tracker box of the Info page: the tracker task the open version belongs to.

The task comes with the version record (version.tracker_task_id, migration 0009): no query.
"""

from __future__ import annotations

from qtpy import QtCore, QtWidgets

from axiom_publisher.config import Settings
from axiom_publisher.core.types import VersionRecord
from axiom_publisher.ui.style import DIM_TEXT
from axiom_publisher.ui.workers import WorkerPool

NOT_LINKED = "none: no synced tracker task of this shot and task when it was published"


def task_text(record: VersionRecord) -> str:
    link = record.tracker_task
    if link is None:
        return NOT_LINKED
    return f"{link.task_type} ({link.status})"


class TrackerInfo(QtWidgets.QGroupBox):
    """The version's tracker task (and, with the outbox, its delivery state)."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__("Tracker", parent)
        self.setObjectName("trackerInfo")
        self.task = QtWidgets.QLabel()
        self.task.setWordWrap(True)
        self.task.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.form = QtWidgets.QFormLayout(self)
        self.form.setLabelAlignment(
            QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignTop
        )
        self.form.setFieldGrowthPolicy(
            QtWidgets.QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow
        )
        caption = QtWidgets.QLabel("Task")
        caption.setStyleSheet(f"color: {DIM_TEXT};")
        self.form.addRow(caption, self.task)
        self.record: VersionRecord | None = None
        self.settings: Settings | None = None
        self.pool: WorkerPool | None = None
        self.hide()  # until bound to settings that name a tracker

    def bind(self, settings: Settings, pool: WorkerPool) -> None:
        """Show the box (when a tracker is configured) and read delivery states with `pool`."""
        self.settings, self.pool = settings, pool
        self.setVisible(settings.tracker.kind is not None)

    def show_version(self, record: VersionRecord | None) -> None:
        self.record = record
        if record is None:
            self.task.clear()
            self.task.setToolTip("")
            return
        self.task.setText(task_text(record))
        link = record.tracker_task
        self.task.setToolTip(f"tracker id {link.tracker_id}" if link is not None else "")
