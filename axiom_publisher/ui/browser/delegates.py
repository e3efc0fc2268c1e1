"""Painting for the versions table: the QC verdict as a coloured badge."""

from __future__ import annotations

from qtpy import QtCore, QtGui, QtWidgets

from axiom_publisher.core.qc import QCStatus
from axiom_publisher.ui.style import qc_colour
from axiom_publisher.ui.table_model import QC_ROLE, AnyIndex


class QCBadgeDelegate(QtWidgets.QStyledItemDelegate):
    """A rounded pill (PASS green, WARN amber, FAIL red) instead of the verdict's text."""

    def paint(
        self,
        painter: QtGui.QPainter,
        option: QtWidgets.QStyleOptionViewItem,
        index: AnyIndex,
    ) -> None:
        value = index.data(QC_ROLE)  # a QCStatus arrives as its str value through QVariant
        if value not in {status.value for status in QCStatus}:
            super().paint(painter, option, index)
            return
        verdict = QCStatus(value)
        # Background and selection as usual, without the text.
        plain = QtWidgets.QStyleOptionViewItem(option)
        self.initStyleOption(plain, index)
        plain.text = ""
        style = plain.widget.style() if plain.widget is not None else QtWidgets.QApplication.style()
        style.drawControl(QtWidgets.QStyle.ControlElement.CE_ItemViewItem, plain, painter)

        text = verdict.value.upper()
        font = QtGui.QFont(option.font)
        font.setBold(True)
        font.setPointSizeF(max(7.0, option.font.pointSizeF() - 1.5))
        metrics = QtGui.QFontMetrics(font)
        width = metrics.horizontalAdvance(text) + 16
        height = metrics.height() + 4
        rect = QtCore.QRect(0, 0, width, height)
        rect.moveCenter(option.rect.center())

        painter.save()
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        painter.setPen(QtCore.Qt.PenStyle.NoPen)
        painter.setBrush(qc_colour(verdict))
        painter.drawRoundedRect(QtCore.QRectF(rect), height / 2, height / 2)
        painter.setFont(font)
        painter.setPen(QtGui.QColor("#161616"))
        painter.drawText(rect, int(QtCore.Qt.AlignmentFlag.AlignCenter), text)
        painter.restore()

    def sizeHint(  # noqa: N802 - Qt API
        self, option: QtWidgets.QStyleOptionViewItem, index: AnyIndex
    ) -> QtCore.QSize:
        size = super().sizeHint(option, index)
        return QtCore.QSize(max(size.width(), 64), size.height())
