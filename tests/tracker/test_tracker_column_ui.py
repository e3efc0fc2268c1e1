"""The versions browser's Tracker column: each version's delivery state from real outbox rows.

Five versions of one product are published through the real service with a tracker
configured (their publish events are in the outbox); the rows are then moved by the
outbox's own functions to sent, failed (retried later), dead (given up), sending (a drain
holds it) and pending. The browser reads the states in its workers (never on the Qt main
thread) and shows each as a pill with the reason as the failed rows' tooltip; a Retry from
the row's menu makes the dead event pending; a later read shows what a drain sent. Without
a tracker the column is hidden and nothing is read.
"""

from __future__ import annotations

import dataclasses
import functools
import threading
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from qtpy import QtCore, QtGui, QtWidgets

from axiom_publisher.config import Settings, load_settings
from axiom_publisher.config.tracker import TrackerSettings
from axiom_publisher.core.outbox import EventStatus, OutboxEvent
from axiom_publisher.core.types import (
    EntityKind,
    EntitySpec,
    ProjectSpec,
    PublishContext,
    PublishItem,
    VersionRecord,
)
from axiom_publisher.db import outbox as outbox_repo
from axiom_publisher.media.synth import write_sequence
from axiom_publisher.publish import catalog
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.service import PublishService
from axiom_publisher.publish.sources import resolve_source
from axiom_publisher.publish.tracker.outbox import version_states
from axiom_publisher.ui.browser import deliveries as deliveries_module
from axiom_publisher.ui.browser import loaders
from axiom_publisher.ui.browser.models import DELIVERY_ROLE, VersionTableModel
from axiom_publisher.ui.browser.widget import VersionsBrowser
from axiom_publisher.ui.delivery import COLOURS
from axiom_publisher.ui.workers import WorkerPool
from tests.roots import publish_root
from tests.ui.spies import Calls, thread_spy

# The offscreen platform's complaints (a shown window; the Retry menu popped up).
pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (raise\(\)|grabbing the keyboard|propagateSizeHints\(\))"
)
SHOTS = Path("/tmp/axiom")
TIMEOUT = 20_000
KEY = ("sh010", "comp", "main")
Tip = QtCore.Qt.ItemDataRole.ToolTipRole
UNREACHABLE = (
    "the Kitsu tracker http://127.0.0.1:9 cannot be reached while trying to comment on the "
    "task: check [tracker] url and that the server is running"
)
DELETED = (
    "the Kitsu tracker http://127.0.0.1:9 has no such record or route (404) while trying to "
    "read the task's comments: check [tracker] url (the API root) and that the record exists"
)


def _settings(db_url: str, tmp_path: Path, env: dict[str, str]) -> Settings:
    config = tmp_path / "studio.toml"
    config.write_text('[tracker]\nkind = "kitsu"\nurl = "http://127.0.0.1:9"\n')
    return load_settings(
        dict(env, AXIOM_STUDIO_CONFIG=str(config)),
        db_url=db_url,
        publish_root=publish_root(tmp_path / "publish"),
    )


def _publish(settings: Settings, tmp_path: Path, count: int) -> list[VersionRecord]:
    with open_catalog_database(settings) as database:
        catalog.create_project(database, ProjectSpec("film", "Film", width=64, height=36))
        catalog.create_entity(database, EntitySpec("film", "sh010", EntityKind.SHOT))
    records = []
    for number in range(count):
        folder = tmp_path / f"src{number}"
        write_sequence(folder, "comp", 1001, 1012 + number, width=64, height=36)
        item = PublishItem(
            context=PublishContext("film", *KEY),
            sources=(resolve_source(folder / "comp.####.png"),),
            comment=f"comp pass {number + 1}",
        )
        with PublishService.open(settings) as service:
            records.append(service.publish(item))
    return records


def _events(settings: Settings, records: list[VersionRecord]) -> dict[int, OutboxEvent]:
    """The tracker event of each version, by version id."""
    with open_catalog_database(settings) as database:
        found = database.run(
            lambda s: outbox_repo.list_events(s, 100, version_ids=[r.id for r in records])
        )
    return {event.version_id: event for event in found if event.version_id is not None}


