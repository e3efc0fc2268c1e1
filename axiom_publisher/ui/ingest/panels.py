"""The Ingest tab's parts (their behaviour is in tab.py): the delivery bar, the items table
with its assignment bar, the run bar, the history."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from pathlib import Path

from qtpy import QtCore, QtWidgets

from axiom_publisher.core.ingest import IngestPlan, IngestRule, IngestRun
from axiom_publisher.core.types import EntityKind, ProgressEvent
from axiom_publisher.ui.browser.delegates import QCBadgeDelegate
from axiom_publisher.ui.browser.models import shown_time
from axiom_publisher.ui.icons import icon
from axiom_publisher.ui.ingest.delegates import OutcomeBadgeDelegate
from axiom_publisher.ui.ingest.models import IngestItemsModel
from axiom_publisher.ui.ingest.runs_model import RunsModel
from axiom_publisher.ui.publish.context_picker import ContextPicker

Resize = QtWidgets.QHeaderView.ResizeMode
PHASES = {"scan": "Scan", "qc": "QC", "ingest": "Done"}
NO_PLAN = "Scan a delivery folder to list its items."


def rule_text(rule: IngestRule) -> str:
    """`(?P<shot>…)_plate  →  shot · plate · {product}`."""
    product = rule.product or "{product}"
    kind = rule.kind.value if isinstance(rule.kind, EntityKind) else str(rule.kind)
    return f"{rule.pattern}   \u2192  {kind} \u00b7 {rule.task} \u00b7 {product}"


class DeliveryBar(QtWidgets.QGroupBox):
    """The delivery folder, the project, its naming rules and Scan."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__("Delivery", parent)
        self.folder = QtWidgets.QLineEdit()
        self.folder.setPlaceholderText("a delivery folder: browse, type or drop it on the tab")
        self.browse_button = QtWidgets.QPushButton(icon("folder"), "Browse\u2026")
        self.project = QtWidgets.QComboBox()
        self.project.setMinimumContentsLength(14)
        self.scan_button = QtWidgets.QPushButton("Scan")
        self.scan_button.setToolTip(
            "Find the delivery's clips, sequences and stills and match them"
        )
        self.rules = QtWidgets.QListWidget()
        self.rules.setObjectName("ingestRules")
        self.rules.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.NoSelection)
        self.rules.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        self.rules.setFixedHeight(64)
        self.rules.setToolTip("The project's naming rules (project config), tried in order")

        grid = QtWidgets.QGridLayout(self)
        grid.addWidget(QtWidgets.QLabel("Folder"), 0, 0)
        grid.addWidget(self.folder, 0, 1)
        grid.addWidget(self.browse_button, 0, 2)
        grid.addWidget(QtWidgets.QLabel("Project"), 1, 0)
        project_row = QtWidgets.QHBoxLayout()
        project_row.addWidget(self.project, 1)
        project_row.addWidget(self.scan_button)
        grid.addLayout(project_row, 1, 1, 1, 2)
        grid.addWidget(QtWidgets.QLabel("Rules"), 0, 3, QtCore.Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.rules, 0, 4, 2, 1)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(4, 4)
        self.choose_folder: Callable[[], str] = self._ask_folder  # tests answer themselves
        self.browse_button.clicked.connect(self._browse)

    def _browse(self) -> None:
        folder = self.choose_folder()
        if folder:
            self.folder.setText(folder)

    def _ask_folder(self) -> str:
        start = self.folder.text().strip() or str(Path.home())
        return QtWidgets.QFileDialog.getExistingDirectory(self, "Delivery folder", start)

    def set_projects(self, codes: Sequence[str], wanted: str) -> None:
        """Fill the project picker quietly, `wanted` chosen when it is there."""
        blocked = self.project.blockSignals(True)
        self.project.clear()
        self.project.addItems(list(codes))
        if wanted in codes:
            self.project.setCurrentIndex(list(codes).index(wanted))
        self.project.blockSignals(blocked)

    def show_rules(self, rules: Sequence[IngestRule] | None, note: str = "") -> None:
        self.rules.clear()
        if note:
            self.rules.addItem(note)
        for rule in rules or ():
            self.rules.addItem(rule_text(rule))
        if not rules and not note:
            self.rules.addItem("no naming rules: every item needs assigning by hand")


