"""The publish widget's "Publish on the farm" choice, and the submission of its items.

The farm is the default when some RQ worker serves the farm's queue and either the widget
lives inside a DCC (whose session is then free at once) or an item is bigger than [farm]
farm_over_mb. Once the user clicks the box, their choice stands until the list is empty.
The worker count and the item sizes are read in WorkerPool jobs, never here.
"""

from __future__ import annotations

from collections.abc import Sequence

from qtpy import QtCore, QtWidgets

from axiom_publisher.config import Settings
from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.core.errors import AxiomError
from axiom_publisher.core.types import ProgressCallback
from axiom_publisher.farm.probe import serving_workers
from axiom_publisher.ui.publish.farm_submit import farm_reason, measure_job
from axiom_publisher.ui.publish.jobs import Job
from axiom_publisher.ui.publish.rows import ItemRow
from axiom_publisher.ui.workers import WorkerPool

PROBE_MS = 30_000  # how often the workers serving the farm's queue are counted
NOT_CONFIGURED = (
    "No farm is configured: set [farm] redis_url in the studio configuration (or "
    "AXIOM_FARM_REDIS_URL) to publish on render nodes"
)


def probe_job(settings: Settings) -> Job:
    def job(progress: ProgressCallback, cancel: CancelToken) -> int:
        return serving_workers(settings.farm)

    return job


class FarmChoice(QtCore.QObject):
    """A check box and a line saying why it is on, or which jobs were queued (the layout
    places both: the line takes the progress bar's place, which a farm publish leaves
    empty)."""

    changed = QtCore.Signal()  # the choice, its default or its note changed

    def __init__(
        self,
        settings: Settings,
        pool: WorkerPool,
        host: str,
        parent: QtCore.QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.pool = pool
        self.host = host
        self.workers: int | None = None  # serving the farm's queue (None: not counted yet)
        self.farm_error = ""
        self._user: bool | None = None  # the user's own choice, while the list has items
        self._sizes: dict[ItemRow, int] = {}
        self._rows: list[ItemRow] = []
        self._queued = ""  # what the last submission queued
        self.check = QtWidgets.QCheckBox("Publish on the farm")
        self.check.setObjectName("publishOnFarm")
        self.check.clicked.connect(self._clicked)
        self.note = QtWidgets.QLabel()
        self.note.setObjectName("farmNote")
        self.note.setProperty("role", "subtitle")
        self.note.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note.setMinimumWidth(40)  # long notes never widen the window
        self.note.setAlignment(
            QtCore.Qt.AlignmentFlag.AlignLeft | QtCore.Qt.AlignmentFlag.AlignVCenter
        )
        self.note.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Preferred
        )
        self.note.hide()
        self.timer = QtCore.QTimer(self)
        self.timer.setInterval(PROBE_MS)
        self.timer.timeout.connect(self.probe)
        if not self.configured:  # no farm to ask: never probed, never the default
            self.check.setEnabled(False)
            self.check.setToolTip(NOT_CONFIGURED)
            return
        self.timer.start()
        self.probe()

    @property
    def configured(self) -> bool:
        """Whether the studio set up a farm ([farm] or AXIOM_FARM_REDIS_URL)."""
        return self.settings.farm.configured

    @property
    def chosen(self) -> bool:
        return self.check.isChecked()

    @property
    def noting(self) -> bool:
        """Whether the note has something to say (the layout shows it then)."""
        return bool(self.note.text()) and (self.chosen or bool(self._queued))

    def setEnabled(self, enabled: bool) -> None:  # noqa: N802 - like a widget's
        self.check.setEnabled(enabled and self.configured)

    def probe(self) -> None:
        """Count the workers serving the farm's queue (in a worker)."""
        if not self.configured:
            return
        self.pool.submit(probe_job(self.settings), "farm workers",
            finished=self._probed, failed=self._probe_failed,
        )  # fmt: skip

    def measure(self, row: object) -> None:
        """Read the size of a row's files (in a worker) once its source is known."""
        if not isinstance(row, ItemRow) or row.source is None or row in self._sizes:
            return
        self._sizes[row] = -1  # being measured
        paths = [str(file.path) for file in row.source.files]

        def measured(size: object) -> None:
            if row in self._sizes and isinstance(size, int):
                self._sizes[row] = size
                self.update_rows(self._rows)
                self.changed.emit()

        self.pool.submit(measure_job(paths), "item size", finished=measured)

    def item_size(self, row: ItemRow) -> int | None:
        size = self._sizes.get(row)
        return size if size is not None and size >= 0 else None

    def reason(self) -> str:
        """Why the farm is the default now ("" when it is not)."""
        if not self.workers:
            return ""
        sizes = [(row.name, self.item_size(row)) for row in self._rows]
        return farm_reason(self.settings.farm, self.host, sizes)

    def update_rows(self, rows: Sequence[ItemRow]) -> None:
        """Follow the list: the default for these rows, unless the user chose."""
        self._rows = list(rows)
        self._sizes = {row: size for row, size in self._sizes.items() if row in self._rows}
        if not self._rows:
            self._user = None
        elif self._queued:
            self._queued = ""  # new items: the note speaks of them now
        reason = self.reason()
        self.check.setChecked(bool(reason) if self._user is None else self._user)
        self._show(reason)

    def show_queued(self, text: str) -> None:
        """Say what the last submission queued (until new items come)."""
        self._queued = text
        self._show(self.reason())

    def _show(self, reason: str) -> None:
        served = "" if self.workers is None else f"{self.workers} worker(s) serve the farm"
        if self._queued:
            text = self._queued
        elif self.farm_error and self.chosen:
            text = self.farm_error
        elif self.chosen and reason and self._user is None:
            text = f"On by default: {reason}."
        elif self.chosen:
            text = f"Each item is queued as a farm job ({served or 'counting workers'})."
        elif reason:
            text = f"Publishing here, although {reason}."
        else:
            text = served
        self.note.setText(text)
        self.note.setToolTip(text)
        self.check.setToolTip(
            "Queue each item as a farm job: a render node analyses, checks and publishes "
            "it while this session goes on; follow the jobs in the Farm tab"
            if self.configured
            else NOT_CONFIGURED
        )

    def _clicked(self, checked: bool) -> None:
        self._user = checked
        self._show(self.reason())
        self.changed.emit()

    def _probed(self, count: object) -> None:
        self.workers = count if isinstance(count, int) else 0
        self.farm_error = "" if self.workers else (
            f"No worker serves the farm's queue '{self.settings.farm.queue}' now: "
            "the jobs wait until one starts."
        )  # fmt: skip
        self.update_rows(self._rows)
        self.changed.emit()

    def _probe_failed(self, error: object) -> None:
        self.workers = 0
        detail = str(error) if isinstance(error, AxiomError) else repr(error)
        self.farm_error = f"The farm cannot be reached: {detail}"
        self.update_rows(self._rows)
        self.changed.emit()
