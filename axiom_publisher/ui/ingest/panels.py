"""The Ingest tab's parts (their behaviour is in tab.py): the delivery bar, the items table
with its assignment bar, the run bar, the history."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from pathlib import Path

from qtpy import QtCore, QtWidgets

from axiom_publisher.core.ingest import IngestPlan, IngestRule, IngestRun
from axiom_publisher.core.types import EntityKind
from axiom_publisher.ui.browser.delegates import QCBadgeDelegate
from axiom_publisher.ui.browser.models import shown_time
from axiom_publisher.ui.icons import icon
from axiom_publisher.ui.ingest.delegates import OutcomeBadgeDelegate
from axiom_publisher.ui.ingest.models import IngestItemsModel
from axiom_publisher.ui.ingest.runs_model import counts_text
from axiom_publisher.ui.publish.context_picker import ContextPicker
from axiom_publisher.ui.table_model import AnyIndex

NO_PLAN = "Scan a delivery folder to list its items."
DETAIL_LINES = 3  # at most, for a long reason (the tooltip holds all of it)
DETAIL_MARGINS = 12  # the cell's padding, both sides


class WrappingDelegate(QtWidgets.QStyledItemDelegate):
    """Draws its column's text wrapped at words (the last line that fits is elided)."""

    def initStyleOption(  # noqa: N802 - Qt API
        self, option: QtWidgets.QStyleOptionViewItem, index: AnyIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.features |= QtWidgets.QStyleOptionViewItem.ViewItemFeature.WrapText


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
        # The run numbers the versions; and a wrapped preview would make the tab taller.
        picker.next_version.hide()
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

    def show_state(self, rows: int, busy: bool) -> None:
        """`rows` rows selected: Assign once the picker holds a whole context.

        Never disables the picker itself: it reads its combos' enabled state as "loaded"."""
        problem = self.picker.problem()
        self.assign_button.setEnabled(rows > 0 and not problem and not busy)
        self.assign_button.setText(
            f"Assign {rows} item{'s' if rows != 1 else ''}" if rows else "Assign"
        )
        self.hint.setText(problem if rows else "select rows to assign")


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
        # A reason wraps onto up to DETAIL_LINES lines (its row grows): not cut mid-sentence.
        self.view.setItemDelegateForColumn(model.DETAILS, WrappingDelegate(self.view))
        header.sectionResized.connect(lambda *_: self.fit_rows())
        model.modelReset.connect(self.fit_rows)
        model.layoutChanged.connect(lambda *_: self.fit_rows())
        model.dataChanged.connect(lambda first, last, *_: self.fit_rows(first.row(), last.row()))

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

    def fit_rows(self, first: int = 0, last: int | None = None) -> None:
        """One text line a row, more (up to DETAIL_LINES) where the details need them (rows
        `first` to `last`, default all)."""
        view, model = self.view, self.view.model()
        assert isinstance(model, IngestItemsModel)
        metrics = view.fontMetrics()
        width = max(1, view.columnWidth(model.DETAILS) - DETAIL_MARGINS)
        one_line = view.verticalHeader().defaultSectionSize()
        flags = int(QtCore.Qt.TextFlag.TextWordWrap)
        end = model.rowCount() - 1 if last is None else last
        for row in range(max(0, first), end + 1):
            line = model.row(row)
            text = line.details if line is not None else ""
            lines = 1
            if text and metrics.horizontalAdvance(text) > width:
                bound = metrics.boundingRect(QtCore.QRect(0, 0, width, 10_000), flags, text)
                lines = min(DETAIL_LINES, max(1, round(bound.height() / metrics.lineSpacing())))
            height = one_line + (lines - 1) * metrics.lineSpacing()
            if view.rowHeight(row) != height:
                view.setRowHeight(row, height)

    def show_plan(self, plan: IngestPlan | None, run: IngestRun | None) -> None:
        """The title above a plan: its folder, counts and the last run on it."""
        if plan is None:
            self.title.setText(NO_PLAN)
            return
        text = f"<b>{html.escape(str(plan.root))}</b> \u2014 {len(plan.items)} items, "
        text += f"{len(plan.unmatched)} unmatched"
        if plan.refused:
            text += f", {len(plan.refused)} refused"
        if run is not None:
            text += f" \u2014 {'dry run' if run.dry_run else 'run'} {shown_time(run.ended_at)}"
            text += f": {counts_text(run)}"
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
