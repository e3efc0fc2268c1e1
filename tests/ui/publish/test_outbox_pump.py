"""The app delivers the outbox by itself: a publish from the Publish tab reaches a [[notify]]
receiver without `axiom tracker push` (the pump is kicked by the publish), a receiver that
is down leaves the event failed and the next pass delivers it once; without a tracker or a
webhook the pump never runs. The farm worker's pump thread does the same (pump_forever)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from qtpy import QtCore

from axiom_publisher.core.outbox import EventStatus
from axiom_publisher.publish.tracker.drain import DrainReport
from axiom_publisher.publish.tracker.outbox import version_states
from axiom_publisher.publish.tracker.pump import pump_forever
from axiom_publisher.ui.outbox_pump import OutboxPump
from axiom_publisher.ui.workers import WorkerPool
from tests.tracker.receiver import running_receiver

from .conftest import WidgetFactory, choose, drop, make_settings, wait_analysed

SECRET = "Pump-Secret-5521"


def test_a_publish_from_the_tab_reaches_the_receiver_without_a_push(
    qtbot: QtBot,
    make_widget: WidgetFactory,
    sqlite_url: str,
    tmp_path: Path,
    axiom_env: dict[str, str],
    media: Path,
) -> None:
    with running_receiver(SECRET, fail_times=1) as receiver:
        config = tmp_path / "studio.toml"
        config.write_text(
            f'[tracker]\nretry_seconds = 1\n[[notify]]\nname = "bus"\nurl = "{receiver.url}"\n'
            f'secret = "{SECRET}"\ntimeout = 5\n',
            encoding="utf-8",
        )
        env = dict(axiom_env, AXIOM_STUDIO_CONFIG=str(config))
        settings = make_settings(sqlite_url, tmp_path / "publish", env)
        widget = make_widget(settings)
        pump = OutboxPump(settings, widget.pool)
        widget.published.connect(pump.kick)
        reports: list[DrainReport] = []
        pump.drained.connect(reports.append)
        choose(qtbot, widget)
        drop(widget, media / "clip.mov")
        wait_analysed(qtbot, widget)
        with qtbot.waitSignal(widget.published, timeout=60_000) as signal:
            qtbot.mouseClick(widget.publish_button, QtCore.Qt.MouseButton.LeftButton)
        (version,) = signal.args[0]
        qtbot.waitUntil(lambda: bool(reports), timeout=30_000)  # the kick's pass
        assert [d.status for d in reports[0].deliveries] == [EventStatus.FAILED]  # 500 once
        state = version_states(settings, [version.id], target="bus")[version.id]
        assert state.status is EventStatus.FAILED
        qtbot.wait(1100)  # its retry time ([tracker] retry_seconds = 1)
        pump.kick()
        qtbot.waitUntil(lambda: len(reports) == 2, timeout=30_000)
        assert len(receiver.accepted) == 1 and receiver.accepted[0].signed_ok
        assert version_states(settings, [version.id], target="bus")[version.id].status is (
            EventStatus.SENT
        )
        pump.kick()  # nothing left: nothing sent again
        qtbot.waitUntil(lambda: not pump.running, timeout=30_000)
        assert len(receiver.accepted) == 1


def test_without_a_listener_the_pump_never_runs(
    qtbot: QtBot, sqlite_url: str, tmp_path: Path, axiom_env: dict[str, str]
) -> None:
    settings = make_settings(sqlite_url, tmp_path / "publish", axiom_env)
    pool = WorkerPool()
    pump = OutboxPump(settings, pool)
    pump.start()
    pump.kick()
    assert not pump.enabled and not pump.running and not pump.timer.isActive()
    assert not pool.running


def test_the_worker_thread_pump_delivers_on_its_own(
    sqlite_url: str, tmp_path: Path, axiom_env: dict[str, str], media: Path
) -> None:
    from axiom_publisher.core.types import PublishContext, PublishItem
    from axiom_publisher.publish.service import PublishService
    from axiom_publisher.publish.sources import resolve_source

    with running_receiver(SECRET) as receiver:
        config = tmp_path / "studio.toml"
        config.write_text(
            f'[[notify]]\nname = "bus"\nurl = "{receiver.url}"\nsecret = "{SECRET}"\n',
            encoding="utf-8",
        )
        env = dict(axiom_env, AXIOM_STUDIO_CONFIG=str(config))
        settings = make_settings(sqlite_url, tmp_path / "publish", env)
        item = PublishItem(
            PublishContext("proj", "sh010", "comp", "plate"), (resolve_source(media / "clip.mov"),)
        )
        with PublishService.open(settings) as service:
            service.publish(item)
        stop = threading.Event()
        thread = threading.Thread(target=pump_forever, args=(settings, stop, 0.2), daemon=True)
        thread.start()
        try:
            for _ in range(150):
                if receiver.accepted:
                    break
                stop.wait(0.1)
        finally:
            stop.set()
            thread.join(10)
        assert len(receiver.accepted) == 1 and receiver.accepted[0].kind == "publish"


def test_a_pass_whose_database_is_gone_logs_without_the_password(
    tmp_path: Path, axiom_env: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    from axiom_publisher.config import load_settings
    from axiom_publisher.publish.tracker.pump import pump_once

    config = tmp_path / "studio.toml"
    config.write_text('[[notify]]\nname = "bus"\nurl = "http://127.0.0.1:9/hook"\n')
    settings = load_settings(
        dict(axiom_env, AXIOM_STUDIO_CONFIG=str(config)),
        db_url="postgresql+psycopg://wrangler:Pump-Pass-8812@127.0.0.1:9/axiom",
        publish_root=tmp_path / "publish",
    )
    with caplog.at_level("WARNING"):
        assert pump_once(settings) is None  # never raises: the next pass tries again
    assert "the outbox drain failed" in caplog.text
    assert "Pump-Pass-8812" not in caplog.text
