"""The Farm panel and "Publish on the farm", with real widgets (offscreen), a real Redis
child, real `axiom worker` processes and a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from qtpy import QtCore, QtWidgets

from axiom_publisher.config import Settings
from axiom_publisher.core.types import EntityKind, PublishContext
from axiom_publisher.farm.submit import submit_publish
from axiom_publisher.publish.jobs import PublishRequest
from axiom_publisher.ui.farm.model import FarmJobsModel
from axiom_publisher.ui.farm.panel import FarmPanel
from tests.calling_thread import CPU_BOUND, WALL_BOUND, spy_publish_work
from tests.redis_server import RedisChild
from tests.ui.publish.conftest import WidgetFactory, choose, drop, wait_analysed

from .conftest import PanelFactory, farm_settings, finish, screenshot, start_worker, stop

CONTEXT = PublishContext("proj", "sh010", "comp", "plate", EntityKind.SHOT)
M = FarmJobsModel


def cell(panel: FarmPanel, job_id: int, column: int) -> str:
    row = panel.model.row_of(job_id)
    return panel.model.text(panel.model.jobs[row], column) if row >= 0 else ""


def wait_status(qtbot: QtBot, panel: FarmPanel, job_id: int, status: str, timeout: int = 120_000
) -> None:  # fmt: skip
    qtbot.waitUntil(lambda: cell(panel, job_id, M.STATUS) == status, timeout=timeout)


def click(qtbot: QtBot, button: QtWidgets.QAbstractButton) -> None:
    qtbot.mouseClick(button, QtCore.Qt.MouseButton.LeftButton)


def submit(settings: Settings, path: Path) -> int:
    """What the Publish tab (or `axiom publish --farm`) queues: the job's id."""
    return submit_publish(settings, PublishRequest(CONTEXT, (str(path),))).id


