"""Table cells painted as coloured pills: a QC verdict, an ingest outcome."""

from __future__ import annotations

from qtpy import QtCore, QtGui, QtWidgets

from axiom_publisher.ui.table_model import AnyIndex

BADGE_TEXT = "#161616"


class BadgeDelegate(QtWidgets.QStyledItemDelegate):
    """Paints `badge(index)` — a word and its colour — as a rounded pill centred in the
    cell, over the cell's usual background and selection; other cells paint as usual."""

    MIN_WIDTH = 64

    def badge(self, index: AnyIndex) -> tuple[str, QtGui.QColor] | None:
        raise NotImplementedError

    def paint(
        self,
        painter: QtGui.QPainter,
        option: QtWidgets.QStyleOptionViewItem,
        index: AnyIndex,
    ) -> None:
        badge = self.badge(index)
        if badge is None:
            super().paint(painter, option, index)
            return
        text, colour = badge
        plain = QtWidgets.QStyleOptionViewItem(option)
        self.initStyleOption(plain, index)
        plain.text = ""
        style = plain.widget.style() if plain.widget is not None else QtWidgets.QApplication.style()
        style.drawControl(QtWidgets.QStyle.ControlElement.CE_ItemViewItem, plain, painter)

        font = QtGui.QFont(option.font)
        font.setBold(True)
        font.setPointSizeF(max(7.0, option.font.pointSizeF() - 1.5))
        metrics = QtGui.QFontMetrics(font)
        width = min(metrics.horizontalAdvance(text) + 16, max(option.rect.width() - 6, 20))
        height = metrics.height() + 4
        rect = QtCore.QRect(0, 0, width, height)
        rect.moveCenter(option.rect.center())

        painter.save()
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        painter.setPen(QtCore.Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(QtCore.QRectF(rect), height / 2, height / 2)
        painter.setFont(font)
        painter.setPen(QtGui.QColor(BADGE_TEXT))
        painter.drawText(rect, int(QtCore.Qt.AlignmentFlag.AlignCenter), text)
        painter.restore()

    def sizeHint(  # noqa: N802 - Qt API
        self, option: QtWidgets.QStyleOptionViewItem, index: AnyIndex
    ) -> QtCore.QSize:
        size = super().sizeHint(option, index)
        return QtCore.QSize(max(size.width(), self.MIN_WIDTH), size.height())
