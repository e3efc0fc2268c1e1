"""The window never shows a database password (issue 12, item 9): the status bar's database
label, its messages, what the tabs say after a real failed connection to a closed port, and
the tooltips."""

from __future__ import annotations

import dataclasses

import pytest
from pytestqt.qtbot import QtBot
from qtpy import QtWidgets

from axiom_publisher.config import Settings
from tests.drivers.secret_urls import SECRET_URLS

from .conftest import OFFSCREEN, MakeWindow

pytestmark = OFFSCREEN


@pytest.mark.parametrize(
    ("name", "url", "hidden"), SECRET_URLS, ids=[row[0] for row in SECRET_URLS]
)
def test_the_status_bar_shows_no_password(
    qtbot: QtBot,
    make_window: MakeWindow,
    demo_settings: Settings,
    name: str,
    url: str,
    hidden: tuple[str, ...],
) -> None:
    window = make_window(dataclasses.replace(demo_settings, db_url=url))
    window.show()
    label = window.database_label.text()
    assert label.startswith("Database (shared): postgresql+psycopg://") and "***" in label
    # The window's own message for a failure that quotes the URL (as drivers' errors may).
    window._show_message(f"cannot use the database {url}: connection refused")
    message = window.statusBar().currentMessage()
    assert message.startswith("cannot use the database")
    # What the tabs report once their loads fail on the closed port (a real failure).

    def failures() -> list[str]:
        labels = window.findChildren(QtWidgets.QLabel)
        return [each.text() for each in labels if "cannot use the database" in each.text()]

    qtbot.waitUntil(lambda: bool(failures()), timeout=15_000)
    assert all("***" in text for text in failures())
    window.pool.wait(15_000)
    texts = [label, message, window.windowTitle(), window.statusBar().currentMessage()]
    for widget in window.findChildren(QtWidgets.QWidget):
        texts.append(widget.toolTip())
        if isinstance(widget, QtWidgets.QLabel):
            texts.append(widget.text())
    for text in texts:
        for part in hidden:
            assert part not in text, text
