"""The publish widget's widgets and their arrangement (its behaviour is in widget.py).

Context picker on top; the items over the log and the final report, beside the selected
item's QC checks, which have the whole height (a failing item's checks read whole at the
app's default 1400x850); then the comment, the overall progress, Cancel and Publish.
"""

from __future__ import annotations

from qtpy import QtCore, QtWidgets

from axiom_publisher.publish.host_publish import UNITS
from axiom_publisher.ui.publish.checks_panel import ChecksPanel
from axiom_publisher.ui.publish.colour_field import ColourSpaceField
from axiom_publisher.ui.publish.context_picker import ContextPicker
from axiom_publisher.ui.publish.farm_choice import FarmChoice
from axiom_publisher.ui.publish.items_model import ItemsModel
from axiom_publisher.ui.publish.panels import Banner, ItemsPanel
from axiom_publisher.ui.publish.report import ReportPanel

REPORT_SHARE = 0.4  # of the height below the picker that the report takes once shown


class PublishLayout(QtWidgets.QWidget):
    """The widgets of the publish dialog, made by `_build` (PublishWidget adds behaviour)."""

    def _build(
        self,
        picker: ContextPicker,
        model: ItemsModel,
        my_tasks: QtWidgets.QWidget | None = None,
        farm_choice: FarmChoice | None = None,
    ) -> None:
        """Make and arrange the widgets around the context picker and the items model
        ("My tasks", when given, above the picker; the farm choice beside Publish)."""
        self.banner = Banner()
        self.banner_label = self.banner.label
        context_box = QtWidgets.QGroupBox("Publish to")
        context_layout = QtWidgets.QVBoxLayout(context_box)
        if my_tasks is not None:
            context_layout.addWidget(my_tasks)
        context_layout.addWidget(picker)
        self.items = ItemsPanel(model)
        self.view = self.items.view
        self.retry_button = self.items.retry_button
        self.remove_button = self.items.remove_button
        self.checks = ChecksPanel()
        checks_box = QtWidgets.QGroupBox("QC")
        QtWidgets.QVBoxLayout(checks_box).addWidget(self.checks)

        self.log = QtWidgets.QPlainTextEdit()
        self.log.setObjectName("publishLog")
        self.log.setReadOnly(True)
        self.log.setMaximumBlockCount(5000)
        self.report = ReportPanel()
        report_scroll = QtWidgets.QScrollArea()
        report_scroll.setWidgetResizable(True)
        report_scroll.setWidget(self.report)
        self.tabs = QtWidgets.QTabWidget()
        self.tabs.addTab(self.log, "Log")
        self.tabs.addTab(report_scroll, "Report")
        self.tabs.setMinimumHeight(100)
        self.vertical = vertical = QtWidgets.QSplitter(QtCore.Qt.Orientation.Vertical)
        vertical.setChildrenCollapsible(False)
        # The selected item's media facts under the items: the checks keep their column.
        items_and_facts = QtWidgets.QWidget()
        left = QtWidgets.QVBoxLayout(items_and_facts)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.items, 1)
        left.addWidget(self.checks.facts_box)
        vertical.addWidget(items_and_facts)  # the log under the items, never under the checks
        vertical.addWidget(self.tabs)
        vertical.setStretchFactor(0, 2)
        vertical.setStretchFactor(1, 1)
        vertical.setSizes([500, 100])
        self.columns = columns = QtWidgets.QSplitter(QtCore.Qt.Orientation.Horizontal)
        columns.setChildrenCollapsible(False)
        columns.addWidget(vertical)
        columns.addWidget(checks_box)
        columns.setStretchFactor(0, 1)
        columns.setStretchFactor(1, 2)
        columns.setSizes([530, 850])

        self.comment = QtWidgets.QLineEdit()
        self.comment.setPlaceholderText("What changed in this version?")
        form = QtWidgets.QFormLayout()
        form.addRow("Comment:", self.comment)
        self.colour_space = ColourSpaceField()
        form.addRow("Colour space:", self.colour_space)
        self.progress = QtWidgets.QProgressBar()
        self.progress.setRange(0, UNITS)
        self.cancel_button = QtWidgets.QPushButton("Cancel")
        self.publish_button = QtWidgets.QPushButton("Publish")
        self.publish_button.setDefault(True)
        actions = QtWidgets.QHBoxLayout()
        actions.addWidget(self.progress, 1)
        if farm_choice is not None:  # its note replaces the bar, which a farm publish leaves
            actions.addWidget(farm_choice.note, 1)
            actions.addWidget(farm_choice.check)
        actions.addWidget(self.cancel_button)
        actions.addWidget(self.publish_button)
        self.status = QtWidgets.QLabel()
        self.status.setObjectName("publishStatus")
        self.status.setWordWrap(True)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(context_box)
        layout.addWidget(columns, 1)
        layout.addLayout(form)
        layout.addLayout(actions)
        layout.addWidget(self.status)

    def show_report(self) -> None:
        """Bring the final report forward and give it room (the items list is empty now)."""
        self.tabs.setCurrentIndex(1)
        total = sum(self.vertical.sizes())
        if total > 0:
            below = int(total * REPORT_SHARE)
            self.vertical.setSizes([total - below, below])
