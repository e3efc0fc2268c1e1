"""What the Farm table's cells show of long jobs: the What column keeps the file name that
tells one job from the next (elided in its middle), the Error column the reason with its
paths cut to their file names (the details show them whole). Jobs recorded and run through
the real job code (no Redis needed: the panel reads the database), SQLite and PostgreSQL."""

from __future__ import annotations

import contextlib
from pathlib import Path

from pytestqt.qtbot import QtBot
from qtpy import QtGui, QtWidgets

from axiom_publisher.core.types import EntityKind, PublishContext
from axiom_publisher.media.synth import write_clip
from axiom_publisher.publish import jobs
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.ui.farm.model import FarmJobsModel
from tests.ui.publish.conftest import make_settings

from .conftest import PanelFactory

M = FarmJobsModel
CONTEXT = PublishContext("proj", "sh010", "comp", "a_rather_long_product_name", EntityKind.SHOT)


def painted(view: QtWidgets.QTableView, row: int, column: int) -> str:
    """The text the column's delegate paints in its cell at the view's column width."""
    index = view.model().index(row, column)
    option = QtWidgets.QStyleOptionViewItem()
    option.rect = view.visualRect(index)
    option.font = view.font()
    option.textElideMode = view.textElideMode()
    view.itemDelegateForColumn(column).initStyleOption(option, index)
    metrics = QtGui.QFontMetrics(option.font)
    return metrics.elidedText(option.text, option.textElideMode, option.rect.width() - 12)


def test_long_jobs_show_their_file_name_and_their_reason(
    qtbot: QtBot,
    make_panel: PanelFactory,
    db_url: str,
    tmp_path: Path,
    axiom_env: dict[str, str],
) -> None:
    settings = make_settings(db_url, tmp_path / "publish", axiom_env)
    deep = tmp_path / "a" / "very" / "deep" / "folder" / "of" / "renders"
    recorded = []
    with open_catalog_database(settings) as database:
        for take in (1, 2):
            clip = write_clip(deep / f"sh010_comp_take{take}.mov", frames=4, width=64, height=36)
            request = jobs.PublishRequest(CONTEXT, (str(clip),))
            recorded.append(jobs.record_publish_job(database, request))
    hidden = deep / "sh010_comp_take2.mov"
    hidden.unlink()  # this machine does not see it: the job fails naming the path
    with contextlib.suppress(Exception):
        jobs.run_publish_job(settings, recorded[1].id)

    panel = make_panel(settings)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=30_000)
    first, failing = (panel.model.row_of(job.id) for job in recorded)
    what = [painted(panel.view, row, M.WHAT) for row in (first, failing)]
    assert what[0].endswith("sh010_comp_take1.mov") and what[1].endswith("take2.mov"), what
    assert "\u2026" in what[0]  # elided: the column is narrower than the text
    error = panel.model.text(panel.model.jobs[failing], M.ERROR)
    assert error.startswith("\u2026/sh010_comp_take2.mov is not visible from worker"), error
    assert str(deep) not in error
    panel.select_job(recorded[1].id)
    qtbot.waitUntil(lambda: str(hidden) in panel.details.toPlainText())
