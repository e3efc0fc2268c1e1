"""The Review tab's keys, and the player's (Space, J/K/L, arrows, 1-5, F, ...) widened to
the whole tab: after a click on a queue row, Space plays.

Ctrl+Shift+A / C / R decide as the buttons do (with the note typed, at the frame shown);
N puts the cursor in the note; Page Down / Page Up open the next / previous version of the
list shown on the left (the queue or the browser's versions). They work while the focus is
anywhere in the tab; typing in a text field is never taken for a key (Qt lets the field
have printable keys first). The decisions and Page Down / Up also work in fullscreen
playback (the player's stage is a window of its own then); a decision that needs a note
brings the player back to the tab, where the note field is.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from qtpy import QtCore, QtGui, QtWidgets

from axiom_publisher.core.review import Decision
from axiom_publisher.publish.review import note_problem
from axiom_publisher.ui.qtcompat import enum_value
from axiom_publisher.ui.review.decision import DECISION_KEYS, NOTE_KEY
from axiom_publisher.ui.review.player_keys import shortcut
from axiom_publisher.ui.review.sources import QUEUE

if TYPE_CHECKING:
    from axiom_publisher.ui.review.tab import ReviewTab

NEXT_KEY, PREVIOUS_KEY = "PgDown", "PgUp"
_Key = QtCore.Qt.Key
TREE_KEYS = frozenset(
    enum_value(key) for key in (_Key.Key_Left, _Key.Key_Right, _Key.Key_Home, _Key.Key_End)
)


def step_view(view: QtWidgets.QAbstractItemView, delta: int) -> bool:
    """Make the row `delta` rows away current (the first row when none is); False at an end."""
    model = view.model()
    count = model.rowCount() if model is not None else 0
    if model is None or count == 0:
        return False
    current = view.currentIndex()
    row = 0 if not current.isValid() else max(0, min(count - 1, current.row() + delta))
    if current.isValid() and row == current.row():
        return False
    index = model.index(row, max(0, current.column()))
    view.setCurrentIndex(index)
    view.scrollTo(index)
    return True


def step_version(tab: ReviewTab, delta: int) -> bool:
    """Open the next (+1) or previous (-1) version of the queue or the browser's list."""
    view = tab.queue.view if tab.mode() == QUEUE else tab.browser.table
    return step_view(view, delta)


def decide_by_key(tab: ReviewTab, decision: Decision) -> None:
    """What a click on the decision's button does; says why not when it cannot."""
    button = tab.decision.buttons[decision]
    if button.isEnabled():
        if note_problem(decision, tab.decision.text.toPlainText()):
            tab.player.set_fullscreen(False)  # the note field is in the tab
        button.click()
    elif tab.selection is not None and tab.permission is not None:
        tab.message.emit(button.toolTip() or f"Cannot {decision.label.lower()} now")


def focus_note(tab: ReviewTab) -> None:
    text = tab.decision.text
    if text.isEnabled():
        text.setFocus(QtCore.Qt.FocusReason.ShortcutFocusReason)


def bind_shortcuts(tab: ReviewTab) -> dict[str, tuple[QtWidgets.QShortcut, ...]]:
    """Bind the tab's keys; by key: its shortcut in the tab, and on the fullscreen stage for
    the keys that work there (enabled only in fullscreen: two shortcuts for one key in one
    window would both be ambiguous, so neither would fire)."""
    bindings: list[tuple[str, Callable[[], object], bool]] = [
        (key, partial(decide_by_key, tab, decision), True)
        for decision, key in DECISION_KEYS.items()
    ]
    bindings += [
        (NOTE_KEY, partial(focus_note, tab), False),
        (NEXT_KEY, partial(step_version, tab, 1), True),
        (PREVIOUS_KEY, partial(step_version, tab, -1), True),
    ]
    stage = tab.player.stage
    shortcuts: dict[str, tuple[QtWidgets.QShortcut, ...]] = {
        key: (shortcut,) for key, shortcut in tab.player.extend_keys_to(tab).items()
    }
    # The browser's tree keeps its own arrows (expand, collapse) and Home / End.
    tree = tab.browser.tree
    tree.installEventFilter(KeepKeys(TREE_KEYS, tree))
    for key, action, in_fullscreen in bindings:
        made = [shortcut(key, tab, action)]
        if in_fullscreen:
            on_stage = shortcut(key, stage, action)
            on_stage.setEnabled(False)
            tab.player.fullscreen_changed.connect(on_stage.setEnabled)
            made.append(on_stage)
        shortcuts[key] = tuple(made)
    return shortcuts


class KeepKeys(QtCore.QObject):
    """An event filter giving its widget these keys (unmodified) before any shortcut."""

    def __init__(self, keys: frozenset[int], parent: QtWidgets.QWidget) -> None:
        super().__init__(parent)
        self.keys = keys

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:  # noqa: N802
        if (
            event.type() == QtCore.QEvent.Type.ShortcutOverride
            and isinstance(event, QtGui.QKeyEvent)
            and event.key() in self.keys
            and event.modifiers() == QtCore.Qt.KeyboardModifier.NoModifier
        ):
            event.accept()  # the widget gets the key press
            return True
        return False