class AssignBar(QtWidgets.QGroupBox):
    """Assign the selected rows by hand: the context picker (project fixed) and Assign."""

    def __init__(self, picker: ContextPicker, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__("Assign selected items", parent)
        self.picker = picker
        picker.project.setEnabled(False)
        picker.next_version.setWordWrap(True)  # the window may be made narrow
        for combo in (picker.project, picker.entity, picker.task, picker.product):
            combo.setMinimumContentsLength(6)
        self.assign_button = QtWidgets.QPushButton("Assign")
        self.assign_button.setEnabled(False)
        self.hint = QtWidgets.QLabel()
        self.hint.setProperty("role", "subtitle")
        self.hint.setWordWrap(True)
        self.hint.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        side = QtWidgets.QWidget()
        side.setFixedWidth(160)
        side_layout = QtWidgets.QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.hint)
        side_layout.addWidget(self.assign_button)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(picker, 1)
        layout.addWidget(side)


class ItemsPanel(QtWidgets.QWidget):
    """What the table shows (a plan or a past run), the table and the assignment bar."""

    def __init__(
        self, model: IngestItemsModel, assign: AssignBar, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.title = QtWidgets.QLabel(NO_PLAN)
        self.title.setObjectName("ingestTitle")
        self.title.setSizePolicy(  # a long folder never widens the window
            QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Preferred
        )
        self.summary_link = QtWidgets.QLabel()
        self.summary_link.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.summary_link.hide()
        self.back_button = QtWidgets.QPushButton("Back to the plan")
        self.back_button.hide()
        self.all_button = QtWidgets.QPushButton("Select all")
        self.none_button = QtWidgets.QPushButton("Select none")
        self.view = QtWidgets.QTableView()
        self.view.setObjectName("ingestItems")
        self.view.setModel(model)
        self.view.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(26)
        self.view.setMinimumHeight(48)  # explicit minimums: the window may be made small
        self.outcome_delegate = OutcomeBadgeDelegate(self.view)
        self.qc_delegate = QCBadgeDelegate(self.view)
        self.view.setItemDelegateForColumn(model.OUTCOME, self.outcome_delegate)
        self.view.setItemDelegateForColumn(model.QC, self.qc_delegate)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(True)
        widths = ((model.ITEM, 280), (model.FRAMES, 280), (model.TARGET, 220),
                  (model.OUTCOME, 110), (model.QC, 70), (model.VERSION, 80))  # fmt: skip
        for column, width in widths:
            self.view.setColumnWidth(column, width)
        self.assign = assign

        top = QtWidgets.QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.summary_link)
        top.addWidget(self.back_button)
        top.addWidget(self.all_button)
        top.addWidget(self.none_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(assign)

    def show_plan(self, plan: IngestPlan | None, run: IngestRun | None) -> None:
        """The title above a plan: its folder, counts and the last run on it."""
        if plan is None:
            self.title.setText(NO_PLAN)
            return
        text = f"<b>{html.escape(str(plan.root))}</b> \u2014 {len(plan.items)} items, "
        text += f"{len(plan.unmatched)} unmatched"
        if run is not None:
            text += f" \u2014 {'dry run' if run.dry_run else 'run'} {shown_time(run.ended_at)}"
            text += f": {run.published} published, {run.failed} failed, "
            text += f"{run.duplicate} duplicate, {run.skipped} skipped"
            if run.dry_run:
                text += f", {run.planned} planned"
        self.title.setText(text)

    def selected_indices(self) -> list[int]:
        """The item indices of the rows selected in the table."""
        model = self.view.model()
        assert isinstance(model, IngestItemsModel)
        rows = sorted({index.row() for index in self.view.selectionModel().selectedRows()})
        lines = [model.row(row) for row in rows]
        return [line.index for line in lines if line is not None]

    def select_indices(self, indices: Sequence[int]) -> None:
        """Select the rows of these item indices (as a click would)."""
        model = self.view.model()
        assert isinstance(model, IngestItemsModel)
        self.view.clearSelection()
        flags = QtCore.QItemSelectionModel.SelectionFlag
        for index in indices:
            row = model.row_of(index)
            if row >= 0:
                self.view.selectionModel().select(model.index(row, 0), flags.Select | flags.Rows)

    def hide_run_links(self) -> None:
        self.summary_link.hide()
        self.back_button.hide()


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
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.allow_duplicates)
        layout.addWidget(self.progress, 2)
        layout.addWidget(self.qc_progress, 1)
        layout.addWidget(self.step, 1)
        layout.addWidget(self.cancel_button)
        layout.addWidget(self.dry_run_button)
        layout.addWidget(self.ingest_button)

    def reset(self) -> None:
        for bar, text in ((self.progress, "Done %v/%m"), (self.qc_progress, "QC %v/%m")):
            bar.setRange(0, 1)
            bar.setValue(0)
            bar.setFormat(text)
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