def _move(settings: Settings, records: list[VersionRecord]) -> None:
    """v001 sent, v002 failed (retried in an hour), v003 dead, v004 sending, v005 pending."""
    events = _events(settings, records)
    sent, failed, dead, sending, _pending = (events[r.id].id for r in records)
    with open_catalog_database(settings) as database:
        claimed = database.run(
            lambda s: outbox_repo.claim_due(s, 10, 600, ids=[sent, failed, dead, sending])
        )
        assert len(claimed) == 4
        database.run(lambda s: outbox_repo.mark_sent(s, sent, "comment-1"))
        database.run(lambda s: outbox_repo.mark_failed(s, failed, UNREACHABLE, 3600))
        database.run(lambda s: outbox_repo.mark_failed(s, dead, DELETED, None))


def _column(model: VersionTableModel, role: int = QtCore.Qt.ItemDataRole.DisplayRole) -> list:  # type: ignore[type-arg]
    return [model.index(row, model.TRACKER).data(role) for row in range(model.rowCount())]


def _painted(table: QtWidgets.QTableView, index: QtCore.QModelIndex) -> set[str]:
    """The colours painted along the middle line of a cell (an offscreen grab)."""
    table.scrollTo(index)
    rect = table.visualRect(index)
    assert rect.isValid() and table.viewport().rect().contains(rect.center())
    image = table.viewport().grab(rect).toImage()
    middle = image.height() // 2
    return {image.pixelColor(x, middle).name() for x in range(image.width())}


def _grab_with_tooltip(browser: VersionsBrowser, index: QtCore.QModelIndex) -> QtGui.QPixmap:
    """The browser with the cell's tooltip drawn over it (a tooltip is a window of its own)."""
    table = browser.table
    corner = table.visualRect(index).bottomRight() + QtCore.QPoint(-6, -14)
    QtWidgets.QToolTip.showText(table.viewport().mapToGlobal(corner), index.data(Tip), table)
    tip = next(
        w for w in QtWidgets.QApplication.topLevelWidgets()
        if w.objectName() == "qtooltip_label" and w.isVisible()
    )  # fmt: skip
    tip.adjustSize()
    picture = browser.grab()
    painter = QtGui.QPainter(picture)
    painter.drawPixmap(browser.mapFromGlobal(table.viewport().mapToGlobal(corner)), tip.grab())
    painter.end()
    QtWidgets.QToolTip.hideText()
    return picture


def _open(qtbot: QtBot, browser: VersionsBrowser) -> None:
    with qtbot.waitSignal(browser.tree_loaded, timeout=TIMEOUT):
        browser.refresh()
    with qtbot.waitSignal(browser.versions_loaded, timeout=TIMEOUT):
        assert browser.select_product(KEY)


