"""The items list: a table model over the widget's ItemRows and the QC badge delegate."""

from __future__ import annotations

from typing import Any

from qtpy import QtCore, QtGui, QtWidgets

from axiom_publisher.core.qc import QCStatus
from axiom_publisher.ui.publish.rows import ItemRow, RowState
from axiom_publisher.ui.table_model import HeaderedTableModel

Index = QtCore.QModelIndex | QtCore.QPersistentModelIndex
USER = int(QtCore.Qt.ItemDataRole.UserRole)
ProgressRole = USER + 1  # float 0..1 while analysing, else None
BadgeRole = USER + 2  # the badge colour (QColor) once analysed
RowRole = USER + 3  # the ItemRow itself

THUMB_COLUMN, ITEM_COLUMN, STATUS_COLUMN = 0, 1, 2
HEADERS = ("", "Item", "QC")
THUMB_SIZE = QtCore.QSize(96, 54)

BADGE_COLOURS = {
    QCStatus.PASS: QtGui.QColor("#2e9d4f"),
    QCStatus.SKIP: QtGui.QColor("#2e9d4f"),
    QCStatus.WARN: QtGui.QColor("#d08a0c"),
    QCStatus.FAIL: QtGui.QColor("#c8372d"),
}
OVERRIDDEN = QtGui.QColor("#8a5a9c")
NEUTRAL = QtGui.QColor("#5b6472")
PROGRESS = QtGui.QColor("#3b82f6")


def badge_colour(row: ItemRow) -> QtGui.QColor:
    if row.state is not RowState.READY or row.verdict is None:
        return NEUTRAL if row.state is not RowState.ERROR else BADGE_COLOURS[QCStatus.FAIL]
    if row.verdict is QCStatus.FAIL and row.override_reason:
        return OVERRIDDEN
    return BADGE_COLOURS[row.verdict]


class ItemsModel(HeaderedTableModel):
    """Rows are ItemRow objects owned by the widget; call `row_changed` after editing one."""

    HEADERS = HEADERS

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ItemRow] = []
        self._pixmaps: dict[int, QtGui.QPixmap] = {}  # id(row) -> pixmap made on this thread

    # -- the list ---------------------------------------------------------------------------

    @property
    def rows(self) -> list[ItemRow]:
        return list(self._rows)

    def append(self, row: ItemRow) -> None:
        end = len(self._rows)
        self.beginInsertRows(QtCore.QModelIndex(), end, end)
        self._rows.append(row)
        self.endInsertRows()

    def remove(self, row: ItemRow) -> None:
        position = self.position(row)
        if position < 0:
            return
        self.beginRemoveRows(QtCore.QModelIndex(), position, position)
        del self._rows[position]
        self._pixmaps.pop(id(row), None)
        self.endRemoveRows()

    def position(self, row: ItemRow) -> int:
        for position, candidate in enumerate(self._rows):
            if candidate is row:
                return position
        return -1

    def row_at(self, position: int) -> ItemRow | None:
        return self._rows[position] if 0 <= position < len(self._rows) else None

    def row_changed(self, row: ItemRow) -> None:
        position = self.position(row)
        if position < 0:
            return
        self._pixmaps.pop(id(row), None)
        self.dataChanged.emit(self.index(position, 0), self.index(position, len(HEADERS) - 1))

    # -- QAbstractItemModel -----------------------------------------------------------------

    def row_count(self) -> int:
        return len(self._rows)

    def data(self, index: Index, role: int = QtCore.Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        column = index.column()
        if role == RowRole:
            return row
        if role == QtCore.Qt.ItemDataRole.ToolTipRole:
            return row.error or (row.source.display if row.source else row.path)
        if column == THUMB_COLUMN:
            if role == QtCore.Qt.ItemDataRole.DecorationRole:
                return self._pixmap(row)
            if role == QtCore.Qt.ItemDataRole.SizeHintRole:
                return THUMB_SIZE
        elif column == ITEM_COLUMN:
            if role == QtCore.Qt.ItemDataRole.DisplayRole:
                return row.label
        elif column == STATUS_COLUMN:
            if role == QtCore.Qt.ItemDataRole.DisplayRole:
                return row.status_text
            if role == ProgressRole:
                return row.fraction if row.state is RowState.ANALYSING else None
            if role == BadgeRole:
                return badge_colour(row)
        return None

    def _pixmap(self, row: ItemRow) -> QtGui.QPixmap | None:
        if row.thumbnail is None:
            return None
        pixmap = self._pixmaps.get(id(row))
        if pixmap is None:
            pixmap = QtGui.QPixmap.fromImage(row.thumbnail)
            self._pixmaps[id(row)] = pixmap
        return pixmap


class StatusDelegate(QtWidgets.QStyledItemDelegate):
    """A progress bar while an item is analysed, then a coloured QC badge."""

    def paint(
        self,
        painter: QtGui.QPainter,
        option: QtWidgets.QStyleOptionViewItem,
        index: Index,
    ) -> None:
        fraction = index.data(ProgressRole)
        text = str(index.data(QtCore.Qt.ItemDataRole.DisplayRole) or "")
        rect = option.rect.adjusted(6, 0, -6, 0)
        height = min(22, rect.height() - 8)
        rect = QtCore.QRect(rect.x(), rect.center().y() - height // 2, rect.width(), height)
        painter.save()
        if option.state & QtWidgets.QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight())
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        painter.setPen(QtCore.Qt.PenStyle.NoPen)
        if fraction is not None:  # drawn, not styled: the same in every style and palette
            painter.setBrush(NEUTRAL)
            painter.drawRoundedRect(QtCore.QRectF(rect), 4.0, 4.0)
            done = QtCore.QRectF(rect)
            done.setWidth(max(0.0, min(1.0, float(fraction))) * rect.width())
            painter.setBrush(PROGRESS)
            painter.drawRoundedRect(done, 4.0, 4.0)
            painter.setPen(QtGui.QColor("white"))
            painter.setFont(option.font)
            painter.drawText(rect, int(QtCore.Qt.AlignmentFlag.AlignCenter), text)
        else:
            colour = index.data(BadgeRole)
            painter.setBrush(colour if isinstance(colour, QtGui.QColor) else NEUTRAL)
            painter.drawRoundedRect(QtCore.QRectF(rect), 4.0, 4.0)
            painter.setPen(QtGui.QColor("white"))
            font = QtGui.QFont(option.font)
            font.setBold(True)
            painter.setFont(font)
            painter.drawText(rect, int(QtCore.Qt.AlignmentFlag.AlignCenter), text)
        painter.restore()

    def sizeHint(  # noqa: N802
        self, option: QtWidgets.QStyleOptionViewItem, index: Index
    ) -> QtCore.QSize:
        hint = super().sizeHint(option, index)
        return QtCore.QSize(max(hint.width() + 24, 150), max(hint.height(), 28))
