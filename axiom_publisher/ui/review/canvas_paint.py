"""Painting helpers of the viewer canvas: the A / B labels, and the tablet events it reads."""

from __future__ import annotations

from qtpy import QtCore, QtGui

TABLET_STAGES = {
    QtCore.QEvent.Type.TabletPress: "press",
    QtCore.QEvent.Type.TabletMove: "move",
    QtCore.QEvent.Type.TabletRelease: "release",
}


def draw_label(
    painter: QtGui.QPainter,
    base_font: QtGui.QFont,
    text: str,
    origin: QtCore.QPointF,
    *,
    scale: float = 1.0,
) -> None:
    """A label ("A  v003") in a dark rounded box at `origin`, `scale` times the UI size."""
    if not text:
        return
    font = QtGui.QFont(base_font)
    font.setPointSizeF(max(7.5, font.pointSizeF() - 0.5) * scale)
    font.setWeight(QtGui.QFont.Weight.DemiBold)
    metrics = QtGui.QFontMetricsF(font)
    pad = 6.0 * scale
    box = QtCore.QRectF(
        origin.x() + 8 * scale,
        origin.y() + 8 * scale,
        metrics.horizontalAdvance(text) + 2 * pad,
        metrics.height() + pad,
    )
    painter.save()
    painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
    painter.setPen(QtCore.Qt.PenStyle.NoPen)
    painter.setBrush(QtGui.QColor(0, 0, 0, 170))
    painter.drawRoundedRect(box, 3 * scale, 3 * scale)
    painter.setFont(font)
    painter.setPen(QtGui.QColor("#e8e8e8"))
    painter.drawText(box, int(QtCore.Qt.AlignmentFlag.AlignCenter), text)
    painter.restore()
