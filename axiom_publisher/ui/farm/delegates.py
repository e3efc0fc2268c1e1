"""Painting for the Farm table: a job's status as a coloured pill, its progress as a bar."""

from __future__ import annotations

from qtpy import QtCore, QtGui, QtWidgets

from axiom_publisher.ui.badges import BadgeDelegate
from axiom_publisher.ui.farm.model import FRACTION_ROLE, STATUS_COLOURS, STATUS_ROLE
from axiom_publisher.ui.table_model import AnyIndex

TRACK = QtGui.QColor("#3a3a3a")


class StatusBadgeDelegate(BadgeDelegate):
    """QUEUED blue, RUNNING orange, DONE green, FAILED red, CANCELLED grey."""

    MIN_WIDTH = 92

    def badge(self, index: AnyIndex) -> tuple[str, QtGui.QColor] | None:
        status = index.data(STATUS_ROLE)
        colour = STATUS_COLOURS.get(str(status))
        return (str(status).upper(), QtGui.QColor(colour)) if colour else None


class MiddleElideDelegate(QtWidgets.QStyledItemDelegate):
    """Text elided in its middle: `demo / sh010 / comp / c…sh010_comp_v006.mov` keeps the
    file name that tells one job from the next (the table elides at the right)."""

    def initStyleOption(  # noqa: N802 - Qt API
        self, option: QtWidgets.QStyleOptionViewItem, index: AnyIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = QtCore.Qt.TextElideMode.ElideMiddle


class ProgressDelegate(QtWidgets.QStyledItemDelegate):
    """A bar filled to the job's fraction in its status colour, its text over it (drawn,
    not styled: the same in every style and palette)."""

    def paint(
        self,
        painter: QtGui.QPainter,
        option: QtWidgets.QStyleOptionViewItem,
        index: AnyIndex,
    ) -> None:
        fraction = index.data(FRACTION_ROLE)
        if fraction is None:
            super().paint(painter, option, index)
            return
        text = str(index.data(QtCore.Qt.ItemDataRole.DisplayRole) or "")
        colour = QtGui.QColor(STATUS_COLOURS.get(str(index.data(STATUS_ROLE)), "#4fa3e0"))
        rect = option.rect.adjusted(4, 0, -4, 0)
        height = min(18, rect.height() - 6)
        bar = QtCore.QRectF(rect.x(), rect.center().y() - height / 2 + 1, rect.width(), height)
        painter.save()
        if option.state & QtWidgets.QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight())
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        painter.setPen(QtCore.Qt.PenStyle.NoPen)
        painter.setBrush(TRACK)
        painter.drawRoundedRect(bar, 3.0, 3.0)
        done = QtCore.QRectF(bar)
        done.setWidth(max(0.0, min(1.0, float(fraction))) * bar.width())
        if done.width() > 0:
            painter.setBrush(colour.darker(115))
            painter.drawRoundedRect(done, 3.0, 3.0)
        painter.setPen(QtGui.QColor("white"))
        painter.setFont(option.font)
        painter.drawText(bar, int(QtCore.Qt.AlignmentFlag.AlignCenter), text)
        painter.restore()

    def sizeHint(  # noqa: N802 - Qt API
        self, option: QtWidgets.QStyleOptionViewItem, index: AnyIndex
    ) -> QtCore.QSize:
        hint = super().sizeHint(option, index)
        return QtCore.QSize(max(hint.width() + 16, 150), hint.height())
