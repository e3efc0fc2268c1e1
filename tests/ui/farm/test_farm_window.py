"""The Farm tab in the main window: a job queued from the Publish tab shows there at once,
and the version a worker made shows in the Review queue and the Publish tab's next version
without F5 (real Redis child, real `axiom worker --burst`, SQLite)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot
from qtpy import QtCore

from axiom_publisher.ui.farm.model import FarmJobsModel
from axiom_publisher.ui.main_window import FARM_TAB, PUBLISH_TAB, MainWindow
from axiom_publisher.ui.publish_widget import PublishWidget
from axiom_publisher.ui.review.sources import QUEUE
from tests.redis_server import RedisChild
from tests.ui.publish.conftest import choose, drop

from .conftest import farm_settings, finish, start_worker

TIMEOUT = 60_000


def test_the_farm_tab_follows_a_publish_tab_job_and_review_shows_its_version(
    qtbot: QtBot,
    sqlite_url: str,
    tmp_path: Path,
    axiom_env: dict[str, str],
    redis_child: RedisChild,
    media: Path,
) -> None:
    settings = farm_settings(sqlite_url, tmp_path, axiom_env, redis_child)
    state = QtCore.QSettings(str(tmp_path / "state.ini"), QtCore.QSettings.Format.IniFormat)
    window = MainWindow(settings, state=state)
    qtbot.addWidget(window)
    window.show()
    window.review.set_mode(QUEUE)
    panel, widget = window.farm_panel, window.publish_widget
    assert isinstance(widget, PublishWidget)
    assert window.tabs.widget(FARM_TAB) is panel
    qtbot.waitUntil(lambda: panel.summary.text() == "No farm jobs yet.", timeout=TIMEOUT)

    window.tabs.setCurrentIndex(PUBLISH_TAB)
    choose(qtbot, widget)
    drop(widget, media / "clip.mov")
    qtbot.waitUntil(lambda: bool(widget.rows) and widget.rows[0].source is not None)
    widget.farm_choice.check.click()
    qtbot.waitUntil(lambda: widget.publish_button.isEnabled(), timeout=TIMEOUT)
    with qtbot.waitSignal(panel.loaded, timeout=TIMEOUT, check_params_cb=lambda s: bool(s.jobs)):
        qtbot.mouseClick(widget.publish_button, QtCore.Qt.MouseButton.LeftButton)
    (job,) = panel.model.jobs  # shown behind the Publish tab, without waiting for a tick
    assert job.status == "queued"

    window.tabs.setCurrentIndex(FARM_TAB)
    with qtbot.waitSignal(panel.job_finished, timeout=180_000) as finished:
        finish(settings, start_worker(settings, "node-w", "--burst"), "node-w", qtbot)
    assert finished.args[0].status == "done" and finished.args[0].version_id
    row = panel.model.row_of(job.id)
    qtbot.waitUntil(
        lambda: (
            panel.model.text(panel.model.jobs[row], FarmJobsModel.VERSION) == "sh010 / plate v001"
        )
    )
    qtbot.waitUntil(lambda: "v002" in widget.picker.next_version.text(), timeout=TIMEOUT)
    window.tabs.setCurrentIndex(window.tabs.indexOf(window.review))
    version_id = finished.args[0].version_id
    qtbot.waitUntil(
        lambda: version_id in {record.id for record in window.review.queue.model.records},
        timeout=TIMEOUT,
    )
    qtbot.waitUntil(lambda: not window.pool.running, timeout=TIMEOUT)
    window.close()
    assert window.pool.wait(TIMEOUT)
