"""The main window's outbox pump runs while the window is open and stops when it closes: a
closed window (its timer went on firing every 15 s) drained against whatever database its
settings named, dropped or not, long after it was closed."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot
from qtpy import QtCore

from axiom_publisher.config import load_settings
from axiom_publisher.ui.main_window import MainWindow
from tests.roots import publish_root
from tests.ui.app.conftest import OFFSCREEN

pytestmark = OFFSCREEN


def test_closing_the_window_stops_its_outbox_pump(
    qtbot: QtBot, sqlite_url: str, tmp_path: Path, axiom_env: dict[str, str]
) -> None:
    config = tmp_path / "studio.toml"  # a webhook: the pump has something to listen for
    config.write_text('[[notify]]\nname = "bus"\nurl = "http://127.0.0.1:9/hook"\n')
    settings = load_settings(
        dict(axiom_env, AXIOM_STUDIO_CONFIG=str(config)),
        db_url=sqlite_url,
        publish_root=publish_root(tmp_path),
    )
    state = QtCore.QSettings(str(tmp_path / "state.ini"), QtCore.QSettings.Format.IniFormat)
    window = MainWindow(settings, state=state, review_only=True)
    qtbot.addWidget(window)
    window.show()
    pump = window.outbox
    assert pump.enabled and pump.timer.isActive()
    qtbot.waitUntil(lambda: not pump.running, timeout=30_000)  # the pass at start
    window.close()
    assert window.pool.wait(30_000)
    assert not pump.timer.isActive()
    pump.kick()  # a publish or a decision signal arriving late
    assert not pump.running
