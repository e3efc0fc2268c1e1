"""The Farm tab's README picture: the demo project's farm jobs in every state.

`render_farm_snapshot(window, media, outdir, log)` expects the main window over the demo
database (`publish.demo.run_demo`). It records publish jobs of demo/sh010/comp as
`axiom publish --farm` does and runs them through the real job code in this process, as
render nodes would (`axiom job run ID`): one done (the version it made), one failed (its
source is not visible from the node), one cancelled while queued, one running (claimed by a
node that has reported part of its analysis; the picture is taken meanwhile) and one
waiting for a worker. No Redis is needed: the tab reads the jobs from the database. Then
it selects the failed job and grabs the window as `farm_panel.png`. A script: it may talk
to the database directly.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from qtpy import QtCore

from axiom_publisher.config import Settings
from axiom_publisher.core.types import EntityKind, PublishContext
from axiom_publisher.db import Database, farm_jobs
from axiom_publisher.media.synth import write_clip
from axiom_publisher.publish import jobs
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.jobs.runner import HOST_VARIABLE

if TYPE_CHECKING:
    from axiom_publisher.ui.main_window import MainWindow

CONTEXT = PublishContext("demo", "sh010", "comp", "comp", EntityKind.SHOT)
# (clip, node, what happens): in the order they are submitted
JOBS = (
    ("sh010_comp_v005.mov", "render-01", "done"),
    ("sh010_comp_v006.mov", "render-02", "failed"),
    ("sh010_comp_v007.mov", "", "cancelled"),
    ("sh010_comp_v008.mov", "render-03", "running"),
    ("sh010_comp_v009.mov", "", "queued"),
)
RUNNING_PROGRESS = ("analyze", 21, 32)  # frames analysed of the clip's


def _wait(predicate: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"the Farm tab did not settle within {timeout:g} s")
        loop = QtCore.QEventLoop()
        QtCore.QTimer.singleShot(20, loop.quit)
        loop.exec_()


@contextlib.contextmanager
def _node(host: str) -> Iterator[None]:
    """Run as render node `host` (the name a job records)."""
    before = os.environ.get(HOST_VARIABLE)
    os.environ[HOST_VARIABLE] = host
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(HOST_VARIABLE, None)
        else:
            os.environ[HOST_VARIABLE] = before


def make_farm_jobs(settings: Settings, media: Path) -> int:
    """Record and run the demo's farm jobs (see the module); the failed job's id."""
    media.mkdir(parents=True, exist_ok=True)
    failed_id = 0
    with open_catalog_database(settings) as database:
        for name, node, ending in JOBS:
            clip = write_clip(media / name, frames=32, width=320, colour="bt709")
            request = jobs.PublishRequest(CONTEXT, (str(clip),), comment=f"comp {name[-8:-4]}")
            job = jobs.record_publish_job(database, request)
            if ending == "done":
                with _node(node):
                    jobs.run_publish_job(settings, job.id, database=database)
            elif ending == "failed":
                clip.unlink()  # the node does not see the artist's folder
                with _node(node), contextlib.suppress(Exception):
                    jobs.run_publish_job(settings, job.id, database=database)
                failed_id = job.id
            elif ending == "cancelled":
                jobs.cancel_job(settings, job.id)
            elif ending == "running":
                _claim(database, job.id, node)
    return failed_id


def _claim(database: Database, job_id: int, node: str) -> None:
    """Job `job_id` claimed by `node`, which has reported part of its analysis."""
    phase, done, total = RUNNING_PROGRESS
    database.run(lambda s: farm_jobs.start_job(s, job_id, node))
    database.run(lambda s: farm_jobs.report_progress(s, job_id, phase, done, total))


def render_farm_snapshot(
    window: MainWindow, media: Path, outdir: Path, log: Callable[[str], None]
) -> Path:
    """The Farm tab with the demo's jobs, the failed one selected: farm_panel.png."""
    from axiom_publisher.ui.main_window import FARM_TAB
    from axiom_publisher.ui.snapshot import save_grab

    failed_id = make_farm_jobs(window.settings, media)
    panel = window.farm_panel
    window.tabs.setCurrentIndex(FARM_TAB)
    panel.refresh()
    _wait(lambda: panel.model.rowCount() == len(JOBS) and not window.pool.running)
    if not panel.select_job(failed_id):
        raise LookupError(f"the Farm tab does not list job {failed_id}")
    _wait(lambda: panel.details.toPlainText().startswith(f"Job {failed_id}:"))
    window.statusBar().clearMessage()  # the Ingest tab's last run is not this picture's
    return save_grab(window, outdir / "farm_panel.png", log)