def test_the_publish_tab_queues_on_the_farm_and_the_panel_follows_the_job_to_its_version(
    qtbot: QtBot,
    make_widget: WidgetFactory,
    make_panel: PanelFactory,
    db_url: str,
    tmp_path: Path,
    axiom_env: dict[str, str],
    redis_child: RedisChild,
    media: Path,
    dark_app: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = farm_settings(db_url, tmp_path, axiom_env, redis_child)
    widget = make_widget(settings)
    panel = make_panel(settings)
    qtbot.waitUntil(lambda: widget.farm_choice.workers == 0, timeout=10_000)
    assert not widget.farm_choice.chosen  # no worker serves the queue: not the default
    choose(qtbot, widget)
    drop(widget, media / "clip.mov")
    wait_analysed(qtbot, widget)
    click(qtbot, widget.farm_choice.check)
    assert widget.farm_choice.chosen and widget.publish_button.isEnabled()
    assert "No worker serves the farm's queue 'axiom'" in widget.farm_choice.note.text()
    widget.resize(1400, 850)
    screenshot(widget, "farm_publish_tab.png")

    seen: list[str] = []
    panel.loaded.connect(lambda snapshot: seen.extend(job.status for job in snapshot.jobs))
    in_process = spy_publish_work(monkeypatch)  # the clip was analysed here; no more
    started, cpu_started = time.monotonic(), time.thread_time()
    with qtbot.waitSignal(widget.farm_submitted, timeout=60_000) as queued:
        click(qtbot, widget.publish_button)
        clicked, clicked_cpu = time.monotonic() - started, time.thread_time() - cpu_started
    submitted = time.monotonic() - started
    (job,) = queued.args[0]
    # The session is free: the click cost the calling thread under 1 s of CPU and nothing
    # was analysed, decoded, hashed or published in this process (tests/calling_thread.py).
    assert clicked_cpu < CPU_BOUND, (clicked_cpu, clicked)
    assert in_process == [], in_process
    assert clicked < WALL_BOUND and submitted < WALL_BOUND, (clicked, submitted)
    print(f"farm submit: click returned in {clicked:.3f} s ({clicked_cpu:.3f} s CPU), "
          f"queued in {submitted:.3f} s")  # fmt: skip
    assert widget.rows == [] and not widget.busy
    assert f"Queued on the farm as job {job.id}" in widget.farm_choice.note.text()
    assert widget.farm_choice.note.isVisible() and not widget.progress.isVisible()
    qtbot.waitUntil(lambda: widget.farm_choice.note.x() < 50)  # in the bar's place
    screenshot(widget, "farm_publish_queued.png")
    wait_status(qtbot, panel, job.id, "queued", timeout=10_000)
    assert cell(panel, job.id, M.WHAT) == "proj / sh010 / comp / plate \u2190 clip.mov"
    assert cell(panel, job.id, M.PROGRESS) == "waiting for a worker"

    worker = start_worker(settings, "node-a", "--burst", step_seconds=0.05)
    try:
        wait_status(qtbot, panel, job.id, "running", timeout=60_000)
        assert cell(panel, job.id, M.WORKER) == "node-a"
        wait_status(qtbot, panel, job.id, "done", timeout=180_000)
        finish(settings, worker, "node-a", qtbot)
    finally:
        stop(worker)
    qtbot.waitUntil(lambda: cell(panel, job.id, M.VERSION) == "sh010 / plate v001")
    order = [status for index, status in enumerate(seen) if index == 0 or seen[index - 1] != status]
    assert order[:3] == ["queued", "running", "done"], order
    assert panel.select_job(job.id)
    assert "Made sh010 / plate v001." in panel.details.toPlainText()
    assert not panel.cancel_button.isEnabled() and not panel.retry_button.isEnabled()
    assert in_process == [], in_process  # the worker process published it, not this one


def test_cancel_a_queued_job_from_the_panel_and_no_worker_publishes_it(
    qtbot: QtBot,
    make_panel: PanelFactory,
    db_url: str,
    tmp_path: Path,
    axiom_env: dict[str, str],
    redis_child: RedisChild,
    media: Path,
) -> None:
    settings = farm_settings(db_url, tmp_path, axiom_env, redis_child)
    panel = make_panel(settings)
    job_id = submit(settings, media / "clip.mov")
    wait_status(qtbot, panel, job_id, "queued", timeout=10_000)
    assert panel.select_job(job_id)
    assert panel.cancel_button.isEnabled() and not panel.retry_button.isEnabled()

    with qtbot.waitSignal(panel.steered, timeout=10_000) as steered:
        click(qtbot, panel.cancel_button)
    assert [job.status for job in steered.args[0].jobs] == ["cancelled"]
    wait_status(qtbot, panel, job_id, "cancelled", timeout=10_000)
    qtbot.waitUntil(lambda: panel.retry_button.isEnabled() and not panel.cancel_button.isEnabled())
    finish(settings, start_worker(settings, "node-b", "--burst"), "node-b", qtbot)
    panel.refresh()
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        pass
    assert cell(panel, job_id, M.STATUS) == "cancelled"
    assert cell(panel, job_id, M.VERSION) == "" and cell(panel, job_id, M.WORKER) == ""


def test_retry_a_failed_job_from_the_panel_publishes_it(
    qtbot: QtBot,
    make_panel: PanelFactory,
    db_url: str,
    tmp_path: Path,
    axiom_env: dict[str, str],
    redis_child: RedisChild,
    media: Path,
    dark_app: None,
) -> None:
    settings = farm_settings(db_url, tmp_path, axiom_env, redis_child)
    panel = make_panel(settings)
    done = submit(settings, media / "clip.mov")
    moved = tmp_path / "delivery" / "late.mov"
    moved.parent.mkdir()
    failing = submit(settings, moved)  # its source is not there yet: the job fails
    finish(settings, start_worker(settings, "node-c", "--burst"), "node-c", qtbot)
    wait_status(qtbot, panel, failing, "failed")
    wait_status(qtbot, panel, done, "done")
    assert "late.mov" in cell(panel, failing, M.ERROR)
    assert "not visible from worker node-c" in cell(panel, failing, M.ERROR)

    # The README's picture: a running, a done, a failed, a cancelled and a queued job.
    cancelled = submit(settings, media / "clip.mov")
    wait_status(qtbot, panel, cancelled, "queued", timeout=10_000)
    assert panel.select_job(cancelled)
    click(qtbot, panel.cancel_button)
    wait_status(qtbot, panel, cancelled, "cancelled", timeout=10_000)
    running = submit(settings, media / "clip.mov")
    slow = start_worker(settings, "node-d", step_seconds=0.3)
    try:
        qtbot.waitUntil(lambda: "/" in cell(panel, running, M.PROGRESS), timeout=60_000)
        queued = submit(settings, media / "clip.mov")
        wait_status(qtbot, panel, queued, "queued", timeout=10_000)
        panel.select_job(failing)
        screenshot(panel, "farm_panel.png")
    finally:
        stop(slow)

    shutil.copyfile(media / "clip.mov", moved)  # the delivery arrived
    assert panel.select_job(failing)
    assert panel.retry_button.isEnabled() and panel.cancel_button.isEnabled()
    with qtbot.waitSignal(panel.steered, timeout=10_000) as steered:
        click(qtbot, panel.retry_button)
    assert [job.status for job in steered.args[0].jobs] == ["queued"]
    wait_status(qtbot, panel, failing, "queued", timeout=10_000)
    assert cell(panel, failing, M.ERROR) == ""
    finish(settings, start_worker(settings, "node-e", "--burst"), "node-e", qtbot)
    wait_status(qtbot, panel, failing, "done")
    assert cell(panel, failing, M.WORKER) == "node-e"
    qtbot.waitUntil(lambda: cell(panel, failing, M.VERSION).startswith("sh010 / plate v0"))
