"""The main window's status bar shows the tracker connection, checked in a worker: the real
zou reachable, a closed port and a silent server unreachable with the reason, nothing to
check without a tracker, and never a password."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from qtpy import QtCore, QtWidgets

from axiom_publisher.config import Settings, load_settings
from axiom_publisher.core.tracker_connection import TrackerConnection, TrackerState
from axiom_publisher.publish.tracker import connection as connection_module
from axiom_publisher.ui import tracker_status
from axiom_publisher.ui.main_window import MainWindow
from axiom_publisher.ui.publish_tab import placeholder
from axiom_publisher.ui.workers import WorkerPool
from tests.roots import publish_root
from tests.tracker.my_tasks_data import synced_film
from tests.tracker.zou_server import ZouServer, free_port

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
SHOTS = Path("/tmp/axiom")
PASSWORD = "Status-Bar-Secret-31"


def _placeholder(
    settings: Settings, pool: WorkerPool, parent: QtWidgets.QWidget | None
) -> QtWidgets.QWidget:
    return placeholder("Publish", "not under test here", "publish")


def _settings(tmp_path: Path, env: dict[str, str], url: str | None, timeout: int = 10) -> Settings:
    tmp_path.mkdir(parents=True, exist_ok=True)
    config = tmp_path / "studio.toml"
    tracker = f'[tracker]\nkind = "kitsu"\nurl = "{url}"\ntimeout = {timeout}\n' if url else ""
    config.write_text(tracker)
    return load_settings(
        dict(env, AXIOM_STUDIO_CONFIG=str(config), AXIOM_TRACKER_PASSWORD=PASSWORD),
        db_url=f"sqlite:///{tmp_path / 'axiom.db'}",
        publish_root=publish_root(tmp_path / "publish"),
    )


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[list[MainWindow]]:
    made: list[MainWindow] = []
    yield made
    for window in made:
        window.close()
        assert window.pool.wait(30_000)


def _open(
    qtbot: QtBot, made: list[MainWindow], settings: Settings, tmp_path: Path, **options: object
) -> MainWindow:
    state = QtCore.QSettings(str(tmp_path / "state.ini"), QtCore.QSettings.Format.IniFormat)
    options.setdefault("publish_factory", _placeholder)
    window = MainWindow(settings, state=state, **options)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    made.append(window)
    window.show()
    return window


def _checked(qtbot: QtBot, window: MainWindow, timeout: int = 20_000) -> TrackerConnection:
    label = window.tracker_label
    qtbot.waitUntil(lambda: label.connection is not None, timeout=timeout)
    assert label.connection is not None
    return label.connection


def test_the_real_tracker_is_reachable_and_the_publish_tab_offers_my_tasks(
    qtbot: QtBot,
    zou: ZouServer,
    tmp_path: Path,
    axiom_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    window: list[MainWindow],
) -> None:
    synced = synced_film(zou, f"sqlite:///{tmp_path / 'axiom.db'}", tmp_path, axiom_env)
    monkeypatch.setenv("AXIOM_USER", synced.emails_of("artist0").split("@")[0])
    monkeypatch.setenv("AXIOM_TRACKER_PASSWORD", zou.password)
    threads: list[threading.Thread] = []

    def recorded(settings: Settings) -> TrackerConnection:
        threads.append(threading.current_thread())
        return connection_module.tracker_connection(settings)

    monkeypatch.setattr(tracker_status, "tracker_connection", recorded)
    main = _open(qtbot, window, synced.settings, tmp_path, publish_factory=None)
    main.resize(1400, 850)
    main.tabs.setCurrentIndex(0)
    connection = _checked(qtbot, main)
    assert connection.state is TrackerState.REACHABLE
    assert threads and threading.main_thread() not in threads
    text = main.tracker_label.text()
    assert f"Tracker: {zou.url} reachable" in text
    assert f"kitsu at {zou.url}, reachable: Zou " in main.tracker_label.toolTip()
    box = main.publish_widget.my_tasks  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: len(box.tasks) > 0, timeout=20_000)
    box.select(box.tasks[0])
    qtbot.waitUntil(lambda: main.publish_widget.picker.target() is not None, timeout=10_000)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: box.combo.currentIndex() == 1, timeout=10_000)
    for secret in (zou.password, PASSWORD):
        assert secret not in text and secret not in main.tracker_label.toolTip()
    if SHOTS.is_dir():
        main.grab().save(str(SHOTS / "tracker_status_bar.png"))


def test_a_closed_port_and_a_silent_server_are_unreachable_without_blocking_the_window(
    qtbot: QtBot, tmp_path: Path, axiom_env: dict[str, str], window: list[MainWindow]
) -> None:
    closed = f"http://127.0.0.1:{free_port()}"
    main = _open(qtbot, window, _settings(tmp_path / "a", axiom_env, closed), tmp_path)
    connection = _checked(qtbot, main)
    assert connection.state is TrackerState.UNREACHABLE
    assert "connection refused" in main.tracker_label.text()
    assert closed in main.tracker_label.text()

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        silent = f"http://127.0.0.1:{listener.getsockname()[1]}"
        settings = _settings(tmp_path / "b", axiom_env, silent, timeout=2)
        began = time.monotonic()
        main = _open(qtbot, window, settings, tmp_path)
        opened = time.monotonic() - began
        assert "checking" in main.tracker_label.text()  # the window is up, the check runs
        connection = _checked(qtbot, main)
    assert opened < 2.0, f"the window waited for the tracker ({opened:.1f} s)"
    assert connection.state is TrackerState.UNREACHABLE
    assert connection.detail == "no answer within 2 s"


def test_without_a_tracker_the_status_bar_says_not_configured(
    qtbot: QtBot, tmp_path: Path, axiom_env: dict[str, str], window: list[MainWindow]
) -> None:
    main = _open(qtbot, window, _settings(tmp_path, axiom_env, None), tmp_path)
    assert main.tracker_label.connection == TrackerConnection(TrackerState.NOT_CONFIGURED)
    assert "Tracker: not configured" in main.tracker_label.text()
    main.tracker_label.check()
    assert "tracker status" not in {worker.name for worker in main.pool.running}  # no ask


def test_a_password_in_the_tracker_url_never_shows(
    qtbot: QtBot, tmp_path: Path, axiom_env: dict[str, str], window: list[MainWindow]
) -> None:
    url = f"http://pipeline:{PASSWORD}@127.0.0.1:{free_port()}/api"
    main = _open(qtbot, window, _settings(tmp_path, axiom_env, url), tmp_path)
    connection = _checked(qtbot, main)
    assert connection.state is TrackerState.UNREACHABLE
    shown = main.tracker_label.text() + main.tracker_label.toolTip() + repr(connection)
    assert PASSWORD not in shown
    assert "pipeline:***@127.0.0.1" in shown
