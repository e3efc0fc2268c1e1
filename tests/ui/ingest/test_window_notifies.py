"""An ingest run or a publish in the main window shows in the Review tab's browser and queue
without F5."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from qtpy import QtCore

from axiom_publisher.ui.main_window import INGEST_TAB, PUBLISH_TAB, MainWindow
from axiom_publisher.ui.publish_widget import PublishWidget
from axiom_publisher.ui.review.sources import BROWSE
from tests.ui.ingest.conftest import MYSTERY, TIMEOUT, Delivery, settle
from tests.ui.ingest.test_scan_assign import scan

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
INGESTED = ("ab020", "plate", "plate")  # ab020_plate.mov: matched, not yet published
BEFORE = ("ab010", "plate", "ref")  # published before the delivery came


def test_review_browse_and_queue_follow_an_ingest_run(
    qtbot: QtBot, delivery: Delivery, tmp_path: Path
) -> None:
    state = QtCore.QSettings(str(tmp_path / "state.ini"), QtCore.QSettings.Format.IniFormat)
    window = MainWindow(delivery.settings, state=state)
    qtbot.addWidget(window)
    window.show()
    review, browser, tab = window.review, window.browser, window.ingest_widget
    review.set_mode(BROWSE)
    qtbot.waitUntil(lambda: browser.products.index_of(BEFORE).isValid(), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not window.pool.running, timeout=TIMEOUT)
    assert not browser.products.index_of(INGESTED).isValid()
    queued = [record.id for record in review.queue.model.records]
    assert queued == [delivery.published_ref.id]

    window.tabs.setCurrentIndex(INGEST_TAB)
    qtbot.waitUntil(lambda: tab.rules is not None, timeout=TIMEOUT)
    scan(qtbot, tab, delivery.root)
    with qtbot.waitSignal(tab.run_finished, timeout=TIMEOUT) as finished:
        qtbot.mouseClick(tab.run_bar.ingest_button, QtCore.Qt.MouseButton.LeftButton)
    published = {result.version_id for result in finished.args[0].results if result.version_id}
    assert published, "the run published something to show"
    # The Review tab reloads when it shows (the run's summary stays in the status bar).
    assert window.statusBar().currentMessage().startswith("ingest done")
    tab_bar = window.tabs.tabBar()
    review_tab = window.tabs.indexOf(review)
    qtbot.mouseClick(
        tab_bar, QtCore.Qt.MouseButton.LeftButton, pos=tab_bar.tabRect(review_tab).center()
    )
    assert window.tabs.currentWidget() is review
    qtbot.waitUntil(lambda: browser.products.index_of(INGESTED).isValid(), timeout=TIMEOUT)
    qtbot.waitUntil(
        lambda: published <= {record.id for record in review.queue.model.records},
        timeout=TIMEOUT,
    )
    settle(qtbot, tab)

    # A publish from the Publish tab shows there too.
    widget = window.publish_widget
    assert isinstance(widget, PublishWidget)
    window.tabs.setCurrentIndex(PUBLISH_TAB)
    widget.set_context("proj", "ab030", "plate", "comp")
    qtbot.waitUntil(lambda: widget.picker.context() is not None, timeout=TIMEOUT)
    widget.add_items([delivery.root / MYSTERY])
    qtbot.waitUntil(lambda: widget.publish_button.isEnabled(), timeout=TIMEOUT)
    with qtbot.waitSignal(widget.published, timeout=TIMEOUT):
        qtbot.mouseClick(widget.publish_button, QtCore.Qt.MouseButton.LeftButton)
    qtbot.mouseClick(
        tab_bar, QtCore.Qt.MouseButton.LeftButton, pos=tab_bar.tabRect(review_tab).center()
    )
    comp = ("ab030", "plate", "comp")
    qtbot.waitUntil(lambda: browser.products.index_of(comp).isValid(), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not window.pool.running, timeout=TIMEOUT)
    window.close()
    assert window.pool.wait(TIMEOUT)
