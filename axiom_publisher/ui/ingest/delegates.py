"""Painting for the ingest table: an item's outcome as a coloured badge."""

from __future__ import annotations

from qtpy import QtCore, QtGui, QtWidgets

from axiom_publisher.core.ingest import Outcome
from axiom_publisher.ui.ingest.models import OUTCOME_COLOURS, OUTCOME_ROLE
from axiom_publisher.ui.table_model import AnyIndex

OUTCOMES = {outcome.value: outcome for outcome in Outcome}


class OutcomeBadgeDelegate(QtWidgets.QStyledItemDelegate):
    """A rounded pill (PUBLISHED green, PLANNED blue, DUPLICATE violet, SKIPPED grey,
    FAILED red) instead of the outcome's text; the cell's background and selection as usual."""

    def paint(
        self,
        painter: QtGui.QPainter,
        option: QtWidgets.QStyleOptionViewItem,
        index: AnyIndex,
    ) -> None:
        outcome = OUTCOMES.get(index.data(OUTCOME_ROLE))
        if outcome is None:
            super().paint(painter, option, index)
            return
        plain = QtWidgets.QStyleOptionViewItem(option)
        self.initStyleOption(plain, index)
        plain.text = ""
        style = plain.widget.style() if plain.widget is not None else QtWidgets.QApplication.style()
        style.drawControl(QtWidgets.QStyle.ControlElement.CE_ItemViewItem, plain, painter)

        text = outcome.value.upper()
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
        painter.setBrush(QtGui.QColor(OUTCOME_COLOURS[outcome]))
        painter.drawRoundedRect(QtCore.QRectF(rect), height / 2, height / 2)
        painter.setFont(font)
        painter.setPen(QtGui.QColor("#161616"))
        painter.drawText(rect, int(QtCore.Qt.AlignmentFlag.AlignCenter), text)
        painter.restore()

    def sizeHint(  # noqa: N802 - Qt API
        self, option: QtWidgets.QStyleOptionViewItem, index: AnyIndex
    ) -> QtCore.QSize:
        size = super().sizeHint(option, index)
        return QtCore.QSize(max(size.width(), 96), size.height())
