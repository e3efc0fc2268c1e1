"""The Ingest tab's README picture, on a main window over the demo (as ui/snapshot.py)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot
from qtpy import QtCore, QtGui

from axiom_publisher.config import load_settings
from axiom_publisher.core.ingest import Outcome
from axiom_publisher.publish.demo import run_demo
from axiom_publisher.ui.ingest.snapshots import SIZE, TURNTABLE, render_ingest_snapshot
from axiom_publisher.ui.main_window import INGEST_TAB, MainWindow
from tests.ui.ingest.conftest import settle


def test_ingest_snapshot_shows_a_finished_run(qtbot: QtBot, tmp_path: Path) -> None:
    env = {"AXIOM_DATA_DIR": str(tmp_path / "data"), "AXIOM_USER_CONFIG": str(tmp_path / "no")}
    settings = load_settings(env=env)
    run_demo(settings, log=lambda line: None)
    state = QtCore.QSettings(str(tmp_path / "state.ini"), QtCore.QSettings.Format.IniFormat)
    window = MainWindow(settings, state=state)
    qtbot.addWidget(window)
    window.resize(1400, 850)
    window.show()

    lines: list[str] = []
    path = render_ingest_snapshot(window, tmp_path / "shots", lines.append)
    assert path.name == "ingest_run.png" and lines == [str(path)]
    assert QtGui.QImage(str(path)).size() == QtCore.QSize(*SIZE)
    assert window.tabs.currentIndex() == INGEST_TAB
    assert window.size() == QtCore.QSize(1400, 850)  # given back as it was
    tab = window.ingest_widget
    shown = {line.name: line.result.outcome for line in tab.model.rows if line.result}
    assert shown[TURNTABLE] is Outcome.PUBLISHED  # assigned by hand
    assert set(shown.values()) == set(Outcome) - {Outcome.PLANNED}
    assert tab.runs_model.rowCount() == 2  # the earlier run and this one
    settle(qtbot, tab)
    window.close()
    assert window.pool.wait(20_000)
