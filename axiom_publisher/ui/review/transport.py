"""The transport bar under the viewer: playback buttons, frame and timecode, compare mode,
zoom, fullscreen, and the measured playback rate.

It only shows state and asks for things through signals; the ReviewPlayer connects it to the
playback controller and the canvas. Tooltips name the shortcuts the player binds.
"""

from __future__ import annotations

from qtpy import QtCore, QtGui, QtWidgets

from axiom_publisher.ui.icons import icon
from axiom_publisher.ui.review.compare import MODE_LABELS, MODE_ORDER, CompareMode
from axiom_publisher.ui.review.transport_parts import (
    LEVELS,
    SHORT_MODE_LABELS,
    TIGHT_GAP,
    TIGHT_LEVEL,
    content_width,
    dim_disabled,
    fit_frame_box,
    fit_timecode,
    mode_box,
    readout,
    tip,
    tool_button,
)

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
        self._gaps: list[tuple[QtWidgets.QSpacerItem, int]] = []
        layout = self._layout = QtWidgets.QHBoxLayout(self)
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
        self._gap(10)

        self.frame_box = QtWidgets.QSpinBox()
        self.frame_box.setObjectName("frameBox")
        # No arrows (hidden by the style sheet: NoButtons leaves a 1-pixel-wide editor there).
        self.frame_box.setAlignment(QtCore.Qt.AlignmentFlag.AlignRight)
        self.frame_box.setKeyboardTracking(False)
        self.frame_box.setToolTip("Shot frame (type a frame and press Enter to go there)")
        self.frame_box.setRange(1, 1)
        self.frame_box.editingFinished.connect(self._frame_typed)
        layout.addWidget(self.frame_box)
        self.range_label = readout("", "rangeLabel", "The version's shot frames")
        layout.addWidget(self.range_label)
        self._gap(10)
        self.timecode_label = readout("--:--:--:--", "timecodeLabel", "SMPTE timecode")
        layout.addWidget(self.timecode_label)
        self._gap(8)  # never closer than this when the bar is narrow
        layout.addStretch(1)

        self.stats_label = readout("", "statsLabel", "Measured playback rate and drops")
        layout.addWidget(self.stats_label)
        self._gap(10)
        self.mode_box = mode_box()
        self.mode_box.activated.connect(self._mode_chosen)
        layout.addWidget(self.mode_box)
        self._gap(6)
        self.zoom_label = readout(
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
        # The bar decides what it shows from its width (see LEVELS), so its layout must not
        # pin its minimum to everything shown; minimumSizeHint is the most compact level.
        layout.setSizeConstraint(QtWidgets.QLayout.SizeConstraint.SetNoConstraint)
        fit_timecode(self.timecode_label)
        self._stats: tuple[float | None, int] = (None, 0)
        self._level = 0
        self._compact_width = 0
        self.set_stats(None, 0)

    def _button(
        self,
        icon_name: str,
        text: str,
        shortcut: str,
        signal: QtCore.SignalInstance | None = None,
    ) -> QtWidgets.QToolButton:
        button = tool_button(icon_name, text, SHORTCUTS[shortcut])
        if signal is not None:
            button.clicked.connect(signal.emit)
        return button

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
        fit_frame_box(self.frame_box)
        self.range_label.setText(f"{first}–{last}")
        self._refit(measure_compact=True)  # the frame box's width follows the range

    def set_frame(self, frame: int, timecode: str) -> None:
        if not self.frame_box.hasFocus() or self._playing:
            self.frame_box.blockSignals(True)
            self.frame_box.setValue(frame)
            self.frame_box.blockSignals(False)
        self.timecode_label.setText(timecode)

    def set_playing(self, playing: bool) -> None:
        self._playing = playing
        self.play_button.setIcon(dim_disabled(icon("pause" if playing else "play")))
        text = "Pause" if playing else "Play"
        self.play_button.setToolTip(tip(text, SHORTCUTS["play"]))
        self.play_button.setAccessibleName(text)

    def set_stats(self, fps: float | None, dropped: int) -> None:
        self._stats = (fps, dropped)
        self.stats_label.setToolTip(
            f"Measured playback rate and drops: {self.stats_text(short=False)}"
        )
        self._refit()

    def stats_text(self, *, short: bool) -> str:
        """The measured rate and the dropped frames (short: the rate only)."""
        fps, dropped = self._stats
        shown = "– fps" if fps is None else f"{fps:.1f} fps"
        return shown if short else f"{shown}  ·  {dropped} dropped"

    def set_mode(self, mode: CompareMode) -> None:
        self.mode_box.setCurrentIndex(MODE_ORDER.index(mode))

    def set_zoom(self, zoom: float | None) -> None:
        """Device pixels per image pixel (None: fitted to the view)."""
        self.zoom_label.setText("Fit" if zoom is None else f"{zoom * 100:.0f}%")
        self._refit()

    # ---- fitting the width ----------------------------------------------------------------

    @property
    def level(self) -> int:
        """How many of LEVELS the bar has given up for its width (0: it shows everything)."""
        return self._level

    def minimumSizeHint(self) -> QtCore.QSize:  # noqa: N802 - Qt API
        if not self._compact_width:
            self._refit(measure_compact=True)
        return QtCore.QSize(self._compact_width, super().minimumSizeHint().height())

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._refit()

    def changeEvent(self, event: QtCore.QEvent) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        if event.type() in (QtCore.QEvent.Type.StyleChange, QtCore.QEvent.Type.FontChange):
            fit_frame_box(self.frame_box)  # the read-outs' widths change with the style sheet
            fit_timecode(self.timecode_label)
            self._compact_width = 0  # measured again when asked for
            self.updateGeometry()

    def _refit(self, *, measure_compact: bool = False) -> None:
        """Show as much as the width holds: the first level (of LEVELS) whose content fits.

        The compact width (all of LEVELS given up) is measured again only when it can change
        (the frame range, the style): measuring hides the mode box for a moment, which would
        close its open list while the measured rate is updated during playback."""
        self.ensurePolished()
        if measure_compact or not self._compact_width:
            compact = self._width_at(len(LEVELS))
            if compact != self._compact_width:
                self._compact_width = compact
                self.updateGeometry()
        for level in range(len(LEVELS) + 1):
            if level == len(LEVELS) or self._width_at(level) <= self.width():
                break
        self._width_at(level)
        self._level = level

    def _width_at(self, level: int) -> int:
        """Show the bar as at `level`; the width its content then wants."""
        self.stats_label.setText(self.stats_text(short=level >= 1))
        for part, hidden in (
            (self.stats_label, level >= 2),
            (self.range_label, level >= 3),
            (self.zoom_label, level >= 4),
            (self.first_button, level >= 6),
            (self.last_button, level >= 6),
            (self.fit_button, level >= 7),
            (self.actual_button, level >= 7),
            (self.mode_box, level >= 8),
        ):
            if part.isHidden() != hidden:
                part.setHidden(hidden)
        for gap, width in self._gaps:
            if level >= len(LEVELS):
                width = 0  # the smallest bar: only the layout's spacing between its parts
            elif level >= TIGHT_LEVEL:
                width = min(width, TIGHT_GAP)
            gap.changeSize(
                width,
                0,
                QtWidgets.QSizePolicy.Policy.Fixed,
                QtWidgets.QSizePolicy.Policy.Minimum,
            )
        labels = SHORT_MODE_LABELS if level >= 5 else MODE_LABELS
        texts = [labels[mode] for mode in MODE_ORDER]
        if [self.mode_box.itemText(row) for row in range(len(texts))] != texts:
            for row, mode in enumerate(MODE_ORDER):
                self.mode_box.setItemText(row, labels[mode])
            # Its minimum size hint keeps the longest names it ever had: fix the width.
            self.mode_box.setFixedWidth(self.mode_box.sizeHint().width())
        return content_width(self._layout)

    def _gap(self, width: int) -> None:
        """A fixed space between groups (narrower when the bar is very narrow)."""
        gap = QtWidgets.QSpacerItem(
            width, 0, QtWidgets.QSizePolicy.Policy.Fixed, QtWidgets.QSizePolicy.Policy.Minimum
        )
        self._layout.addSpacerItem(gap)
        self._gaps.append((gap, width))

    def set_controls_enabled(self, enabled: bool) -> None:
        for widget in self.findChildren(QtWidgets.QWidget):
            widget.setEnabled(enabled)

    def _frame_typed(self) -> None:
        self.frame_entered.emit(self.frame_box.value())

    def _mode_chosen(self, row: int) -> None:
        self.mode_requested.emit(MODE_ORDER[row])
