"""A publish from the app's Publish tab into a task picked under "My tasks" reaches the real
Kitsu by the app's own outbox pump (nobody pushes, nobody calls drain).

A film of 3 sequences / 30 shots / 60 tasks is synced from the test run's zou. In the main
window an artist opens the My tasks list, clicks one of their Compositing tasks in it (the
picker fills shot and task), names the product, drops a frame sequence and clicks Publish.
The version records that task; the window's pump delivers the publish: on that Kitsu task
(and on no other) a comment with the publish status, the version's name and path, and the
proxy as its preview (revision 1), which zou processes to `ready` and which becomes the
shot's thumbnail. The Review tab's Info page then says sent.
"""

from __future__ import annotations

import time
from pathlib import Path

import gazu
import pytest
from pytestqt.qtbot import QtBot
from qtpy import QtCore, QtWidgets

from axiom_publisher.core.outbox import EventStatus
from axiom_publisher.core.types import VersionRecord
from axiom_publisher.media.synth import write_sequence
from axiom_publisher.publish.tracker.drain import DrainReport
from axiom_publisher.ui.main_window import PUBLISH_TAB, MainWindow
from axiom_publisher.ui.publish.rows import RowState
from axiom_publisher.ui.publish_widget import PublishWidget
from tests.tracker.kitsu_data import admin_client
from tests.tracker.my_tasks_data import synced_film
from tests.tracker.outbox_data import on_kitsu
from tests.tracker.review_ui_data import LEFT, poll
from tests.tracker.zou_server import ZouServer
from tests.ui.publish.conftest import drop, wait_analysed

# The My tasks list is a popup: the offscreen platform cannot raise it or grab the keyboard
# for it, and says so (the closest qt_log_ignore alone counts, so all three are named).
pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (raise\(\)|grabbing the keyboard|propagateSizeHints\(\))"
)
TIMEOUT = 20_000


def _window(qtbot: QtBot, settings: object, folder: Path) -> tuple[MainWindow, PublishWidget]:
    state = QtCore.QSettings(str(folder / "state.ini"), QtCore.QSettings.Format.IniFormat)
    window = MainWindow(settings, state=state)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.resize(1400, 850)
    window.show()
    window.tabs.setCurrentIndex(PUBLISH_TAB)
    widget = window.publish_widget
    assert isinstance(widget, PublishWidget)
    return window, widget


def _pick(qtbot: QtBot, widget: PublishWidget, index: int) -> None:
    """Open the My tasks list and click its row `index` (as the artist does)."""
    combo = widget.my_tasks.combo
    qtbot.mouseClick(combo, LEFT)
    view = combo.view()
    qtbot.waitUntil(view.isVisible, timeout=TIMEOUT)
    # the combo ignores a release right after it opened (the click that opened it)
    qtbot.wait(QtWidgets.QApplication.doubleClickInterval() + 100)
    view.scrollTo(combo.model().index(index, 0))
    rect = view.visualRect(combo.model().index(index, 0))
    with qtbot.waitSignal(widget.my_tasks.chosen, timeout=TIMEOUT):
        qtbot.mouseClick(view.viewport(), LEFT, pos=rect.center())
    qtbot.waitUntil(lambda: not view.isVisible(), timeout=TIMEOUT)


def _sent(reports: list[DrainReport]) -> bool:
    return any(d.status is EventStatus.SENT for report in reports for d in report.deliveries)


def test_a_publish_into_a_picked_task_reaches_kitsu_by_the_apps_own_pump(
    qtbot: QtBot,
    zou: ZouServer,
    db_url: str,
    tmp_path: Path,
    axiom_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    synced = synced_film(zou, db_url, tmp_path, axiom_env)
    email = synced.emails_of("artist1")
    monkeypatch.setenv("AXIOM_USER", email.split("@")[0])
    monkeypatch.setenv("AXIOM_TRACKER_USER", zou.email)  # the app's pump logs in with these
    monkeypatch.setenv("AXIOM_TRACKER_PASSWORD", zou.password)
    write_sequence(tmp_path / "src", "comp", 985, 1040, width=64, height=36)
    window, widget = _window(qtbot, synced.settings, tmp_path)
    reports: list[DrainReport] = []
    window.outbox.drained.connect(reports.append)
    box = widget.my_tasks
    try:
        qtbot.waitUntil(lambda: len(box.tasks) > 0, timeout=TIMEOUT)
        assert {task.tracker_id for task in box.tasks} == synced.tasks_of(email)
        index = next(
            i for i in range(1, box.combo.count())
            if box.combo.itemData(i).task_type == "Compositing"
            and box.combo.itemData(i).entity != box.tasks[0].entity
        )  # fmt: skip
        task = box.combo.itemData(index)
        _pick(qtbot, widget, index)
        assert box.combo.currentIndex() == index
        widget.picker.product.setCurrentText("comp")
        qtbot.waitUntil(lambda: widget.picker.context() is not None, timeout=TIMEOUT)
        context = widget.picker.context()
        assert context is not None
        assert (context.project, context.entity, context.task, context.product) == (
            "film", task.entity, "Compositing", "comp",
        )  # fmt: skip
        drop(widget, tmp_path / "src" / "comp.0985.png")
        (row,) = wait_analysed(qtbot, widget)
        assert row.state is RowState.READY, row.error
        with qtbot.waitSignal(widget.published, timeout=60_000) as signal:
            qtbot.mouseClick(widget.publish_button, LEFT)
        clicked = time.monotonic()
        (version,) = signal.args[0]
        assert isinstance(version, VersionRecord)
        assert version.tracker_task is not None
        assert version.tracker_task.tracker_id == task.tracker_id

        # nobody pushes: the pump the publish kicked delivers it
        client = admin_client(zou)  # one login for all the checks

        def commented() -> bool:
            return len(gazu.task.all_comments_for_task(task.tracker_id, client=client)) == 1

        arrived = poll(qtbot, commented, 120, "the comment", every_ms=500)
        delivered = poll(qtbot, lambda: _sent(reports), 180, "the pump's pass to end with it sent")
        kitsu = on_kitsu(zou, task.tracker_id)
        assert kitsu.status == synced.settings.tracker.statuses["publish"]
        (comment,) = kitsu.comments
        assert f"AXIOM published film/{task.entity}/Compositing/comp/v001" in comment["text"]
        assert f"Path: {version.path}" in comment["text"]
        assert [p["revision"] for p in kitsu.previews] == [1]
        assert [p["id"] for p in comment["previews"]] == [kitsu.previews[0]["id"]]
        assert any(d.status is EventStatus.SENT for report in reports for d in report.deliveries)
        preview = kitsu.previews[0]["id"]

        def ready() -> bool:
            return str(gazu.files.get_preview_file(preview, client=client)["status"]) == "ready"

        poll(qtbot, ready, 180, "zou processing the preview", every_ms=500)
        processed = time.monotonic() - clicked
        shot = gazu.shot.get_shot(synced.film.shots[task.entity]["id"], client=client)
        assert shot["preview_file_id"] == preview
        others = [t for t in synced.tasks_of(email) if t != task.tracker_id]
        assert all(not gazu.task.all_comments_for_task(t, client=client) for t in others)
        print(
            f"\n[publish tab->kitsu] comment on zou {arrived:.1f} s after the publish ended, "
            f"event sent (preview uploaded) {arrived + delivered:.1f} s, "
            f"preview ready {processed:.1f} s"
        )
    finally:
        window.close()
        assert window.pool.wait(60_000)
