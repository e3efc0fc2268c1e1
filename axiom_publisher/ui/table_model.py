"""The shared part of AXIOM's flat table models: headers, counts and flags; and the
model of rows of versions with thumbnails and QC verdicts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from qtpy import QtCore, QtGui

from axiom_publisher.core.qc import QCStatus
from axiom_publisher.core.types import VersionRecord
from axiom_publisher.ui.style import qc_colour

AnyIndex = QtCore.QModelIndex | QtCore.QPersistentModelIndex
NO_PARENT = QtCore.QModelIndex()


class HeaderedTableModel(QtCore.QAbstractTableModel):
    """A flat, read-only table whose columns are `HEADERS`.

    Subclasses hold their rows (core dataclasses), answer `row_count()` and `data()`, and
    may extend `headerData` for other roles.
    """

    HEADERS: tuple[str, ...] = ()

    def row_count(self) -> int:
        raise NotImplementedError

    def rowCount(self, parent: AnyIndex = NO_PARENT) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else self.row_count()

    def columnCount(self, parent: AnyIndex = NO_PARENT) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(  # noqa: N802 - Qt API
        self,
        section: int,
        orientation: QtCore.Qt.Orientation,
        role: int = QtCore.Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if (
            orientation == QtCore.Qt.Orientation.Horizontal
            and role == QtCore.Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.HEADERS)
        ):
            return self.HEADERS[section]
        return None

    def flags(self, index: AnyIndex) -> QtCore.Qt.ItemFlag:
        if not index.isValid():
            return QtCore.Qt.ItemFlag.NoItemFlags
        return QtCore.Qt.ItemFlag.ItemIsEnabled | QtCore.Qt.ItemFlag.ItemIsSelectable


Role = QtCore.Qt.ItemDataRole
QC_ROLE = Role.UserRole + 1  # the QC verdict's value ("pass", "warn", ...) of a version row
ALIGN_CENTRE = QtCore.Qt.AlignmentFlag.AlignCenter


class VersionRecordsModel(HeaderedTableModel):
    """Rows of VersionRecords with their thumbnails by version id (the browser's versions,
    the review queue). Column THUMBNAIL shows the picture and column QC the verdict (its
    colour, and QC_ROLE for the badge delegate); subclasses say the rest in `_text`,
    `_tooltip` and `_foreground`, and list their centred columns in CENTRED."""

    THUMBNAIL = 0
    QC = -1
    CENTRED: tuple[int, ...] = ()

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._records: list[VersionRecord] = []
        self._thumbnails: dict[int, QtGui.QImage] = {}

    def set_records(
        self, records: Iterable[VersionRecord], thumbnails: dict[int, QtGui.QImage] | None = None
    ) -> None:
        self.beginResetModel()
        self._records = list(records)
        self._thumbnails = dict(thumbnails or {})
        self.endResetModel()

    @property
    def records(self) -> list[VersionRecord]:
        return list(self._records)

    def record(self, row: int) -> VersionRecord | None:
        return self._records[row] if 0 <= row < len(self._records) else None

    def row_of(self, version_id: int) -> int:
        """The row of the version with this id, or -1."""
        for row, record in enumerate(self._records):
            if record.id == version_id:
                return row
        return -1

    def row_count(self) -> int:
        return len(self._records)

    def headerData(  # noqa: N802 - Qt API
        self, section: int, orientation: QtCore.Qt.Orientation, role: int = Role.DisplayRole
    ) -> Any:
        if role == Role.ToolTipRole and section == self.THUMBNAIL:
            return "Thumbnail" if orientation == QtCore.Qt.Orientation.Horizontal else None
        return super().headerData(section, orientation, role)

    def data(self, index: AnyIndex, role: int = Role.DisplayRole) -> Any:
        record = self.record(index.row()) if index.isValid() else None
        if record is None:
            return None
        column = index.column()
        verdict = record.qc.verdict if record.qc is not None else None
        if role == Role.DisplayRole:
            return self._text(record, column, verdict)
        if role == Role.DecorationRole and column == self.THUMBNAIL:
            return self._thumbnails.get(record.id)
        if role == Role.ForegroundRole:
            if column == self.QC and verdict is not None:
                return qc_colour(verdict)
            return self._foreground(record, column)
        if role == Role.TextAlignmentRole and column in self.CENTRED:
            return ALIGN_CENTRE
        if role == Role.ToolTipRole:
            return self._tooltip(record, column)
        if role == QC_ROLE:
            return verdict.value if verdict is not None else None
        return None

    def _text(self, record: VersionRecord, column: int, verdict: QCStatus | None) -> str | None:
        raise NotImplementedError

    def _tooltip(self, record: VersionRecord, column: int) -> str | None:
        return None

    def _foreground(self, record: VersionRecord, column: int) -> QtGui.QColor | None:
        return None
