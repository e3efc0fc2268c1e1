"""The Review tab's Info page names the tracker task of the open version (real zou data)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from axiom_publisher.config import Settings
from axiom_publisher.core.types import PublishContext, PublishItem, VersionRecord
from axiom_publisher.media.synth import write_sequence
from axiom_publisher.publish.service import PublishService
from axiom_publisher.publish.sources import resolve_source
from axiom_publisher.publish.tracker.my_tasks import my_tasks
from axiom_publisher.ui.review.tab import ReviewTab
from axiom_publisher.ui.review.tracker_info import NOT_LINKED
from axiom_publisher.ui.workers import WorkerPool
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
        if SHOTS.is_dir():
            tab.grab().save(str(SHOTS / "tracker_info_page.png"))
        _open(qtbot, tab, unlinked)
        assert info.tracker.task.text() == NOT_LINKED
    finally:
        tab.shutdown()
        assert pool.wait(TIMEOUT)
