"""Small parts of the transport bar: what a narrow bar gives up (LEVELS), tooltips with their
key, tool buttons whose icons have a clearly dimmed disabled look, read-outs sized for any
value, the compare-mode box, and the width a row of parts wants."""

from __future__ import annotations

from qtpy import QtCore, QtGui, QtWidgets

from axiom_publisher.ui.icons import icon
from axiom_publisher.ui.review.compare import MODE_ORDER, CompareMode

# Short names of the compare modes for a narrow bar (the drop-down's tooltips keep the long).
SHORT_MODE_LABELS: dict[CompareMode, str] = {
    CompareMode.A: "A",
    CompareMode.B: "B",
    CompareMode.WIPE: "Wipe",
    CompareMode.SIDE_BY_SIDE: "Side",
    CompareMode.DIFFERENCE: "Diff",
}
# What a narrow bar gives up, in this order (each level keeps the ones before given up): the
# dropped-frames count, the measured rate, the frame range, the zoom read-out, the long
# compare-mode names; then, only in a very narrow window, the buttons whose keys remain (Home
# and End; Ctrl+0 and Ctrl+1) and last the mode box (keys 1-5, T). Step, play, the frame box,
# the timecode and fullscreen always stay, whole.
TIGHT_LEVEL, TIGHT_GAP = 6, 4  # from "no first/last buttons" on, the groups close up
TIMECODE_SHAPES = ("88:88:88:88", "88;88;88;88", "--:--:--:--")  # ; : drop frame
BOX_ROOM = 22  # a box's padding, border and a little air around its text (style.qss)
LEVELS = (
    "short stats", "no stats", "no range", "no zoom", "short modes",
    "no first/last buttons", "no zoom buttons", "no mode box",
)  # fmt: skip


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


def fit_timecode(label: QtWidgets.QLabel) -> None:
    """As wide as any timecode (digits, separators or the dashes of none), so the bar's
    compact width holds whatever timecode comes."""
    label.ensurePolished()
    metrics = label.fontMetrics()
    widest = max(metrics.horizontalAdvance(text) for text in TIMECODE_SHAPES)
    margins = label.contentsMargins()
    label.setMinimumWidth(widest + margins.left() + margins.right() + 2 * label.margin())


def fit_frame_box(box: QtWidgets.QSpinBox) -> None:
    """Wide enough for the longest frame number of the range (in the box's own font)."""
    box.ensurePolished()
    digits = max(len(str(box.minimum())), len(str(box.maximum())))
    box.setFixedWidth(box.fontMetrics().horizontalAdvance("0" * digits) + BOX_ROOM)


def tool_button(icon_name: str, text: str, key: str) -> QtWidgets.QToolButton:
    """A flat icon button that takes no focus, its tooltip naming `key`."""
    button = QtWidgets.QToolButton()
    button.setIcon(dim_disabled(icon(icon_name)))
    button.setIconSize(QtCore.QSize(18, 18))
    button.setAutoRaise(True)
    button.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
    button.setToolTip(tip(text, key))
    button.setAccessibleName(text)
    return button


def readout(text: str, name: str, tooltip: str) -> QtWidgets.QLabel:
    """A read-out label (frame range, timecode, rate, zoom), named for the style sheet."""
    label = QtWidgets.QLabel(text)
    label.setObjectName(name)
    label.setToolTip(tooltip)
    return label


def mode_box() -> QtWidgets.QComboBox:
    """The compare modes in MODE_ORDER, each with its key (1-5) in its tooltip."""
    box = QtWidgets.QComboBox()
    box.setObjectName("modeBox")
    box.setSizeAdjustPolicy(
        QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToContents  # follows short / long names
    )
    for number, mode in enumerate(MODE_ORDER, start=1):
        box.addItem(mode.label, mode.value)
        box.setItemData(
            number - 1, f"{mode.label} (key {number})", QtCore.Qt.ItemDataRole.ToolTipRole
        )
    box.setToolTip("Compare mode (keys 1-5; T toggles A/B)")
    return box
