"""The Ingest tab's widgets and their arrangement (its behaviour is in tab.py), a dropped
folder, and job submission that outlives no widget."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from qtpy import QtCore, QtWidgets

from axiom_publisher.config import Settings
from axiom_publisher.core.ingest import IngestRun
from axiom_publisher.ui.ingest.bars import HistoryPanel, RunBar
from axiom_publisher.ui.ingest.models import IngestItemsModel
from axiom_publisher.ui.ingest.panels import AssignBar, DeliveryBar, ItemsPanel
from axiom_publisher.ui.ingest.runs_model import RunsModel
from axiom_publisher.ui.publish.context_picker import ContextPicker
from axiom_publisher.ui.workers import Job, Worker, WorkerPool


class IngestLayout(QtWidgets.QWidget):
    """The widgets of the Ingest tab, made by `_build` (IngestTab adds behaviour)."""

    showing_run: IngestRun | None = None  # a past run shown read-only in the table

    def _build(self, settings: Settings, pool: WorkerPool) -> None:
        self.delivery = DeliveryBar()
        self.model = IngestItemsModel(self)
        self.picker = ContextPicker(settings, pool)
        self.assign_bar = AssignBar(self.picker)
        self.items = ItemsPanel(self.model, self.assign_bar)
        self.runs_model = RunsModel(self)
        self.history_panel = HistoryPanel(self.runs_model)

        self.log_view = QtWidgets.QPlainTextEdit()
        self.log_view.setObjectName("ingestLog")
        self.log_view.setReadOnly(True)
        self.log_view.setMaximumBlockCount(5000)
        # Wrapped: a line's end (the reason, the run's counts) never hides off to the right.
        self.log_view.setLineWrapMode(QtWidgets.QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.log_view.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        log_box = QtWidgets.QGroupBox("Log")
        QtWidgets.QVBoxLayout(log_box).addWidget(self.log_view)
        self.log_view.setMinimumHeight(40)

        self.bottom_splitter = QtWidgets.QSplitter(QtCore.Qt.Orientation.Horizontal)
        self.bottom_splitter.setChildrenCollapsible(False)
        self.bottom_splitter.addWidget(log_box)
        self.bottom_splitter.addWidget(self.history_panel)
        self.bottom_splitter.setSizes([560, 940])
        self.splitter = QtWidgets.QSplitter(QtCore.Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.items)
        self.splitter.addWidget(self.bottom_splitter)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([560, 220])
        self.run_bar = RunBar()

        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        layout.addWidget(self.delivery)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.run_bar)


def dropped_folder(mime: QtCore.QMimeData | None) -> Path | None:
    """The first local folder among dropped URLs (a delivery), else None."""
    for url in mime.urls() if mime is not None and mime.hasUrls() else []:
        path = Path(url.toLocalFile()) if url.isLocalFile() else None
        if path is not None and path.is_dir():
            return path
    return None


def submit_guarded(
    pool: WorkerPool,
    alive: list[bool],
    job: Job,
    name: str,
    handlers: Mapping[str, Callable[..., None]],
) -> Worker:
    """`pool.submit(job, name, **handlers)`, each handler doing nothing once `alive` is
    empty (its widget was deleted; `done` and `cancelled` handlers take no argument)."""

    def guarded(key: str, handler: Callable[..., None]) -> Callable[..., None]:
        def call(*args: Any) -> None:
            if not alive:
                return
            if key in ("done", "cancelled"):
                handler()
            else:
                handler(*args)

        return call

    return pool.submit(job, name, **{key: guarded(key, value) for key, value in handlers.items()})
