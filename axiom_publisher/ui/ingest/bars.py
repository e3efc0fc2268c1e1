"""The Ingest tab's run bar (allow duplicates, progress, Cancel, Dry run, Ingest) and its
history of runs."""

from __future__ import annotations

from qtpy import QtCore, QtWidgets

from axiom_publisher.core.types import ProgressEvent
from axiom_publisher.ui.icons import icon
from axiom_publisher.ui.ingest.runs_model import RunsModel

Resize = QtWidgets.QHeaderView.ResizeMode
PHASES = {"scan": "Scan", "qc": "QC", "ingest": "Done"}


class RunBar(QtWidgets.QWidget):
    """Allow duplicates, the overall and per-item progress, Cancel, Dry run, Ingest."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.allow_duplicates = QtWidgets.QCheckBox("Allow duplicates")
        self.allow_duplicates.setToolTip(
            "Publish items whose content is already published (else they are skipped)"
        )
        self.progress = QtWidgets.QProgressBar()
        self.progress.setToolTip("Items done (published, failed, duplicate or skipped)")
        self.qc_progress = QtWidgets.QProgressBar()
        self.qc_progress.setToolTip("Items analysed and QC'd (in parallel)")
        self.qc_progress.setMaximumWidth(240)
        self.step = QtWidgets.QLabel()  # the item being worked on: as wide as there is room
        self.step.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Preferred
        )
        self.step.setProperty("role", "subtitle")
        self.reset()
        self.cancel_button = QtWidgets.QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.dry_run_button = QtWidgets.QPushButton("Dry run")
        self.dry_run_button.setToolTip("Show what an ingest would do; nothing is written")
        self.ingest_button = QtWidgets.QPushButton(icon("ingest"), "Ingest selected")
        self.ingest_button.setDefault(True)
        self.on_farm = QtWidgets.QCheckBox("Run on the farm")
        self.on_farm.setObjectName("ingestOnFarm")
        self.on_farm.setToolTip(
            "Queue each selected item as a farm job: render nodes QC and publish them while "
            "this session goes on; follow them in the Farm tab (a dry run runs here)"
        )
        choices = QtWidgets.QVBoxLayout()  # one above the other: the bar stays narrow
        choices.setSpacing(2)
        choices.addWidget(self.allow_duplicates)
        choices.addWidget(self.on_farm)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(choices)
        layout.addWidget(self.progress, 2)
        layout.addWidget(self.qc_progress, 1)
        layout.addWidget(self.step, 1)
        layout.addWidget(self.cancel_button)
        layout.addWidget(self.dry_run_button)
        layout.addWidget(self.ingest_button)

    def reset(self) -> None:
        """Empty bars with no text (no "Done 0/1" before anything ran): the first progress
        event of a scan or run gives them their counts."""
        for bar in (self.progress, self.qc_progress):
            bar.setRange(0, 1)
            bar.setValue(0)
            bar.setFormat("")
        self.step.setText("")

    def show_progress(self, event: object) -> None:
        """`scan` and `ingest` (items settled) on the overall bar, `qc` (analysed) beside."""
        if not isinstance(event, ProgressEvent):
            return
        bar = self.qc_progress if event.phase == "qc" else self.progress
        if event.total:
            bar.setRange(0, event.total)
            bar.setValue(min(event.done, event.total))
        label = PHASES.get(event.phase, event.phase)
        bar.setFormat(f"{label} %v/%m" if event.phase != "scan" else f"{label} %p%")
        if event.message:
            self.step.setText(f"{label}: {event.message}")


class HistoryPanel(QtWidgets.QGroupBox):
    """The project's runs; double-click opens one."""

    def __init__(self, model: RunsModel, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__("History", parent)
        self.view = QtWidgets.QTableView()
        self.view.setObjectName("ingestRuns")
        self.view.setModel(model)
        self.view.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(QtCore.Qt.TextElideMode.ElideLeft)  # a folder by its name
        self.view.verticalHeader().hide()
        self.view.setToolTip("Double-click a run to open its results")
        self.view.setMinimumHeight(40)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(model.SOURCE, Resize.Stretch)
        for column in (model.PUBLISHED, model.FAILED, model.DUPLICATE, model.SKIPPED):
            header.setSectionResizeMode(column, Resize.ResizeToContents)
        header.setSectionResizeMode(model.STARTED, Resize.ResizeToContents)
        self.view.setColumnWidth(model.USER, 70)
        self.view.setColumnWidth(model.MODE, 64)
        self.open_button = QtWidgets.QPushButton("Open run")
        self.open_button.setEnabled(False)
        self.refresh_button = QtWidgets.QPushButton(icon("refresh"), "Refresh")
        self.refresh_button.setToolTip("Reload the runs")
        buttons = QtWidgets.QVBoxLayout()  # beside the table: the tab may be made low
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)
        layout = QtWidgets.QHBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