def test_the_tracker_column_shows_each_versions_delivery_read_in_workers(
    qtbot: QtBot,
    db_url: str,
    tmp_path: Path,
    axiom_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = _settings(db_url, tmp_path, axiom_env)
    records = _publish(settings, tmp_path, 5)
    assert {e.status for e in _events(settings, records).values()} == {EventStatus.PENDING}
    _move(settings, records)
    events = _events(settings, records)
    calls: Calls = []
    for module in (loaders, deliveries_module):
        spy = thread_spy(calls, module.__name__, version_states)
        monkeypatch.setattr(module, "version_states", spy)

    pool = WorkerPool()
    browser = VersionsBrowser(settings, pool)
    qtbot.addWidget(browser)
    browser.resize(1280, 560)
    browser.show()
    try:
        _open(qtbot, browser)
        model, table = browser.versions, browser.table
        column = VersionTableModel.TRACKER
        assert model.headerData(column, QtCore.Qt.Orientation.Horizontal) == "Tracker"
        assert not table.isColumnHidden(column) and table.columnWidth(column) > 0
        # newest first: v005 pending, v004 sending, v003 dead, v002 failed, v001 sent
        assert _column(model) == ["pending", "pending", "dead", "failed", "sent"]
        badges = _column(model, DELIVERY_ROLE)
        assert [word for word, _ in badges] == ["PENDING", "SENDING", "GAVE UP", "FAILED", "SENT"]
        assert [colour.name() for _, colour in badges] == [
            COLOURS[status]
            for status in (EventStatus.PENDING, EventStatus.PENDING, EventStatus.DEAD)
            + (EventStatus.FAILED, EventStatus.SENT)
        ]
        tips = _column(model, QtCore.Qt.ItemDataRole.ToolTipRole)
        assert tips[0] == "pending" and tips[1] == "sending (attempt 1)"
        assert tips[2] == f"failed, given up after 1 attempt(s): {DELETED}"
        assert tips[3].startswith("failed, retried 20") and tips[3].endswith(UNREACHABLE)
        assert tips[4].startswith("sent 20")
        assert calls and all(thread is not threading.main_thread() for _, thread in calls)
        assert browser.deliveries.timer.isActive()  # not all sent: read again later
        for row, status in ((3, EventStatus.FAILED), (4, EventStatus.SENT)):
            assert COLOURS[status] in _painted(table, model.index(row, column))
        if SHOTS.is_dir():  # for the README: every state in view, the failed one selected
            browser.resize(1280, 720)
            browser.details_splitter.setSizes([350, 300])
            table.setCurrentIndex(model.index(3, VersionTableModel.LABEL))
            table.scrollToTop()
            _grab_with_tooltip(browser, model.index(3, column)).save(
                str(SHOTS / "tracker_browser.png")
            )

        # Retry from the dead row's menu: its event is pending again (the drain sends it)
        dead = records[2]
        position = table.visualRect(model.index(2, column)).center()
        table.customContextMenuRequested.emit(position)
        menu = browser.deliveries.menu
        assert menu is not None
        (action,) = menu.actions()
        assert action.text() == f"Retry the tracker delivery of {dead.label}"
        with qtbot.waitSignal(browser.deliveries.loaded, timeout=TIMEOUT):
            action.trigger()
        menu.close()
        assert _column(model)[2] == "pending"
        assert _events(settings, [dead])[dead.id].status is EventStatus.PENDING
        # no Retry for a sent row
        browser.deliveries.menu = None
        table.customContextMenuRequested.emit(table.visualRect(model.index(4, column)).center())
        assert browser.deliveries.menu is None

        # what drains send (the one that held v004, then the rest) shows at the next read
        with open_catalog_database(settings) as database:
            database.run(lambda s: outbox_repo.mark_sent(s, events[records[3].id].id, "c4"))
            due = database.run(lambda s: outbox_repo.claim_due(s, 10, 60, failed_now=True))
            for event in due:
                sent = functools.partial(outbox_repo.mark_sent, event_id=event.id, remote_id="c")
                database.run(sent)
        with qtbot.waitSignal(browser.deliveries.loaded, timeout=TIMEOUT):
            browser.deliveries.reload()
        assert _column(model) == ["sent"] * 5
        assert not browser.deliveries.timer.isActive()
        assert all(thread is not threading.main_thread() for _, thread in calls)
    finally:
        assert pool.wait(TIMEOUT)


def test_without_a_tracker_the_column_is_hidden_and_nothing_is_read(
    qtbot: QtBot,
    db_url: str,
    tmp_path: Path,
    axiom_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    configured = _settings(db_url, tmp_path, axiom_env)
    records = _publish(configured, tmp_path, 1)
    settings = dataclasses.replace(configured, tracker=TrackerSettings())
    calls: Calls = []
    monkeypatch.setattr(loaders, "version_states", thread_spy(calls, "x", version_states))
    pool = WorkerPool()
    browser = VersionsBrowser(settings, pool)
    qtbot.addWidget(browser)
    browser.show()
    try:
        _open(qtbot, browser)
        assert browser.table.isColumnHidden(VersionTableModel.TRACKER)
        assert [r.id for r in browser.versions.records] == [records[0].id]
        assert calls == []
        assert not browser.deliveries.timer.isActive()
    finally:
        assert pool.wait(TIMEOUT)
