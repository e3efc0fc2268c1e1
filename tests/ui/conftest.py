"""The same Qt test conditions under Qt 6 and Qt 5 (PySide2, tests/run-compat).

Qt 5's offscreen platform has no theme: its default font is 12 pt at 100 dpi, Qt 6's is
9 pt "Sans Serif" at 96 dpi. Layout tests are written at Qt 6's size (a desktop's usual one;
inside a DCC the host sets its own), so under Qt 5 offscreen the app font is set to it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from qtpy import QT5, QtGui, QtWidgets


@pytest.fixture(scope="session", autouse=True)
def _qt6_offscreen_font(qapp: QtWidgets.QApplication) -> Iterator[None]:
    if QT5 and qapp.platformName() == "offscreen":
        qapp.setFont(QtGui.QFont("Sans Serif", 9))
    yield
