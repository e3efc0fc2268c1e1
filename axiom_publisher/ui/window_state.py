"""What the main window remembers per user: geometry and dock state (the review-only window
keeps its own beside the main window's), the splitters, the Review tab's mode and project,
and the last tab. Kept in a QSettings (an INI file in the user's config folder)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qtpy import QtCore, QtWidgets

from axiom_publisher.ui.review.sources import BROWSE, QUEUE

if TYPE_CHECKING:
    from axiom_publisher.ui.main_window import MainWindow

ORGANIZATION = "AXIOM"
APPLICATION = "axiom-publisher"


def user_settings() -> QtCore.QSettings:
    """Per-user window state: an INI file in the user's config folder on every platform."""
    return QtCore.QSettings(
        QtCore.QSettings.Format.IniFormat,
        QtCore.QSettings.Scope.UserScope,
        ORGANIZATION,
        APPLICATION,
    )


def text_value(state: QtCore.QSettings, key: str) -> str:
    value = state.value(key, "")
    return value if isinstance(value, str) else ""


def int_value(state: QtCore.QSettings, key: str, default: int) -> int:
    try:
        return int(str(state.value(key, default)))
    except ValueError:
        return default


def _splitters(window: MainWindow) -> tuple[tuple[str, QtWidgets.QSplitter], ...]:
    # New keys: the browser's splitter is vertical inside the Review tab now.
    return (
        ("review/tab_splitter", window.review.splitter),
        ("review/side_splitter", window.review.side_splitter),
        ("review/browser_splitter", window.browser.splitter),
        ("review/details_splitter", window.browser.details_splitter),
    )


def _window_key(window: MainWindow, name: str) -> str:
    """The review-only window keeps its own geometry beside the main window's."""
    return f"{'review_window' if window.review_only else 'main'}/{name}"


def restore(window: MainWindow) -> None:
    """All but the last tab (MainWindow.restore_state, which knows the tabs, does that)."""
    state = window.state
    geometry = state.value(_window_key(window, "geometry"))
    if isinstance(geometry, QtCore.QByteArray):
        window.restoreGeometry(geometry)
    window_state = state.value(_window_key(window, "state"))
    if isinstance(window_state, QtCore.QByteArray):
        window.restoreState(window_state)
    for key, splitter in _splitters(window):
        value = state.value(key)
        if isinstance(value, QtCore.QByteArray):
            splitter.restoreState(value)
    mode = int_value(state, "review/mode", QUEUE)
    window.review.set_mode(mode if mode in (QUEUE, BROWSE) else QUEUE)


def save(window: MainWindow) -> None:
    state = window.state
    state.setValue(_window_key(window, "geometry"), window.saveGeometry())
    state.setValue(_window_key(window, "state"), window.saveState())
    if not window.review_only:
        state.setValue("main/tab", window.tabs.currentIndex())
    for key, splitter in _splitters(window):
        state.setValue(key, splitter.saveState())
    state.setValue("review/mode", window.review.mode())
    project = window.browser.current_project()
    if project:
        state.setValue("review/project", project)
    state.sync()
