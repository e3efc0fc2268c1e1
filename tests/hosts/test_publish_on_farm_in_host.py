"""'Publish on the farm' from a (fake) Nuke session: the farm is the default inside a DCC
once a worker serves the queue; Publish returns control at once (the scene saved, the
render queued), and a real `axiom worker` process publishes the version, which the Review
queue then lists. Real Redis child, SQLite and PostgreSQL."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from qtpy import QtCore

from axiom_publisher.config import Settings
from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.types import VersionRecord
from axiom_publisher.publish import jobs, review
from axiom_publisher.ui import launch
from tests.calling_thread import CPU_BOUND, WALL_BOUND, spy_publish_work
from tests.hosts.fakes import FakeHostScene
from tests.hosts.test_publish_in_host import make_settings, render_frames, settle
from tests.redis_server import RedisChild
from tests.ui.farm.conftest import (  # noqa: F401 - a fixture
    redis_child,
    start_worker,
    stop,
    wait_serving,
)
from tests.ui.publish.conftest import wait_analysed

FRAMES = FrameRange(1001, 1003)
pytestmark = pytest.mark.qt_log_ignore("does not support (propagateSizeHints|raise)")


@pytest.fixture(autouse=True)
def fresh_launch(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(launch, "_hosts", {})
    monkeypatch.setattr(launch, "_dialogs", {})
    monkeypatch.setattr(launch, "_reviews", {})
    yield
    launch.close_all()


def waiting_beauty(settings: Settings) -> list[VersionRecord]:
    return [v for v in review.review_queue(settings) if "beauty" in v.product]


@pytest.mark.parametrize("scene", ["nuke"], indirect=True)
def test_publish_on_the_farm_from_nuke_frees_the_session_and_the_version_reaches_review(
    qtbot: QtBot,
    scene: FakeHostScene,
    db_url: str,
    tmp_path: Path,
    axiom_env: dict[str, str],
    redis_child: RedisChild,  # noqa: F811 - the fixture
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = make_settings(
        db_url, tmp_path, dict(axiom_env, AXIOM_FARM_REDIS_URL=redis_child.url)
    )
    state = QtCore.QSettings(str(tmp_path / "ui.ini"), QtCore.QSettings.Format.IniFormat)
    work = tmp_path / "proj" / "sh010" / "comp" / "work" / "sh010_comp_v001.nk"
    scene.add_render("beauty", tmp_path / "renders", FRAMES)
    work.parent.mkdir(parents=True)
    scene.save_as(work)
    (beauty,) = [o for o in scene.host.collect() if "beauty" in o.node]
    render_frames(beauty, FRAMES)
    scene.modify()
    worker = start_worker(settings, "node-n")  # a render node serving the farm's queue
    try:
        wait_serving(qtbot, settings)
        dialog = launch.show_publisher(scene.host, settings, state=state)
        widget = dialog.widget
        widget.ask_save = lambda title, text: True
        qtbot.waitUntil(lambda: widget.farm_choice.workers == 1, timeout=30_000)
        qtbot.waitUntil(lambda: not widget.publish_problem(), timeout=30_000)
        assert widget.farm_choice.chosen  # the default inside a DCC
        assert "inside nuke" in widget.farm_choice.note.text()

        # The rows' own analyses (started when the dialog opened) end first, so that any
        # analysis seen after the click would be the submit's.
        wait_analysed(qtbot, widget, count=len(widget.rows))
        in_process = spy_publish_work(monkeypatch)  # the rows were analysed here; no more
        started, cpu_started = time.monotonic(), time.thread_time()
        with qtbot.waitSignal(widget.farm_submitted, timeout=60_000) as submitted:
            qtbot.mouseClick(widget.publish_button, QtCore.Qt.MouseButton.LeftButton)
            returned = time.monotonic() - started
            returned_cpu = time.thread_time() - cpu_started
        queued = time.monotonic() - started
        # Control returns at once: under 1 s of the session thread's CPU, and nothing was
        # analysed, decoded, hashed or published in the session (tests/calling_thread.py).
        assert returned_cpu < CPU_BOUND, (returned_cpu, returned)
        assert in_process == [], in_process
        assert returned < WALL_BOUND and queued < WALL_BOUND, (returned, queued)
        assert not scene.host.scene_modified()  # saved on the main thread first
        (job,) = submitted.args[0]
        assert widget.rows == [] and widget.publish_button.isEnabled() is False

        qtbot.waitUntil(lambda: bool(waiting_beauty(settings)), timeout=180_000)
    finally:
        stop(worker)
    (version,) = waiting_beauty(settings)
    assert (version.entity, version.task, version.host) == ("sh010", "comp", "nuke")
    assert version.frame_range == FRAMES
    (done,) = jobs.list_jobs(settings)
    assert (done.id, done.status, done.worker_host, done.version_id) == (
        job.id, "done", "node-n", version.id,
    )  # fmt: skip
    assert in_process == [], in_process  # the worker process published it, not the session
    settle(qtbot)
