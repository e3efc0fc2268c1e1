"""The Review tab's Info page names the tracker task of the open version (real zou data)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import gazu
import pytest
from pytestqt.qtbot import QtBot
from qtpy import QtCore

from axiom_publisher.config import Settings
from axiom_publisher.core.outbox import (
    TRACKER_TARGET,
    EventKind,
    EventStatus,
    NewEvent,
    OutboxEvent,
)
from axiom_publisher.core.tracker_connection import TrackerState
from axiom_publisher.core.types import PublishContext, PublishItem, VersionRecord
from axiom_publisher.db import outbox as outbox_repo
from axiom_publisher.media.synth import write_sequence
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.service import PublishService
from axiom_publisher.publish.sources import resolve_source
from axiom_publisher.publish.tracker.drain import drain
from axiom_publisher.publish.tracker.my_tasks import my_tasks
from axiom_publisher.ui.review.tab import ReviewTab
from axiom_publisher.ui.review.tracker_info import NOT_LINKED, TrackerInfo
from axiom_publisher.ui.tracker_status import TrackerStatusLabel
from axiom_publisher.ui.workers import WorkerPool
from tests.tracker.kitsu_data import admin_client
from tests.tracker.my_tasks_data import synced_film
from tests.tracker.zou_server import ZouServer

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
SHOTS = Path("/tmp/axiom")
TIMEOUT = 20_000


def _publish(settings: Settings, source: Path, entity: str, task: str) -> VersionRecord:
    item = PublishItem(
        context=PublishContext("film", entity, task, "main"),
        sources=(resolve_source(source),),
        comment=f"{task} pass",
    )
    with PublishService.open(settings) as service:
        return service.publish(item)


def _open(qtbot: QtBot, tab: ReviewTab, record: VersionRecord) -> None:
    with qtbot.waitSignal(tab.version_opened, timeout=TIMEOUT):
        tab.open_version(record)


def test_the_info_page_names_the_versions_tracker_task(
    qtbot: QtBot,
    zou: ZouServer,
    tmp_path: Path,
    axiom_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    synced = synced_film(zou, f"sqlite:///{tmp_path / 'axiom.db'}", tmp_path, axiom_env)
    monkeypatch.setenv("AXIOM_USER", synced.emails_of("artist0").split("@")[0])
    task = next(t for t in my_tasks(synced.settings) if t.task_type == "Compositing")
    write_sequence(tmp_path / "src", "comp", 985, 1040, width=64, height=36)
    source = tmp_path / "src" / "comp.####.png"
    linked = _publish(synced.settings, source, task.entity, task.task)
    unlinked = _publish(synced.settings, source, task.entity, "paint")
    pool = WorkerPool()
    tab = ReviewTab(synced.settings, pool)
    qtbot.addWidget(tab)
    tab.resize(1500, 800)
    tab.show()
    try:
        info = tab.side.info
        tab.side.pages.setCurrentWidget(info)
        _open(qtbot, tab, linked)
        assert info.tracker.isVisibleTo(tab)
        assert info.tracker.task.text() == f"Compositing ({task.status})"
        assert info.tracker.task.toolTip() == f"tracker id {task.tracker_id}"
        _delivery_states(qtbot, tab, synced.settings, linked)
        if SHOTS.is_dir():
            tab.grab().save(str(SHOTS / "tracker_info_page.png"))
        _open(qtbot, tab, unlinked)
        assert info.tracker.task.text() == NOT_LINKED
    finally:
        tab.shutdown()
        assert pool.wait(TIMEOUT)


def _events(settings: Settings, version_id: int) -> list[OutboxEvent]:
    with open_catalog_database(settings) as database:
        return database.run(lambda s: outbox_repo.list_events(s, 100, version_ids=[version_id]))


def _loaded(qtbot: QtBot, box: TrackerInfo, action: Callable[[], None]) -> None:
    with qtbot.waitSignal(box.state_loaded, timeout=TIMEOUT):
        action()


def _delivery_states(
    qtbot: QtBot, tab: ReviewTab, settings: Settings, record: VersionRecord
) -> None:
    """pending, then failed for good with the reason and a Retry, retried, then sent."""
    box = tab.side.info.tracker
    event = NewEvent(
        EventKind.PUBLISH, TRACKER_TARGET, {"version": record.id}, f"t-{record.id}", record.id
    )
    with open_catalog_database(settings) as database:
        if not _events(settings, record.id):  # until publishes write their own events
            database.run(lambda s: outbox_repo.add_events(s, [event]))
        (claimed, *_) = database.run(lambda s: outbox_repo.claim_due(s, 10, 60))
    _loaded(qtbot, box, box.reload)
    assert box.delivery.text() == "sending (attempt 1)"  # claimed by a drain
    assert not box.retry_button.isVisibleTo(tab)

    reason = "the tracker answered HTTP 500 (Internal Server Error)"
    with open_catalog_database(settings) as database:
        database.run(lambda s: outbox_repo.mark_failed(s, claimed.id, reason, 3600))
    _loaded(qtbot, box, box.reload)
    assert box.delivery.text().startswith("failed, retried 20")  # at the time the drain will
    assert box.delivery.text().endswith(f": {reason}")
    assert box.retry_button.isVisibleTo(tab)
    with open_catalog_database(settings) as database:  # the last attempt fails: dead
        database.run(lambda s: outbox_repo.mark_failed(s, claimed.id, reason, None))
    _loaded(qtbot, box, box.reload)
    assert box.delivery.text() == f"failed, given up after 1 attempt(s): {reason}"
    assert box.retry_button.isVisibleTo(tab)
    if SHOTS.is_dir():
        tab.grab().save(str(SHOTS / "tracker_info_failed.png"))

    _loaded(
        qtbot, box, lambda: qtbot.mouseClick(box.retry_button, QtCore.Qt.MouseButton.LeftButton)
    )
    assert box.delivery.text() == "pending"
    assert not box.retry_button.isVisibleTo(tab)
    (stored,) = [e for e in _events(settings, record.id) if e.id == claimed.id]
    assert stored.status is EventStatus.PENDING and stored.attempts == 0

    with open_catalog_database(settings) as database:
        for due in database.run(lambda s: outbox_repo.claim_due(s, 10, 60)):
            database.run(lambda s, due=due: outbox_repo.mark_sent(s, due.id, "comment-1"))
    _loaded(qtbot, box, box.reload)
    assert box.delivery.text().startswith("sent 20")
    assert box.state is not None and box.state.status is EventStatus.SENT


def test_a_tracker_outage_shows_failed_with_the_reason_and_retry_delivers_once_it_is_back(
    qtbot: QtBot,
    zou: ZouServer,
    tmp_path: Path,
    axiom_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    synced = synced_film(zou, f"sqlite:///{tmp_path / 'axiom.db'}", tmp_path, axiom_env)
    monkeypatch.setenv("AXIOM_USER", synced.emails_of("artist1").split("@")[0])
    env = {"AXIOM_TRACKER_USER": zou.email, "AXIOM_TRACKER_PASSWORD": zou.password}
    task = next(t for t in my_tasks(synced.settings) if t.task_type == "Lighting")
    write_sequence(tmp_path / "src", "lgt", 985, 1040, width=64, height=36)
    pool = WorkerPool()
    tab = ReviewTab(synced.settings, pool)
    status = TrackerStatusLabel(synced.settings, pool)
    qtbot.addWidget(tab)
    qtbot.addWidget(status)
    tab.resize(1500, 800)
    tab.show()
    box = tab.side.info.tracker
    tab.side.pages.setCurrentWidget(tab.side.info)
    zou.stop_api()
    try:
        record = _publish(
            synced.settings, tmp_path / "src" / "lgt.####.png", task.entity, "Lighting"
        )
        report = drain(synced.settings, env=env)  # the publish did not wait for the tracker
        assert [d.status for d in report.deliveries] == [EventStatus.FAILED]
        with qtbot.waitSignal(status.checked, timeout=TIMEOUT):
            status.check()
        assert status.connection is not None
        assert status.connection.state is TrackerState.UNREACHABLE
        with qtbot.waitSignal(box.state_loaded, timeout=TIMEOUT):
            _open(qtbot, tab, record)
        text = box.delivery.text()
        assert text.startswith("failed, retried 20"), text
        assert zou.url in text and zou.password not in text
        assert box.retry_button.isVisibleTo(tab)
        if SHOTS.is_dir():
            tab.grab().save(str(SHOTS / "tracker_info_outage.png"))
    finally:
        zou.start_api()
    with qtbot.waitSignal(status.checked, timeout=TIMEOUT):
        status.check()
    assert status.connection is not None and status.connection.state is TrackerState.REACHABLE
    _loaded(
        qtbot, box, lambda: qtbot.mouseClick(box.retry_button, QtCore.Qt.MouseButton.LeftButton)
    )
    assert box.delivery.text() == "pending"
    report = drain(synced.settings, env=env)
    assert [d.status for d in report.deliveries] == [EventStatus.SENT], report.deliveries
    _loaded(qtbot, box, box.reload)
    assert box.delivery.text().startswith("sent 20")
    assert not box.retry_button.isVisibleTo(tab)
    client = admin_client(zou)
    comments = gazu.task.all_comments_for_task(task.tracker_id, client=client)
    assert len(comments) == 1  # one comment, though the first attempt failed
    tab.shutdown()
    assert pool.wait(TIMEOUT)
