"""Open version folder where no program can show it: a message with the path and Copy path.

Qt passes a local URL to the platform's services: a Linux desktop's run `xdg-open` (looked up
on PATH; without it `openUrl` returns False), and the offscreen platform these tests use has
no launcher at all, so the real `QDesktopServices.openUrl` fails here as it does there."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from qtpy import QtCore, QtGui, QtWidgets

from axiom_publisher.ui.desktop import COPY_PATH
from axiom_publisher.ui.main_window import REVIEW_TAB, MainWindow
from tests.ui.review import tab_fixtures
from tests.ui.review.tab_fixtures import TIMEOUT, Published, open_row

published = tab_fixtures.published  # fixture
pytestmark = [
    # The offscreen platform's two complaints (the closest qt_log_ignore alone counts).
    pytest.mark.qt_log_ignore(
        r"This plugin does not support (propagateSizeHints\(\)|QPlatformServices::openDocument)"
    ),
    pytest.mark.parametrize("db_url", ["sqlite"], indirect=True),
]


def test_open_folder_without_a_launcher_offers_to_copy_the_path(
    qtbot: QtBot, published: Published, tmp_path: Path
) -> None:
    assert QtGui.QGuiApplication.platformName() == "offscreen"
    state = QtCore.QSettings(str(tmp_path / "state.ini"), QtCore.QSettings.Format.IniFormat)
    window = MainWindow(published.settings, state=state)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    window.tabs.setCurrentIndex(REVIEW_TAB)
    review = window.review
    qtbot.waitUntil(lambda: review.queue.model.rowCount() == 3, timeout=TIMEOUT)
    open_row(qtbot, review, published.sh010_v1)
    folder = published.sh010_v1.path
    assert window.open_action.isEnabled()
    qtbot.keyClick(
        review.queue.view, QtCore.Qt.Key.Key_O, QtCore.Qt.KeyboardModifier.ControlModifier
    )
    box = window.findChild(QtWidgets.QMessageBox, "axiomNoLauncher")
    assert isinstance(box, QtWidgets.QMessageBox), "the failed launch said nothing"
    qtbot.waitExposed(box)
    assert box.text().endswith(f"folder:\n{folder}") and "xdg-open" in box.informativeText()
    copy = next(button for button in box.buttons() if button.text() == COPY_PATH)
    clipboard = QtGui.QGuiApplication.clipboard()
    clipboard.clear()
    qtbot.mouseClick(copy, QtCore.Qt.MouseButton.LeftButton)
    assert clipboard.text() == str(folder)
    qtbot.waitUntil(lambda: not box.isVisible(), timeout=TIMEOUT)
    window.close()
    assert window.pool.wait(TIMEOUT)
