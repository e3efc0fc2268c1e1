"""The review player's keys: Space, J/K/L, the arrows, Home/End, F, Esc, T, fit and actual
size, and 1-5 for the compare modes. They are shortcuts on the player's stage (the part that
goes fullscreen); extend_keys makes them work in an ancestor such as the Review tab too."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from qtpy import QtCore, QtGui, QtWidgets

from axiom_publisher.ui.review.compare import MODE_ORDER
from axiom_publisher.ui.review.transport import SHORTCUTS

if TYPE_CHECKING:
    from axiom_publisher.ui.review.player import ReviewPlayer


def shortcut(
    key: str, parent: QtWidgets.QWidget, action: Callable[[], object]
) -> QtWidgets.QShortcut:
    """`key` doing `action` while the focus is in `parent` or its children."""
    made = QtWidgets.QShortcut(QtGui.QKeySequence(key), parent)
    made.setContext(QtCore.Qt.ShortcutContext.WidgetWithChildrenShortcut)
    made.activated.connect(action)
    return made


def key_actions(player: ReviewPlayer) -> dict[str, Callable[[], None]]:
    """What each of the player's keys does."""
    bindings: list[tuple[str, Callable[[], None]]] = [
        (SHORTCUTS["play"], player.toggle),
        ("J", lambda: player.jkl("j")),
        ("K", lambda: player.jkl("k")),
        ("L", lambda: player.jkl("l")),
        (SHORTCUTS["step_back"], lambda: player.step(-1)),
        (SHORTCUTS["step_forward"], lambda: player.step(1)),
        (SHORTCUTS["first"], lambda: player.seek_frame(player.timeline.first)),
        (SHORTCUTS["last"], lambda: player.seek_frame(player.timeline.last)),
        (SHORTCUTS["fullscreen"], lambda: player.set_fullscreen(not player.is_fullscreen)),
        ("Esc", lambda: player.set_fullscreen(False)),
        ("T", player.canvas.toggle_ab),
        (SHORTCUTS["fit"], player.canvas.fit),
        (SHORTCUTS["actual"], player.canvas.actual_size),
    ]
    for number, mode in enumerate(MODE_ORDER, start=1):
        bindings.append((str(number), partial(player.set_mode, mode)))
    return dict(bindings)


def extend_keys(player: ReviewPlayer, scope: QtWidgets.QWidget) -> dict[str, QtWidgets.QShortcut]:
    """Make the player's keys (but Esc) work wherever the focus is inside `scope`, an
    ancestor such as the Review tab; the stage's own then work only in fullscreen (two
    shortcuts for one key in one window would be ambiguous: neither would fire). A text
    field keeps its keys: Qt offers it a key before any shortcut (a space stays a space).
    Returns the new shortcuts by key."""
    wide: dict[str, QtWidgets.QShortcut] = {}
    for key, action in player.key_actions.items():
        if key == "Esc":
            continue  # only for leaving fullscreen
        wide[key] = shortcut(key, scope, action)
        on_stage = player.shortcuts[key]
        on_stage.setEnabled(player.is_fullscreen)
        player.fullscreen_changed.connect(on_stage.setEnabled)
    return wide
