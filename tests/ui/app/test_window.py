"""The main window: tabs, keyboard, status bar, remembered state; the app entry points."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from qtpy import QtCore, QtGui, QtWidgets

from axiom_publisher import cli
from axiom_publisher.config import Settings
from axiom_publisher.ui import app
from axiom_publisher.ui.main_window import (
    FARM_TAB,
    INGEST_TAB,
    PUBLISH_TAB,
    REVIEW_TAB,
    MainWindow,
    shown_database,
)
from axiom_publisher.ui.publish_tab import publish_tab_factory
from axiom_publisher.ui.snapshot import render_snapshots

from .conftest import OFFSCREEN, MakeWindow

pytestmark = OFFSCREEN


def test_tabs_status_bar_and_review_first(window: MainWindow, demo_settings: Settings) -> None:
    tabs = window.tabs
    assert [tabs.tabText(index) for index in range(tabs.count())] == [
        "&Publish",
        "&Review",
        "&Ingest",
        "F&arm",
    ]
    assert tabs.currentIndex() == REVIEW_TAB  # no remembered state: the browser first
    assert not window.windowIcon().isNull()
    database = window.database_label.text()
    assert "embedded" in database and str(demo_settings.db_url).split("///")[1] in database
    assert str(demo_settings.publish_root) in window.root_label.text()


def test_ctrl_numbers_switch_tabs(window: MainWindow) -> None:
    for number, tab in ((1, PUBLISH_TAB), (3, INGEST_TAB), (4, FARM_TAB), (2, REVIEW_TAB)):
        action = window.tab_actions[number - 1]
        assert action.shortcut() == QtGui.QKeySequence(f"Ctrl+{number}")
        action.trigger()
        assert window.tabs.currentIndex() == tab


def test_keyboard_focus_reaches_the_browser(window: MainWindow) -> None:
    browser = window.browser
    order = []
    widget: QtWidgets.QWidget | None = browser.project_box
    for _ in range(3):
        assert widget is not None
        order.append(widget)
        widget = widget.nextInFocusChain()
        while widget is not None and widget.focusPolicy() == QtCore.Qt.FocusPolicy.NoFocus:
            widget = widget.nextInFocusChain()
    assert order[:3] == [browser.project_box, browser.tree, browser.table]


def test_window_state_round_trip(qtbot: QtBot, make_window: MakeWindow, tmp_path: Path) -> None:
    state = QtCore.QSettings(str(tmp_path / "round-trip.ini"), QtCore.QSettings.Format.IniFormat)
    first = make_window(state=state)
    first.show()
    qtbot.waitUntil(lambda: first.browser.products.rowCount() > 0, timeout=10_000)
    first.resize(760, 540)  # within the offscreen screen (800x600)
    assert first.size() == QtCore.QSize(760, 540)
    first.tabs.setCurrentIndex(INGEST_TAB)
    first.close()  # saves
    assert state.value("main/tab") in (INGEST_TAB, str(INGEST_TAB))
    assert state.value("review/project") == "demo"

    second = make_window(state=state)
    second.show()
    assert second.tabs.currentIndex() == INGEST_TAB
    assert second.size() == QtCore.QSize(760, 540)
    qtbot.waitUntil(lambda: second.browser.products.rowCount() > 0, timeout=10_000)
    assert second.browser.current_project() == "demo"


def test_the_publish_tab_falls_back_to_a_placeholder(
    qtbot: QtBot, demo_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from axiom_publisher.ui import publish_tab

    monkeypatch.setattr(publish_tab, "PUBLISH_WIDGET_MODULES", ("axiom_publisher.ui.not_here",))
    widget = publish_tab_factory(demo_settings, publish_tab.WorkerPool(), None)
    qtbot.addWidget(widget)
    texts = [label.text() for label in widget.findChildren(QtWidgets.QLabel)]
    assert "Publish" in texts and any("axiom publish" in text for text in texts)


def test_database_urls_are_shown_without_passwords() -> None:
    assert shown_database("postgresql+psycopg://axiom:s3cret@db:5432/axiom") == (
        "postgresql+psycopg://axiom:***@db:5432/axiom"
    )
    assert shown_database("sqlite:////tmp/axiom.db") == "sqlite:////tmp/axiom.db"


def test_snapshots_are_written(qtbot: QtBot, tmp_path: Path) -> None:
    lines: list[str] = []
    paths = render_snapshots(tmp_path / "shots", size=(1200, 760), runs=1, log=lines.append)
    assert [path.name for path in paths] == [
        "main_review_fail.png",
        "main_review.png",
        "review_queue.png",
        "review_wipe.png",
        "review_difference.png",
        "review_notes.png",
        "review_qc.png",
        "review_info.png",
        "review_drawing.png",
        "review_playlist.png",
        "publish_pass.png",
        "publish_fail.png",
        "publish_report.png",
        "ingest_run.png",
        "farm_panel.png",
    ]
    for path in paths:
        image = QtGui.QImage(str(path))
        assert not image.isNull()
        if path.name.startswith(("main_", "publish_")):  # the others have their own size
            assert image.size() == QtCore.QSize(1200, 760), path.name
        # Not a blank grab: a dark UI with text and thumbnails has many distinct colours.
        width, height = image.width(), image.height()
        colours = {image.pixel(x, y) for x in range(0, width, 7) for y in range(0, height, 7)}
        assert len(colours) > 50
        assert str(path) in lines


@pytest.mark.parametrize("variable", [None, "DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"])
def test_no_display_exits_2_with_advice(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], variable: str | None
) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    if variable is None:
        assert app.main([]) == 2
        error = capsys.readouterr().err
        assert "no display" in error
        assert "python -m axiom_publisher.ui.snapshot OUTDIR" in error
    else:
        monkeypatch.setenv(variable, ":0" if variable != "QT_QPA_PLATFORM" else "offscreen")
        assert app.has_display(dict(os.environ))
    assert app.has_display({}, platform="win32")


def test_main_opens_the_window_and_returns_when_it_closes(
    qtbot: QtBot, demo_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The user's QSettings go to tmp_path (conftest); the window closes once it has loaded.
    opened: list[MainWindow] = []

    def close_when_loaded() -> None:
        windows = [w for w in QtWidgets.QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        if windows and windows[0].browser.products.rowCount() > 0:
            opened.append(windows[0])
            windows[0].close()
        else:
            QtCore.QTimer.singleShot(20, close_when_loaded)

    QtCore.QTimer.singleShot(0, close_when_loaded)
    root = str(demo_settings.publish_root)
    assert app.main(["--db", demo_settings.db_url, "--root", root]) == 0
    assert opened and opened[0].windowTitle() == "AXIOM Publisher"
    assert QtWidgets.QApplication.applicationName() == "axiom-publisher"
    opened[0].deleteLater()


def test_axiom_gui_runs_the_app_in_its_own_process(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, axiom_env: dict[str, str]
) -> None:
    commands: list[list[str]] = []
    import subprocess

    monkeypatch.setattr(subprocess, "call", lambda command: commands.append(command) or 0)
    assert cli.main(["--db", "sqlite:///x.db", "--root", str(tmp_path), "gui"]) == 0
    assert commands == [
        [sys.executable, "-m", "axiom_publisher.ui.app", "--db", "sqlite:///x.db", "--root",
         str(tmp_path)]
    ]  # fmt: skip
