"""The Publish tab's "My tasks" on real widgets, with the tasks synced from the real zou.

Choosing a task fills project / shot / task; the publish from the tab records the tracker
task and the outbox brings its comment, status and preview to zou; the tasks are read on a
worker thread; without a tracker the box is not shown.
"""

from __future__ import annotations

import threading
from pathlib import Path

import gazu
import pytest
from pytestqt.qtbot import QtBot
from qtpy import QtCore

from axiom_publisher.config import load_settings
from axiom_publisher.core.my_tasks import MyTask
from axiom_publisher.core.outbox import EventStatus
from axiom_publisher.core.types import VersionStatus
from axiom_publisher.media.synth import write_sequence
from axiom_publisher.publish import catalog
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.tracker import my_tasks as my_tasks_module
from axiom_publisher.publish.tracker.drain import drain
from axiom_publisher.ui.publish import my_tasks as box_module
from axiom_publisher.ui.publish.rows import RowState
from axiom_publisher.ui.publish_widget import PublishWidget
from axiom_publisher.ui.workers import WorkerPool
from tests.roots import publish_root
from tests.tracker.kitsu_data import admin_client
from tests.tracker.my_tasks_data import synced_film
from tests.tracker.outbox_data import on_kitsu, wait_for
from tests.tracker.zou_server import ZouServer
from tests.ui.publish.conftest import drop, wait_analysed

# The My tasks list is a popup the offscreen platform cannot raise or grab the keyboard for.
pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (raise\(\)|grabbing the keyboard|propagateSizeHints\(\))"
)
SHOTS = Path("/tmp/axiom")


def _widget(qtbot: QtBot, settings: object) -> tuple[PublishWidget, WorkerPool]:
    pool = WorkerPool()
    widget = PublishWidget(settings, pool)  # type: ignore[arg-type]
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    return widget, pool


def test_choosing_one_of_my_tasks_fills_the_context_and_the_publish_records_it(
    qtbot: QtBot,
    zou: ZouServer,
    sqlite_url: str,
    tmp_path: Path,
    axiom_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    synced = synced_film(zou, sqlite_url, tmp_path, axiom_env)
    email = synced.emails_of("artist2")
    monkeypatch.setenv("AXIOM_USER", email.split("@")[0])
    credentials = {"AXIOM_TRACKER_USER": zou.email, "AXIOM_TRACKER_PASSWORD": zou.password}
    threads: list[threading.Thread] = []
    real = my_tasks_module.my_tasks

    def recorded(*args: object, **kwargs: object) -> list[MyTask]:
        threads.append(threading.current_thread())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(box_module, "my_tasks", recorded)
    widget, pool = _widget(qtbot, synced.settings)
    try:
        box = widget.my_tasks
        assert box.isVisible()
        qtbot.waitUntil(lambda: len(box.tasks) > 0, timeout=20_000)
        assert threads and threading.main_thread() not in threads  # read on a worker
        assert {task.tracker_id for task in box.tasks} == synced.tasks_of(email)
        assert box.combo.count() == len(box.tasks) + 1  # the prompt, then each task
        assert box.combo.currentIndex() == 0
        assert f"assigned to {email.split('@')[0]}" in box.combo.itemText(0)

        index = next(
            i for i in range(1, box.combo.count())
            if box.combo.itemData(i).task_type == "Lighting"
        )  # fmt: skip
        task = box.combo.itemData(index)
        box.combo.setCurrentIndex(index)
        box.combo.activated.emit(index)  # what choosing it in the list emits
        widget.picker.product.setCurrentText("lgt")
        qtbot.waitUntil(lambda: widget.picker.context() is not None, timeout=10_000)
        context = widget.picker.context()
        assert context is not None
        assert (context.project, context.entity, context.task, context.product) == (
            "film", task.entity, "Lighting", "lgt",
        )  # fmt: skip
        qtbot.waitUntil(lambda: box.combo.currentIndex() == index, timeout=10_000)

        write_sequence(tmp_path / "src", "lgt", 993, 1033, width=64, height=36)
        drop(widget, tmp_path / "src" / "lgt.0993.png")
        (row,) = wait_analysed(qtbot, widget)
        assert row.state is RowState.READY, row.error
        if SHOTS.is_dir():
            widget.grab().save(str(SHOTS / "my_tasks_publish_tab.png"))
        with qtbot.waitSignal(widget.published, timeout=60_000) as signal:
            qtbot.mouseClick(widget.publish_button, QtCore.Qt.MouseButton.LeftButton)
        (version,) = signal.args[0]
        with open_catalog_database(synced.settings) as database:
            (stored,) = catalog.list_versions(database, synced.settings, project="film")
        assert stored.id == version.id and stored.status is VersionStatus.PUBLISHED
        assert stored.tracker_task is not None
        assert stored.tracker_task.tracker_id == task.tracker_id
        # the outbox carries it to the tracker: comment, status and processed preview
        report = drain(synced.settings, env=credentials)
        assert [d.status for d in report.deliveries] == [EventStatus.SENT], report.deliveries
        kitsu = on_kitsu(zou, task.tracker_id)
        assert kitsu.status == synced.settings.tracker.statuses["publish"]
        assert len(kitsu.comments) == 1 and "film/" in kitsu.comments[0]["text"]
        assert [p["revision"] for p in kitsu.previews] == [1]
        client = admin_client(zou)
        preview = kitsu.previews[0]["id"]

        def ready() -> bool:
            return str(gazu.files.get_preview_file(preview, client=client)["status"]) == "ready"

        wait_for(ready, 180, "zou processing the preview")

        widget.picker.task.setCurrentText("paint")  # not a tracker task: the prompt again
        qtbot.waitUntil(lambda: box.combo.currentIndex() == 0, timeout=5_000)
    finally:
        widget.close()
        assert pool.wait(60_000)


def test_without_a_tracker_there_is_no_my_tasks_box(
    qtbot: QtBot, sqlite_url: str, tmp_path: Path, axiom_env: dict[str, str]
) -> None:
    settings = load_settings(axiom_env, db_url=sqlite_url, publish_root=publish_root(tmp_path))
    widget, pool = _widget(qtbot, settings)
    try:
        assert not widget.my_tasks.isVisible()
        widget.my_tasks.refresh()
        assert pool.wait(10_000)
        assert widget.my_tasks.tasks == []
    finally:
        widget.close()
        assert pool.wait(60_000)
