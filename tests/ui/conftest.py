"""The same Qt test conditions under Qt 6 and Qt 5 (PySide2, tests/run-compat).

Qt 5's offscreen platform differs from Qt 6's where a desktop would not:
- It has no theme: its default font is 12 pt at 100 dpi, Qt 6's is 9 pt "Sans Serif" at
  96 dpi (12 px). Layout tests are written at Qt 6's size (a desktop's usual one; inside a
  DCC the host sets its own), so the app font is set to the same 12 px.
- It ignores activation requests (its requestActivateWindow does nothing; a window is only
  activated when shown), so `QWidget.activateWindow` also makes the window the active one,
  as a desktop's window manager (and Qt 6's offscreen platform) does.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from qtpy import QT5, QtGui, QtWidgets


@pytest.fixture(scope="session", autouse=True)
def _qt5_offscreen_like_qt6(qapp: QtWidgets.QApplication) -> Iterator[None]:
    if not (QT5 and qapp.platformName() == "offscreen"):
        yield
        return
    font = QtGui.QFont("Sans Serif")
    font.setPointSizeF(9 * 96 / qapp.primaryScreen().logicalDotsPerInch())  # 12 px
    qapp.setFont(font)
    activate = QtWidgets.QWidget.activateWindow

    def activate_window(widget: QtWidgets.QWidget) -> None:
        activate(widget)
        if widget.window().isVisible():
            QtWidgets.QApplication.setActiveWindow(widget.window())

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(QtWidgets.QWidget, "activateWindow", activate_window)
        yield
