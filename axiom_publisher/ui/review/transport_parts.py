"""Small parts of the transport bar: tooltips with their key, icons with a clearly dimmed
disabled look, and the width a row of parts wants."""

from __future__ import annotations

from qtpy import QtCore, QtGui, QtWidgets


def tip(text: str, key: str) -> str:
    return f"{text}  <span style='color:#8a8a8a'>{key}</span>"


def dim_disabled(source: QtGui.QIcon, size: int = 18) -> QtGui.QIcon:
    """`source` with a clearly dimmed Disabled mode (Fusion's own barely differs on dark)."""
    result = QtGui.QIcon()
    for scale in (1, 2):
        normal = source.pixmap(QtCore.QSize(size * scale, size * scale))
        normal.setDevicePixelRatio(scale)
        dim = QtGui.QPixmap(normal.size())
        dim.setDevicePixelRatio(scale)
        dim.fill(QtCore.Qt.GlobalColor.transparent)
        painter = QtGui.QPainter(dim)
        painter.setOpacity(0.3)
        painter.drawPixmap(0, 0, normal)
        painter.end()
        result.addPixmap(normal, QtGui.QIcon.Mode.Normal)
        result.addPixmap(dim, QtGui.QIcon.Mode.Disabled)
    return result


def content_width(layout: QtWidgets.QBoxLayout) -> int:
    """What the parts of a horizontal `layout` want side by side (as the layout sees them),
    with its margins and spacing: given that much, the layout squeezes none of them."""
    layout.invalidate()  # its items cache their parts' hints
    margins = layout.contentsMargins()
    total, shown = margins.left() + margins.right(), 0
    for row in range(layout.count()):
        item = layout.itemAt(row)
        if item is None:
            continue
        total += item.sizeHint().width()  # 0 for a hidden part, and for the stretch
        shown += 0 if item.isEmpty() else 1
    return total + max(0, shown - 1) * layout.spacing()
