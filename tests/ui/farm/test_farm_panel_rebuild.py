"""A review media rebuild job in the Farm table: its kind and the version it rebuilds, and
the version and revision in its details once done. Recorded and run through the real job
code (the panel reads the database), SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.jobs.rebuild_item import record_rebuild_job, run_rebuild_job
from axiom_publisher.ui.farm.model import FarmJobsModel
from tests.publish.review_media_fixtures import publish_clip

from .conftest import PanelFactory

M = FarmJobsModel


def test_a_rebuild_job_shows_the_version_it_rebuilds(
    qtbot: QtBot, make_panel: PanelFactory, db_url: str, tmp_path: Path, axiom_env: dict[str, str]
) -> None:
    published = publish_clip(db_url, tmp_path, axiom_env, frames=4)
    with open_catalog_database(published.settings) as database:
        job = record_rebuild_job(database, published.version.id, reason="panel test")
    run_rebuild_job(published.settings, job.id)

    panel = make_panel(published.settings)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=30_000)
    row = panel.model.jobs[panel.model.row_of(job.id)]
    assert panel.model.text(row, M.KIND) == "Proxy"
    label = f"proj/sh010/comp/main v001 (id {published.version.id}): review media"
    assert panel.model.text(row, M.WHAT) == label
    assert panel.model.text(row, M.STATUS).lower().startswith("done")
