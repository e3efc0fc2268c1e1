"""The review queue: versions waiting for a decision, newest first, and its filter bar."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone

from qtpy import QtCore, QtWidgets

from axiom_publisher.core.qc import QCStatus
from axiom_publisher.core.review import QueueFilter
from axiom_publisher.core.types import VersionRecord
from axiom_publisher.ui.browser.delegates import QCBadgeDelegate
from axiom_publisher.ui.table_model import AnyIndex, VersionRecordsModel

Role = QtCore.Qt.ItemDataRole
ALIGN_CENTRE = QtCore.Qt.AlignmentFlag.AlignCenter
THUMBNAIL = QtCore.QSize(96, 54)
ANY = "Any"
VERSION_IDS_MIME = "application/x-axiom-version-ids"  # "12,15": dragged to a playlist


def short_time(moment: datetime | None) -> str:
    """A database time (UTC) in local time, short: "21 Nov 15:15"."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone().strftime("%d %b %H:%M")


class QueueModel(VersionRecordsModel):
    """Versions waiting for review (as the worker returned them: newest first)."""

    HEADERS = ("", "Version", "QC")
    THUMBNAIL, VERSION, QC = range(3)
    CENTRED = (QC,)

    def _text(self, record: VersionRecord, column: int, verdict: QCStatus | None) -> str | None:
        """Three lines: shot and version, task and product, author and publish time."""
        if column == self.VERSION:
            published = short_time(record.published_at or record.created_at)
            return (
                f"{record.entity}  {record.label}\n{record.task} / {record.product}\n"
                f"{record.author}  \u00b7  {published}"
            )
        if column == self.QC:
            return verdict.value if verdict is not None else "\u2014"
        return None

    def flags(self, index: AnyIndex) -> QtCore.Qt.ItemFlag:
        flags = super().flags(index)
        return flags | QtCore.Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else flags

    def mimeTypes(self) -> list[str]:  # noqa: N802 - Qt API
        return [VERSION_IDS_MIME]

    def mimeData(self, indexes: Iterable[QtCore.QModelIndex]) -> QtCore.QMimeData:  # noqa: N802
        """The dragged rows' version ids, in row order (a Playlists panel takes them)."""
        rows = sorted({index.row() for index in indexes if index.isValid()})
        ids = [r.id for r in (self.record(row) for row in rows) if r is not None]
        data = QtCore.QMimeData()
        data.setData(VERSION_IDS_MIME, QtCore.QByteArray(",".join(map(str, ids)).encode()))
        return data

    def _tooltip(self, record: VersionRecord, column: int) -> str:
        lines = [f"{record.project} / {record.entity} / {record.task} / {record.product} "]
        lines[0] += record.label
        if record.comment:
            lines.append(record.comment)
        return "\n".join(lines)


def _fill(box: QtWidgets.QComboBox, values: Iterable[str], current: str | None) -> None:
    box.blockSignals(True)
    box.clear()
    box.addItem(ANY, None)
    for value in values:
        box.addItem(value, value)
    row = box.findData(current) if current is not None else 0
    box.setCurrentIndex(max(row, 0))
    box.blockSignals(False)


class QueueFilterBar(QtWidgets.QWidget):
    """Project / shot / author / QC pickers; `changed(QueueFilter)` whenever one changes."""

    changed = QtCore.Signal(object)  # QueueFilter

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.project_box = QtWidgets.QComboBox()
        self.entity_box = QtWidgets.QComboBox()
        self.author_box = QtWidgets.QComboBox()
        self.qc_box = QtWidgets.QComboBox()
        layout = QtWidgets.QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(6)
        layout.setVerticalSpacing(4)
        boxes = (
            ("Pro&ject", self.project_box),
            ("&Shot", self.entity_box),
            ("&Author", self.author_box),
            ("Q&C", self.qc_box),
        )
        for number, (text, box) in enumerate(boxes):
            label = QtWidgets.QLabel(text)
            label.setProperty("role", "hint")
            label.setBuddy(box)
            box.setMinimumContentsLength(4)
            box.setSizeAdjustPolicy(
                QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            row, column = divmod(number, 2)
            layout.addWidget(label, row, column * 2)
            layout.addWidget(box, row, column * 2 + 1)
            box.currentIndexChanged.connect(self._emit)
        layout.setColumnStretch(1, 1)
        layout.setColumnStretch(3, 1)
        _fill(self.qc_box, [], None)
        for status in (QCStatus.PASS, QCStatus.WARN, QCStatus.FAIL):
            self.qc_box.addItem(status.value.upper(), status.value)
        self.set_choices([], [], [])

    def set_choices(
        self, projects: Iterable[str], entities: Iterable[str], authors: Iterable[str]
    ) -> None:
        """The values to pick from (the current picks stay when they are still there)."""
        current = self.queue_filter()
        _fill(self.project_box, sorted(set(projects)), current.project)
        _fill(self.entity_box, sorted(set(entities)), current.entity)
        _fill(self.author_box, sorted(set(authors)), current.author)

    def queue_filter(self) -> QueueFilter:
        qc = self.qc_box.currentData()
        return QueueFilter(
            project=self.project_box.currentData(),
            entity=self.entity_box.currentData(),
            author=self.author_box.currentData(),
            qc=QCStatus(qc) if qc else None,
        )

    def set_filter(self, queue_filter: QueueFilter) -> None:
        """Pick the filter's values (those not offered are added, so the pick shows)."""
        picks = (
            (self.project_box, queue_filter.project),
            (self.entity_box, queue_filter.entity),
            (self.author_box, queue_filter.author),
            (self.qc_box, queue_filter.qc.value if queue_filter.qc else None),
        )
        for box, value in picks:
            box.blockSignals(True)
            row = box.findData(value) if value is not None else 0
            if row < 0 and value is not None:
                box.addItem(value, value)
                row = box.count() - 1
            box.setCurrentIndex(row)
            box.blockSignals(False)
        self._emit()

    def _emit(self, *unused: object) -> None:
        self.changed.emit(self.queue_filter())


class QueueView(QtWidgets.QTableView):
    """The queue's table: thumbnails, bold shots and QC badges, whole-row selection."""

    def __init__(self, model: QueueModel, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setItemDelegateForColumn(QueueModel.QC, QCBadgeDelegate(self))
        self.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        # Several rows (Ctrl / Shift): a new playlist of them; dragged onto a playlist.
        self.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setDragDropMode(QtWidgets.QAbstractItemView.DragDropMode.DragOnly)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setIconSize(THUMBNAIL)
        self.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(THUMBNAIL.height() + 10)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setDefaultAlignment(
            QtCore.Qt.AlignmentFlag.AlignLeft | QtCore.Qt.AlignmentFlag.AlignVCenter
        )
        fixed = {QueueModel.THUMBNAIL: THUMBNAIL.width() + 10, QueueModel.QC: 62}
        for column, width in fixed.items():
            header.setSectionResizeMode(column, QtWidgets.QHeaderView.ResizeMode.Fixed)
            self.setColumnWidth(column, width)
        header.setSectionResizeMode(QueueModel.VERSION, QtWidgets.QHeaderView.ResizeMode.Stretch)
