"""No database connection or media file is opened on the main thread while the Ingest tab
scans, assigns, ingests and opens a run; the main window holds the tab; Browse."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import av
import pytest
from pytestqt.qtbot import QtBot
from qtpy import QtCore
from sqlalchemy.engine import Engine

from axiom_publisher.core.ingest import IngestRun
from axiom_publisher.publish import ingest as service
from axiom_publisher.ui.ingest.tab import IngestTab
from axiom_publisher.ui.main_window import INGEST_TAB, MainWindow
from axiom_publisher.ui.workers import WorkerPool
from tests.ui.ingest.conftest import MYSTERY, TIMEOUT, Delivery, MakeTab, settle
from tests.ui.ingest.test_scan_assign import assign_by_hand, scan
from tests.ui.spies import thread_spy

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def test_no_database_or_media_call_runs_on_the_main_thread(
    qtbot: QtBot, make_tab: MakeTab, delivery: Delivery, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[str, threading.Thread]] = []

    monkeypatch.setattr(Engine, "connect", thread_spy(calls, "database", Engine.connect))
    monkeypatch.setattr(av, "open", thread_spy(calls, "media", av.open))
    tab = make_tab(delivery)
    scan(qtbot, tab, delivery.root)
    assign_by_hand(qtbot, tab, MYSTERY, "ab030", "plate", "mystery")
    with qtbot.waitSignal(tab.run_finished, timeout=TIMEOUT) as finished:
        tab.start_ingest()
    with qtbot.waitSignal(tab.run_opened, timeout=TIMEOUT):
        tab.open_run(finished.args[0].id)
    qtbot.waitUntil(lambda: not tab.pool.running, timeout=TIMEOUT)
    names = {name for name, _ in calls}
    assert names == {"database", "media"}  # the spies saw the work...
    assert len(calls) >= 10
    assert [name for name, thread in calls if thread is threading.main_thread()] == []


def test_the_main_window_holds_the_ingest_tab(
    qtbot: QtBot, delivery: Delivery, tmp_path: Path
) -> None:
    state = QtCore.QSettings(str(tmp_path / "state.ini"), QtCore.QSettings.Format.IniFormat)
    window = MainWindow(delivery.settings, state=state)
    qtbot.addWidget(window)
    tab = window.ingest_widget
    assert isinstance(tab, IngestTab)
    assert window.tabs.widget(INGEST_TAB) is tab
    qtbot.waitUntil(lambda: tab.rules is not None, timeout=TIMEOUT)  # loaded on its own
    assert tab.project() == "proj"
    tab.message.emit("ingest says hello")
    assert window.statusBar().currentMessage() == "ingest says hello"

    window.tabs.setCurrentIndex(INGEST_TAB)
    with qtbot.waitSignal(tab.runs_loaded, timeout=TIMEOUT):
        window.refresh_action.trigger()  # F5 on the Ingest tab
    with qtbot.waitSignal(tab.projects_loaded, timeout=TIMEOUT) as loaded:
        window.refresh_action.trigger()
    assert loaded.args[0] == ["proj"]

    tab.delivery.choose_folder = lambda: str(delivery.root)  # as if picked in the dialog
    qtbot.mouseClick(tab.delivery.browse_button, QtCore.Qt.MouseButton.LeftButton)
    assert tab.folder() == delivery.root and tab.delivery.scan_button.isEnabled()
    settle(qtbot, tab)
    window.close()
    assert window.pool.wait(TIMEOUT)


def test_an_answer_after_the_tab_is_deleted_is_dropped(
    qtbot: QtBot, delivery: Delivery, monkeypatch: pytest.MonkeyPatch
) -> None:
    held, real = threading.Event(), service.list_runs
    answered: list[object] = []

    def held_list_runs(*args: Any, **kwargs: Any) -> list[IngestRun]:
        held.wait(TIMEOUT / 1000)
        runs = real(*args, **kwargs)
        answered.append(runs)
        return runs

    monkeypatch.setattr(service, "list_runs", held_list_runs)
    pool = WorkerPool()
    tab = IngestTab(delivery.settings, pool)
    with qtbot.waitSignal(tab.rules_loaded, timeout=TIMEOUT):
        tab.refresh()  # the history's query waits behind `held`
    gone: list[object] = []
    tab.destroyed.connect(lambda *_: gone.append(True))
    tab.deleteLater()
    qtbot.waitUntil(lambda: bool(gone), timeout=TIMEOUT)
    held.set()
    assert pool.wait(TIMEOUT) and answered == [[]]
    qtbot.wait(50)  # the late answer is delivered now: dropped, not an error in the loop
