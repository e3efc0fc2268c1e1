"""Items in, analyses out: each added path is resolved and each item inspected in a worker.

Every item is analysed into its own scratch folder (ScratchFolders), removed with the item
or when the widget closes. Results of a superseded analysis (the item was removed, or the
project or shot changed meanwhile) are dropped and their scratch folders removed.
"""

from __future__ import annotations

from collections.abc import Callable

from qtpy import QtCore

from axiom_publisher.config import Settings
from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.types import (
    EntityKind,
    ProgressEvent,
    PublishContext,
    PublishItem,
    Source,
)
from axiom_publisher.ui.publish.context_picker import describe_error
from axiom_publisher.ui.publish.items_model import ItemsModel
from axiom_publisher.ui.publish.jobs import (
    Inspected,
    ScratchFolders,
    inspect_job,
    resolve_job,
)
from axiom_publisher.ui.publish.rows import ItemRow, RowState
from axiom_publisher.ui.workers import Worker, WorkerPool

Target = Callable[[], "tuple[str, str, EntityKind] | None"]

# Only the project and the shot or asset matter to an analysis: QC is checked against the
# project's targets and the shot's range. Task and product may still be being typed.
ANALYSIS_TASK, ANALYSIS_PRODUCT = "main", "review"


class ItemAnalyser(QtCore.QObject):
    """Adds rows to `model` and keeps their analyses going (main thread only)."""

    row_added = QtCore.Signal(object)  # ItemRow, once its source is known
    row_changed = QtCore.Signal(object)  # ItemRow: state, progress or result changed
    log = QtCore.Signal(str)
    error = QtCore.Signal(str)
    state_changed = QtCore.Signal()  # `running` may have changed

    def __init__(
        self,
        settings: Settings,
        pool: WorkerPool,
        model: ItemsModel,
        target: Target,
        host: str,
        parent: QtCore.QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.pool = pool
        self.model = model
        self.target = target
        self.host = host
        self.scratches = ScratchFolders()
        self._analyses: dict[int, Worker] = {}  # id(row) -> its running analysis
        self._resolving = 0

    @property
    def running(self) -> bool:
        return bool(self._analyses) or self._resolving > 0

    @property
    def analysing(self) -> bool:
        return bool(self._analyses)

    def add_source(self, source: Source, colorspace: str | None = None) -> None:
        row = ItemRow(source.display, source, RowState.WAITING, colorspace=colorspace)
        if not self._is_duplicate(row):
            self.model.append(row)
            self._added(row)

    def add_path(
        self,
        path: str,
        colorspace: str | None = None,
        *,
        frame_range: FrameRange | None = None,
        product: str | None = None,
    ) -> None:
        """A row at once (rows keep the order items were added in), its source from a worker;
        a host's output comes with the frames it renders and its own product. A path in
        any platform's form of a [roots] root (typed, dropped, read from a scene) is opened
        as this machine has it."""
        path = self.settings.roots.local(path)
        row = ItemRow(path=path, colorspace=colorspace, product=product)
        self.model.append(row)

        def finished(result: object) -> None:
            if self.model.position(row) < 0 or not isinstance(result, Source):
                return  # removed meanwhile
            row.source = result
            if self._is_duplicate(row):
                self.discard(row)
                return
            row.state = RowState.WAITING
            self._added(row)

        def failed(error: object) -> None:
            self.discard(row)
            self.error.emit(f"Cannot add {path}: {describe_error(error)}")

        def done() -> None:
            self._resolving -= 1
            self.state_changed.emit()

        self._resolving += 1
        job = resolve_job(path, frame_range)
        self.pool.submit(job, "resolve", finished=finished, failed=failed, done=done)
        self.state_changed.emit()

    def analyse(self, row: ItemRow) -> None:
        """(Re)start the analysis of `row` for the chosen project and shot or asset."""
        self._stop(row)
        self.scratches.remove(row.scratch)
        row.scratch, row.inspection, row.thumbnail, row.error = None, None, None, ""
        row.override_reason = None
        row.generation += 1
        target = self.target()
        if target is None or row.source is None:
            row.state, row.fraction = RowState.WAITING, 0.0
            self.row_changed.emit(row)
            return
        project, entity, kind = target
        context = PublishContext(project, entity, ANALYSIS_TASK, ANALYSIS_PRODUCT, kind)
        item = PublishItem(context, (row.source,), host=self.host, colorspace=row.colorspace)
        row.state, row.fraction, row.phase = RowState.ANALYSING, 0.0, "analyze"
        generation = row.generation

        def current() -> bool:
            return row.generation == generation and self.model.position(row) >= 0

        def progress(event: object) -> None:
            if current() and isinstance(event, ProgressEvent) and event.total:
                row.fraction = min(1.0, event.done / event.total)
                self.row_changed.emit(row)

        def finished(result: object) -> None:
            if not isinstance(result, Inspected):
                return
            if not current():
                self.scratches.remove(result.scratch)
                return
            row.inspection, row.scratch = result.inspection, result.scratch
            row.thumbnail, row.state, row.fraction = result.thumbnail, RowState.READY, 1.0
            report = result.inspection.report
            self.log.emit(f"QC {report.verdict.value.upper()}: {row.title}")
            for check in report.failed():
                self.log.emit(f"  {check.id}: {check.message}")

        def failed(error: object) -> None:
            if current():
                row.state, row.error = RowState.ERROR, describe_error(error)
                self.error.emit(f"{row.name} could not be analysed: {row.error}")

        def cancelled() -> None:
            if current():
                row.state = RowState.CANCELLED
                self.log.emit(f"analysis of {row.name} cancelled")

        def done() -> None:
            if self._analyses.get(id(row)) is worker:
                del self._analyses[id(row)]
            if self.model.position(row) >= 0:
                self.row_changed.emit(row)
            self.state_changed.emit()

        job = inspect_job(self.settings, item, self.scratches)
        worker = self.pool.submit(job, "inspect",
            progress=progress, finished=finished, failed=failed, cancelled=cancelled, done=done,
        )  # fmt: skip
        self._analyses[id(row)] = worker
        self.row_changed.emit(row)
        self.state_changed.emit()

    def analyse_all(self) -> None:
        for row in self.model.rows:
            if row.source is not None:
                self.analyse(row)

    def discard(self, row: ItemRow) -> None:
        """Remove `row`, stopping its analysis and removing its scratch folder."""
        self._stop(row)
        self.scratches.remove(row.scratch)
        self.model.remove(row)
        self.state_changed.emit()

    def cancel(self) -> bool:
        """Cancel every running analysis; False when there was none."""
        for worker in self._analyses.values():
            worker.cancel()
        return bool(self._analyses)

    def shutdown(self) -> None:
        self.cancel()
        self.scratches.remove_all()

    def _stop(self, row: ItemRow) -> None:
        running = self._analyses.pop(id(row), None)
        if running is not None:
            running.cancel()

    def _added(self, row: ItemRow) -> None:
        self.log.emit(f"added {row.title}")
        self.row_added.emit(row)
        self.analyse(row)

    def _is_duplicate(self, row: ItemRow) -> bool:
        display = row.source.display if row.source else row.path
        for other in self.model.rows:
            if other is not row and other.source is not None and other.source.display == display:
                self.log.emit(f"{row.name} is already in the list")
                return True
        return False
