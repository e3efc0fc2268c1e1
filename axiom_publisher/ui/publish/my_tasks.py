"""The "My tasks" box above the context picker: the tracker tasks assigned to the user.

Shown when a tracker is configured ([tracker] kind). The list is the synced tracker_task
table read in a worker (never on the main thread); choosing a task fills the picker's
project, shot or asset and task (the product stays the artist's). The box follows the
picker: it shows the task the current context publishes into, or the prompt when none.
"""

from __future__ import annotations

from qtpy import QtCore, QtWidgets

from axiom_publisher.config import Settings
from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.core.my_tasks import MyTask
from axiom_publisher.core.types import ProgressCallback
from axiom_publisher.core.user import current_user
from axiom_publisher.publish.tracker.my_tasks import my_tasks
from axiom_publisher.ui.publish.context_picker import ContextPicker, describe_error
from axiom_publisher.ui.publish.jobs import Job
from axiom_publisher.ui.workers import WorkerPool


def my_tasks_job(settings: Settings, user: str) -> Job:
    def job(progress: ProgressCallback, cancel: CancelToken) -> list[MyTask]:
        return my_tasks(settings, user)

    return job


class MyTasksBox(QtWidgets.QWidget):
    """A combo box of the user's tracker tasks; `chosen(MyTask)` when one is picked."""

    chosen = QtCore.Signal(object)
    loaded = QtCore.Signal()  # after each load, with or without tasks

    def __init__(
        self,
        settings: Settings,
        pool: WorkerPool,
        picker: ContextPicker,
        parent: QtWidgets.QWidget | None = None,
        *,
        user: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.pool = pool
        self.picker = picker
        self.user = user if user is not None else current_user()
        self.tasks: list[MyTask] = []
        self._serial = 0
        self._alive = alive = [True]
        self.destroyed.connect(lambda *_: alive.clear())

        self.combo = QtWidgets.QComboBox()
        self.combo.setObjectName("myTasks")
        self.combo.setSizeAdjustPolicy(
            QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.setMinimumContentsLength(40)
        self.refresh_button = QtWidgets.QToolButton()
        self.refresh_button.setText("Reload")
        self.refresh_button.setToolTip("Read my tasks again (after `axiom tracker sync`)")
        row = QtWidgets.QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QtWidgets.QLabel("My tasks"))
        row.addWidget(self.combo, 1)
        row.addWidget(self.refresh_button)
        self.combo.activated.connect(self._activated)
        self.refresh_button.clicked.connect(self.refresh)
        picker.changed.connect(self._follow)
        if settings.tracker.kind is None:  # (never setVisible(True) here: no parent yet)
            self.hide()
        self._prompt("loading my tasks…")

    @property
    def enabled(self) -> bool:
        """Whether the box is in use (a tracker is configured)."""
        return self.settings.tracker.kind is not None

    def refresh(self) -> None:
        if not self.enabled:
            return
        self._serial += 1
        serial, alive = self._serial, self._alive
        self.refresh_button.setEnabled(False)

        def finished(result: object) -> None:
            if alive and serial == self._serial:
                self._loaded([task for task in result if isinstance(task, MyTask)]
                             if isinstance(result, list) else [])  # fmt: skip

        def failed(error: object) -> None:
            if alive and serial == self._serial:
                self.tasks = []
                self._prompt(f"could not read my tasks: {describe_error(error)}")
                self.loaded.emit()

        def ended() -> None:
            if alive:
                self.refresh_button.setEnabled(True)

        job = my_tasks_job(self.settings, self.user)
        self.pool.submit(job, "my tasks", finished=finished, failed=failed, done=ended)

    def select(self, task: MyTask) -> None:
        """Fill the picker with `task`'s context (as choosing it in the box does)."""
        self.picker.set_context(
            task.project, task.entity, task.task, product=None, kind=task.entity_kind
        )
        self._show(task)
        self.chosen.emit(task)

    # -- internals --------------------------------------------------------------------------

    def _loaded(self, tasks: list[MyTask]) -> None:
        self.tasks = tasks
        if tasks:
            count = f"{len(tasks)} task{'s' if len(tasks) != 1 else ''}"
            self._prompt(f"choose one of {count} assigned to {self.user}")
        else:
            self._prompt(f"no tracker task is assigned to {self.user} (axiom tracker sync)")
        for task in tasks:
            self.combo.addItem(task.label, task)
        self._follow()
        self.loaded.emit()

    def _prompt(self, text: str) -> None:
        blocked = self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(text, None)
        self.combo.blockSignals(blocked)

    def _activated(self, index: int) -> None:
        task = self.combo.itemData(index)
        if isinstance(task, MyTask):
            self.select(task)

    def _follow(self) -> None:
        """Show the task the picker's context publishes into (the prompt when none)."""
        target = self.picker.target()
        task_name = self.picker.task.currentText()
        current = None
        if target is not None:
            project, entity, kind = target
            current = next(
                (
                    task
                    for task in self.tasks
                    if (task.project, task.entity, task.entity_kind) == (project, entity, kind)
                    and self.settings.tracker.names_for(project).is_task_of(
                        task_name, task.task_type
                    )
                ),
                None,
            )
        self._show(current)

    def _show(self, task: MyTask | None) -> None:
        found = (i for i in range(1, self.combo.count()) if self.combo.itemData(i) == task)
        index = 0 if task is None else next(found, 0)
        blocked = self.combo.blockSignals(True)
        self.combo.setCurrentIndex(index)
        self.combo.blockSignals(blocked)
