"""The Ingest tab's "Run on the farm": the checked items become farm jobs at once, and real
`axiom worker` processes ingest them as the in-process run does (real Redis, database)."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from qtpy import QtCore

from axiom_publisher.config.farm import FarmSettings
from axiom_publisher.core.ingest import Outcome
from axiom_publisher.publish import ingest as service
from axiom_publisher.publish import jobs
from tests.calling_thread import CPU_BOUND, WALL_BOUND, spy_publish_work
from tests.redis_server import RedisChild
from tests.ui.ingest.conftest import (  # noqa: F401 - fixtures used here
    DUPLICATE,
    MOV_020,
    MYSTERY,
    SEQ_010,
    SEQ_030,
    TIMEOUT,
    Delivery,
    MakeTab,
    delivery,
    make_tab,
)
from tests.ui.ingest.test_scan_assign import assign_by_hand, scan

from .conftest import finish, start_worker


def test_run_on_the_farm_queues_the_checked_items_and_workers_ingest_them(
    qtbot: QtBot,
    make_tab: MakeTab,  # noqa: F811 - the fixture
    delivery: Delivery,  # noqa: F811 - the fixture
    redis_child: RedisChild,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    farm = FarmSettings(redis_url=redis_child.url, configured=True)
    settings = dataclasses.replace(delivery.settings, farm=farm)
    tab = make_tab(dataclasses.replace(delivery, settings=settings))
    scan(qtbot, tab, delivery.root)
    assign_by_hand(qtbot, tab, MYSTERY, "ab030", "plate", "mystery")
    assert tab.run_bar.on_farm.isEnabled()
    tab.run_bar.on_farm.setChecked(True)

    in_process = spy_publish_work(monkeypatch)  # the delivery was scanned here; no more
    started = time.monotonic()
    with qtbot.waitSignal(tab.farm_submitted, timeout=TIMEOUT) as submitted:
        cpu_started = time.thread_time()
        qtbot.mouseClick(tab.run_bar.ingest_button, QtCore.Qt.MouseButton.LeftButton)
        clicked_cpu = time.thread_time() - cpu_started
    took = time.monotonic() - started
    queued = submitted.args[0]
    assert len(queued) == 5 and {job.status for job in queued} == {"queued"}, queued
    # Queued, not ingested here: the click cost the tab's thread under 1 s of CPU, nothing
    # was analysed or published in this process (tests/calling_thread.py), and the wall
    # time stays under a bound no loaded machine reaches (2.0 s was, at load 20).
    assert clicked_cpu < CPU_BOUND, (clicked_cpu, took)
    assert in_process == [], in_process
    assert took < WALL_BOUND, took
    assert "queued on the farm as job(s)" in tab.log_view.toPlainText()
    ids = ", ".join(str(job.id) for job in queued)  # each job id, as the CLI prints them
    assert f"as job(s) {ids}; follow them in the Farm tab" in tab.log_view.toPlainText()
    qtbot.waitUntil(lambda: not tab.busy, timeout=TIMEOUT)
    assert tab.model.checked() == ()
    assert not tab.run_bar.ingest_button.isEnabled()  # nothing left to queue again
    run_id = int(queued[0].payload["run_id"])

    finish(settings, start_worker(settings, "node-i", "--burst"), "node-i", qtbot)

    assert {job.status for job in jobs.list_jobs(settings)} == {"done"}
    run = service.get_run(settings, run_id)
    assert {result.display: result.outcome for result in run.results} == {
        SEQ_010: Outcome.PUBLISHED,
        MOV_020: Outcome.PUBLISHED,
        SEQ_030: Outcome.FAILED,
        DUPLICATE: Outcome.DUPLICATE,
        MYSTERY: Outcome.PUBLISHED,
    }
    assert in_process == [], in_process  # the workers ingested them, not this process
