"""The drawing tool bar over the review picture, and its keys.

Keys (in the style of RV's paint mode and the common paint tools; none of the player's):
P pen, U line, A arrow, R rectangle, O ellipse, X text, E eraser, V put the tool down (the
mouse pans and wipes again), [ and ] thinner / thicker, Ctrl+Z undo, Ctrl+Shift+Z redo,
Shift+Del clear the frame. They work while the focus is in the player's stage (also in
fullscreen). While a tool is in hand the left button draws; the middle button still pans and
the wheel still zooms.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from qtpy import QtCore, QtGui, QtWidgets

from axiom_publisher.core.annotation import Tool
from axiom_publisher.ui.review.annotate import COLOURS, WIDTHS, AnnotationEditor
from axiom_publisher.ui.style import ACCENT

TOOL_KEYS: dict[Tool | str, str] = {
    Tool.PEN: "P",
    Tool.LINE: "U",
    Tool.ARROW: "A",
    Tool.RECTANGLE: "R",
    Tool.ELLIPSE: "O",
    Tool.TEXT: "X",
    "erase": "E",
}
_GLYPHS: dict[Tool | str, str] = {
    Tool.PEN: "\u270e",
    Tool.LINE: "\u2571",
    Tool.ARROW: "\u2197",
    Tool.RECTANGLE: "\u25ad",
    Tool.ELLIPSE: "\u25ef",
    Tool.TEXT: "T",
    "erase": "\u232b",
}
KEYS = {
    "off": "V",
    "thinner": "[",
    "thicker": "]",
    "undo": "Ctrl+Z",
    "redo": "Ctrl+Shift+Z",
    "clear": "Shift+Del",
}


class AnnotationBar(QtWidgets.QFrame):
    """Tools, colour, width, text, undo / redo and clear frame for an AnnotationEditor."""

    def __init__(self, editor: AnnotationEditor, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("annotationBar")
        self.editor = editor
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.setSpacing(2)
        # never widen the player: on a narrow window the bar's right end is cut off instead
        layout.setSizeConstraint(QtWidgets.QLayout.SizeConstraint.SetNoConstraint)
        self.setSizePolicy(QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Fixed)
        self.tools: dict[Tool | str, QtWidgets.QToolButton] = {}
        group = QtWidgets.QButtonGroup(self)
        group.setExclusive(False)
        for tool, key in TOOL_KEYS.items():
            name = tool.label if isinstance(tool, Tool) else "Erase"
            button = self._button(_GLYPHS[tool], f"{name}  ({key})", partial(self._pick, tool))
            button.setCheckable(True)
            self.tools[tool] = button
            layout.addWidget(button)
        layout.addSpacing(8)
        self.colours: dict[str, QtWidgets.QToolButton] = {}
        for colour in COLOURS:
            swatch = self._button("", f"Colour {colour}", partial(self.set_colour, colour))
            swatch.setCheckable(True)
            swatch.setStyleSheet(
                f"QToolButton {{ background: {colour}; border: 1px solid #555;"
                f" border-radius: 2px; }} QToolButton:checked {{ border: 2px solid {ACCENT}; }}"
            )
            swatch.setFixedSize(18, 18)
            self.colours[colour] = swatch
            layout.addWidget(swatch)
        layout.addSpacing(8)
        self.width_box = QtWidgets.QComboBox()
        self.width_box.setToolTip(f"Width  ({KEYS['thinner']} / {KEYS['thicker']})")
        self.width_box.addItems(["thin", "medium", "thick", "heavy"])
        self.width_box.currentIndexChanged.connect(self._width_picked)
        layout.addWidget(self.width_box)
        self.text_edit = QtWidgets.QLineEdit()
        self.text_edit.setPlaceholderText("Text (X)")
        self.text_edit.setToolTip("The words the text tool (X) places where you click")
        self.text_edit.setMaximumWidth(160)
        self.text_edit.textChanged.connect(self._text_changed)
        layout.addWidget(self.text_edit)
        self.ghost_box = QtWidgets.QCheckBox("Ghost")
        self.ghost_box.setToolTip("Also show the strokes of the two frames either side, faded")
        self.ghost_box.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        self.ghost_box.toggled.connect(editor.set_ghost)
        layout.addWidget(self.ghost_box)
        layout.addSpacing(8)
        self.undo_button = self._button("\u21b6", f"Undo  ({KEYS['undo']})", editor.undo)
        self.redo_button = self._button("\u21b7", f"Redo  ({KEYS['redo']})", editor.redo)
        self.clear_button = self._button(
            "Clear", f"Clear my strokes on this frame  ({KEYS['clear']})", editor.clear_frame
        )
        for button in (self.undo_button, self.redo_button, self.clear_button):
            layout.addWidget(button)
        layout.addStretch(1)
        self.setStyleSheet(
            f"#annotationBar QToolButton:checked {{ background: rgba(240, 160, 48, 70);"
            f" border: 1px solid {ACCENT}; border-radius: 3px; }}"
        )
        editor.tool_changed.connect(self._show_tool)
        self.width_box.setCurrentIndex(WIDTHS.index(editor.width))
        self.set_colour(editor.colour)

    def _button(self, text: str, tip: str, action: Callable[[], object]) -> QtWidgets.QToolButton:
        button = QtWidgets.QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip.split("  (")[0])
        button.setAutoRaise(True)
        button.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)  # the player keeps its keys
        button.clicked.connect(lambda _checked=False: action())
        return button

    def _pick(self, tool: Tool | str) -> None:
        self.editor.set_tool(None if self.editor.tool == tool else tool)

    def _show_tool(self, tool: object) -> None:
        for key, button in self.tools.items():
            button.setChecked(key == tool)

    def set_colour(self, colour: str) -> None:
        self.editor.colour = colour
        for key, swatch in self.colours.items():
            swatch.setChecked(key == colour)

    def _width_picked(self, index: int) -> None:
        self.editor.width = WIDTHS[max(0, index)]

    def _text_changed(self, text: str) -> None:
        self.editor.text = text

    def step_width(self, delta: int) -> None:
        index = max(0, min(len(WIDTHS) - 1, self.width_box.currentIndex() + delta))
        self.width_box.setCurrentIndex(index)

    def bind_keys(self, scope: QtWidgets.QWidget) -> dict[str, QtWidgets.QShortcut]:
        """The drawing keys while the focus is in `scope` (the player's stage)."""
        actions: dict[str, Callable[[], object]] = {
            key: partial(self._pick, tool) for tool, key in TOOL_KEYS.items()
        }
        actions[KEYS["off"]] = partial(self.editor.set_tool, None)
        actions[KEYS["thinner"]] = partial(self.step_width, -1)
        actions[KEYS["thicker"]] = partial(self.step_width, 1)
        actions[KEYS["undo"]] = self.editor.undo
        actions[KEYS["redo"]] = self.editor.redo
        actions[KEYS["clear"]] = self.editor.clear_frame
        made = {}
        for key, action in actions.items():
            shortcut = QtWidgets.QShortcut(QtGui.QKeySequence(key), scope)
            shortcut.setContext(QtCore.Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(action)
            made[key] = shortcut
        return made
