"""The transport bar under the viewer: playback buttons, frame and timecode, compare mode,
zoom, fullscreen, and the measured playback rate.

It only shows state and asks for things through signals; the ReviewPlayer connects it to the
playback controller and the canvas. Tooltips name the shortcuts the player binds.
"""

from __future__ import annotations

from qtpy import QtCore, QtGui, QtWidgets

from axiom_publisher.ui.icons import icon
from axiom_publisher.ui.review.compare import MODE_ORDER, CompareMode

# The player's shortcuts, as the tooltips show them (player.py binds the same keys).
SHORTCUTS = {
    "first": "Home",
    "step_back": "Left",
    "play": "Space",
    "step_forward": "Right",
    "last": "End",
    "fit": "Ctrl+0",
    "actual": "Ctrl+1",
    "fullscreen": "F",
}


NARROW = 900  # below this width the bar leaves out the frame range read-out


def _tip(text: str, key: str) -> str:
    return f"{text}  <span style='color:#8a8a8a'>{key}</span>"


def _with_dim_disabled(source: QtGui.QIcon, size: int = 18) -> QtGui.QIcon:
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


class TransportBar(QtWidgets.QFrame):
    """Buttons and read-outs; every request goes out through a signal."""

    first_requested = QtCore.Signal()
    last_requested = QtCore.Signal()
    step_requested = QtCore.Signal(int)  # -1 or +1
    play_toggled = QtCore.Signal()
    frame_entered = QtCore.Signal(int)  # a shot frame typed into the frame box
    mode_requested = QtCore.Signal(object)  # CompareMode
    fit_requested = QtCore.Signal()
    actual_size_requested = QtCore.Signal()
    fullscreen_requested = QtCore.Signal()

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transportBar")
        self._playing = False
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        layout.setSpacing(2)

        self.first_button = self._button("first", "First frame", "first", self.first_requested)
        self.back_button = self._button("step-back", "Step back", "step_back")
        self.back_button.clicked.connect(lambda: self.step_requested.emit(-1))
        self.play_button = self._button("play", "Play", "play", self.play_toggled)
        self.play_button.setObjectName("playButton")
        self.forward_button = self._button("step-forward", "Step forward", "step_forward")
        self.forward_button.clicked.connect(lambda: self.step_requested.emit(1))
        self.last_button = self._button("last", "Last frame", "last", self.last_requested)
        for button in (
            self.first_button,
            self.back_button,
            self.play_button,
            self.forward_button,
            self.last_button,
        ):
            layout.addWidget(button)
        layout.addSpacing(10)

        self.frame_box = QtWidgets.QSpinBox()
        self.frame_box.setObjectName("frameBox")
        # No arrows (hidden by the style sheet: NoButtons leaves a 1-pixel-wide editor there).
        self.frame_box.setAlignment(QtCore.Qt.AlignmentFlag.AlignRight)
        self.frame_box.setKeyboardTracking(False)
        self.frame_box.setToolTip("Shot frame (type a frame and press Enter to go there)")
        self.frame_box.setRange(1, 1)
        self.frame_box.setMinimumWidth(64)
        self.frame_box.editingFinished.connect(self._frame_typed)
        layout.addWidget(self.frame_box)
        self.range_label = self._readout("", "rangeLabel", "The version's shot frames")
        layout.addWidget(self.range_label)
        layout.addSpacing(10)
        self.timecode_label = self._readout("--:--:--:--", "timecodeLabel", "SMPTE timecode")
        layout.addWidget(self.timecode_label)
        layout.addSpacing(12)  # never closer than this when the bar is narrow
        layout.addStretch(1)

        self.stats_label = self._readout("", "statsLabel", "Measured playback rate and drops")
        layout.addWidget(self.stats_label)
        layout.addSpacing(10)
        self.mode_box = QtWidgets.QComboBox()
        self.mode_box.setObjectName("modeBox")
        for number, mode in enumerate(MODE_ORDER, start=1):
            self.mode_box.addItem(mode.label, mode.value)
            self.mode_box.setItemData(
                number - 1, f"Key {number}", QtCore.Qt.ItemDataRole.ToolTipRole
            )
        self.mode_box.setToolTip("Compare mode (keys 1-5; T toggles A/B)")
        self.mode_box.activated.connect(self._mode_chosen)
        layout.addWidget(self.mode_box)
        layout.addSpacing(6)
        self.zoom_label = self._readout(
            "Fit", "zoomLabel", "Zoom (mouse wheel; double-click: fit / 100%)"
        )
        self.zoom_label.setAlignment(
            QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter
        )
        layout.addWidget(self.zoom_label)
        self.fit_button = self._button("zoom-fit", "Fit to view", "fit", self.fit_requested)
        self.actual_button = self._button(
            "zoom-actual", "Actual size (100%)", "actual", self.actual_size_requested
        )
        self.fullscreen_button = self._button(
            "fullscreen", "Fullscreen (Esc leaves)", "fullscreen", self.fullscreen_requested
        )
        for button in (self.fit_button, self.actual_button, self.fullscreen_button):
            layout.addWidget(button)
        self.set_stats(None, 0)

    def _button(
        self,
        icon_name: str,
        text: str,
        shortcut: str,
        signal: QtCore.SignalInstance | None = None,
    ) -> QtWidgets.QToolButton:
        button = QtWidgets.QToolButton()
        button.setIcon(_with_dim_disabled(icon(icon_name)))
        button.setIconSize(QtCore.QSize(18, 18))
        button.setAutoRaise(True)
        button.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        button.setToolTip(_tip(text, SHORTCUTS[shortcut]))
        button.setAccessibleName(text)
        if signal is not None:
            button.clicked.connect(signal.emit)
        return button

    @staticmethod
    def _readout(text: str, name: str, tip: str) -> QtWidgets.QLabel:
        label = QtWidgets.QLabel(text)
        label.setObjectName(name)
        label.setToolTip(tip)
        return label

    # ---- state ----------------------------------------------------------------------------

    @property
    def frame(self) -> int:
        return self.frame_box.value()

    @property
    def timecode(self) -> str:
        return self.timecode_label.text()

    @property
    def mode(self) -> CompareMode:
        return MODE_ORDER[self.mode_box.currentIndex()]

    @property
    def playing(self) -> bool:
        return self._playing

    def set_range(self, first: int, last: int) -> None:
        self.frame_box.blockSignals(True)
        self.frame_box.setRange(first, max(first, last))
        self.frame_box.blockSignals(False)
        digits = max(len(str(first)), len(str(last)))
        self.frame_box.setMinimumWidth(self.fontMetrics().horizontalAdvance("0" * digits) + 20)
        self.range_label.setText(f"{first}–{last}")

    def set_frame(self, frame: int, timecode: str) -> None:
        if not self.frame_box.hasFocus() or self._playing:
            self.frame_box.blockSignals(True)
            self.frame_box.setValue(frame)
            self.frame_box.blockSignals(False)
        self.timecode_label.setText(timecode)

    def set_playing(self, playing: bool) -> None:
        self._playing = playing
        self.play_button.setIcon(_with_dim_disabled(icon("pause" if playing else "play")))
        text = "Pause" if playing else "Play"
        self.play_button.setToolTip(_tip(text, SHORTCUTS["play"]))
        self.play_button.setAccessibleName(text)

    def set_stats(self, fps: float | None, dropped: int) -> None:
        shown = "– fps" if fps is None else f"{fps:.1f} fps"
        self.stats_label.setText(f"{shown}  ·  {dropped} dropped")

    def set_mode(self, mode: CompareMode) -> None:
        self.mode_box.setCurrentIndex(MODE_ORDER.index(mode))

    def set_zoom(self, zoom: float | None) -> None:
        """Device pixels per image pixel (None: fitted to the view)."""
        self.zoom_label.setText("Fit" if zoom is None else f"{zoom * 100:.0f}%")

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self.range_label.setVisible(event.size().width() >= NARROW)  # room for the rest

    def set_controls_enabled(self, enabled: bool) -> None:
        for widget in self.findChildren(QtWidgets.QWidget):
            widget.setEnabled(enabled)

    def _frame_typed(self) -> None:
        self.frame_entered.emit(self.frame_box.value())

    def _mode_chosen(self, row: int) -> None:
        self.mode_requested.emit(MODE_ORDER[row])
