"""The Publish tab's My tasks with [tracker.people] and [tracker.tasks] on real widgets.

Synced tracker tasks are stored by the sync's own repository function (no server needed
for what the box reads): a Compositing task assigned to jane.doe@studio.com and a Lighting
task assigned to jdoe@studio.com (somebody else). The OS login `jdoe` is mapped to
jane.doe@studio.com and "comp" to Compositing: the box lists the Compositing task only,
choosing it fills the picker's task with "comp", and the box follows the picker back to it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from axiom_publisher.config import Settings, load_settings
from axiom_publisher.core.tracker_plan import TaskRecord
from axiom_publisher.core.types import EntityKind, EntitySpec, ProjectSpec
from axiom_publisher.db.tracker_tasks import put_tracker_task
from axiom_publisher.publish import catalog
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.ui.publish_widget import PublishWidget
from axiom_publisher.ui.workers import WorkerPool
from tests.roots import publish_root

# The My tasks list is a popup the offscreen platform cannot raise or grab the keyboard for.
pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (raise\(\)|grabbing the keyboard|propagateSizeHints\(\))"
)
TIMEOUT = 20_000
TASKS = (
    TaskRecord("sh010", "t-comp", "Compositing", "WIP", ("jane.doe@studio.com",)),
    TaskRecord("sh010", "t-light", "Lighting", "WIP", ("jdoe@studio.com",)),
    TaskRecord("sh020", "t-comp-2", "Compositing", "Todo", ("JANE.DOE@studio.com",)),
)


def _settings(db_url: str, tmp_path: Path, env: dict[str, str]) -> Settings:
    config = tmp_path / "studio.toml"
    config.write_text(
        '[tracker]\nkind = "kitsu"\nurl = "http://127.0.0.1:9"\n'
        '[tracker.tasks]\ncomp = "Compositing"\n'
        '[tracker.people]\njdoe = "jane.doe@studio.com"\n'
    )
    settings = load_settings(
        dict(env, AXIOM_STUDIO_CONFIG=str(config)),
        db_url=db_url,
        publish_root=publish_root(tmp_path / "publish"),
    )
    with open_catalog_database(settings) as database:
        catalog.create_project(database, ProjectSpec("film", "Film", width=64, height=36))
        for shot in ("sh010", "sh020"):
            catalog.create_entity(database, EntitySpec("film", shot, EntityKind.SHOT))
        for task in TASKS:
            database.run(lambda s, task=task: put_tracker_task(s, "film", task))  # type: ignore[misc]
    return settings


def test_my_tasks_of_a_mapped_login_under_the_studios_task_names(
    qtbot: QtBot,
    db_url: str,
    tmp_path: Path,
    axiom_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = _settings(db_url, tmp_path, axiom_env)
    monkeypatch.setenv("AXIOM_USER", "jdoe")
    pool = WorkerPool()
    widget = PublishWidget(settings, pool)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    try:
        box = widget.my_tasks
        qtbot.waitUntil(lambda: len(box.tasks) > 0, timeout=TIMEOUT)
        # jane.doe's tasks (any case), never jdoe@studio.com's Lighting task
        assert [(t.entity, t.tracker_id, t.task) for t in box.tasks] == [
            ("sh010", "t-comp", "comp"),
            ("sh020", "t-comp-2", "comp"),
        ]
        assert "2 tasks assigned to jdoe" in box.combo.itemText(0)
        box.combo.setCurrentIndex(1)
        box.combo.activated.emit(1)  # what choosing it in the list emits
        widget.picker.product.setCurrentText("main")
        qtbot.waitUntil(lambda: widget.picker.context() is not None, timeout=TIMEOUT)
        context = widget.picker.context()
        assert context is not None
        assert (context.project, context.entity, context.task) == ("film", "sh010", "comp")
        qtbot.waitUntil(lambda: box.combo.currentIndex() == 1, timeout=TIMEOUT)
        # the box follows the picker: another shot's "comp" is that shot's task
        widget.picker.set_context("film", "sh020", "comp", product=None, kind=EntityKind.SHOT)
        qtbot.waitUntil(lambda: box.combo.currentIndex() == 2, timeout=TIMEOUT)
        widget.picker.set_context("film", "sh010", "paint", product=None, kind=EntityKind.SHOT)
        qtbot.waitUntil(lambda: box.combo.currentIndex() == 0, timeout=TIMEOUT)
    finally:
        widget.close()
        assert pool.wait(TIMEOUT)
