"""The Queue side of the Review tab: the filter bar, a count and the queue table."""

from __future__ import annotations

from qtpy import QtCore, QtWidgets

from axiom_publisher.core.review import QueueFilter
from axiom_publisher.core.types import VersionRecord
from axiom_publisher.ui.review.loaders import QueuePage
from axiom_publisher.ui.review.queue import QueueFilterBar, QueueModel, QueueView

EMPTY = "Versions published for review show here, newest first, until a lead decides."
EMPTY_FILTERED = "No version waiting for review matches these filters."


class QueuePanel(QtWidgets.QWidget):
    """Shows QueuePages; `picked(VersionRecord)` when the user selects a row."""

    picked = QtCore.Signal(object)  # VersionRecord
    filter_changed = QtCore.Signal(object)  # QueueFilter

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = QueueModel(self)
        self._quiet = False
        self.filter_bar = QueueFilterBar()
        self.view = QueueView(self.model)
        self.count = QtWidgets.QLabel("Loading the queue\u2026")
        self.count.setProperty("role", "hint")
        self.empty = QtWidgets.QLabel()
        self.empty.setProperty("role", "hint")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.empty.hide()
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.count)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty, 1)  # in the table's place while nothing waits
        self.filter_bar.changed.connect(self.filter_changed)
        self.view.selectionModel().currentRowChanged.connect(self._on_row)

    def queue_filter(self) -> QueueFilter:
        return self.filter_bar.queue_filter()

    def current_record(self) -> VersionRecord | None:
        return self.model.record(self.view.currentIndex().row())

    def show_loading(self) -> None:
        self.count.setText("Loading the queue\u2026")

    def show_page(self, page: QueuePage, keep: int | None = None) -> None:
        """Show `page`; the row of version `keep` is made current without `picked`."""
        self.filter_bar.blockSignals(True)
        self.filter_bar.set_choices(page.projects, page.entities, page.authors)
        self.filter_bar.blockSignals(False)
        self.model.set_records(page.records, page.thumbnails)
        if keep is not None:
            self.select(keep, quiet=True)
        count = len(page.records)
        self.view.setVisible(count > 0)
        self.empty.setVisible(count == 0)
        self.empty.setText(EMPTY if page.queue_filter == QueueFilter() else EMPTY_FILTERED)
        self.count.setText(
            f"{count} version{'s' if count != 1 else ''} waiting for review, newest first"
            if count
            else "Nothing waits for review"
        )

    def select(self, version_id: int, *, quiet: bool = False) -> bool:
        row = self.model.row_of(version_id)
        if row < 0:
            return False
        self._quiet = quiet
        try:
            self.view.setCurrentIndex(self.model.index(row, QueueModel.VERSION))
        finally:
            self._quiet = False
        self.view.scrollTo(self.model.index(row, QueueModel.VERSION))
        return True

    def _on_row(self, current: QtCore.QModelIndex, previous: object = None) -> None:
        record = self.model.record(current.row()) if current.isValid() else None
        if record is not None and not self._quiet:
            self.picked.emit(record)
