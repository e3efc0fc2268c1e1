"""Cancel stops cleanly: an analysis leaves no scratch folder, a publish no version."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from qtpy import QtCore

from axiom_publisher.config import Settings
from axiom_publisher.core.types import VersionStatus
from axiom_publisher.publish import catalog, service
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.ui.publish.rows import RowState
from axiom_publisher.ui.publish_widget import PublishWidget

from .conftest import choose, drop, wait_analysed


def test_cancel_during_analysis_then_during_staging_leaves_nothing(
    qtbot: QtBot,
    widget: PublishWidget,
    settings: Settings,
    mid_clip: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    choose(qtbot, widget, project="mid")
    drop(widget, mid_clip)

    # 1. cancel while the clip is decoded and its proxy encoded
    qtbot.waitUntil(lambda: bool(widget.rows) and widget.rows[0].fraction > 0.05, timeout=30_000)
    (row,) = widget.rows
    assert row.state is RowState.ANALYSING
    assert widget.cancel_button.isEnabled()
    qtbot.mouseClick(widget.cancel_button, QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: row.state is RowState.CANCELLED, timeout=30_000)
    qtbot.waitUntil(lambda: not widget.busy, timeout=10_000)
    assert row.scratch is None and len(widget.scratches) == 0  # the scratch folder is gone
    assert not widget.publish_button.isEnabled()

    # 2. analyse again, then cancel the publish while it stages the proxy
    qtbot.mouseClick(widget.retry_button, QtCore.Qt.MouseButton.LeftButton)
    (row,) = wait_analysed(qtbot, widget)
    assert row.state is RowState.READY
    entered, release = threading.Event(), threading.Event()
    real_stage_outputs = service.stage_outputs

    def gated(*args: Any, **kwargs: Any) -> Any:  # holds the publish inside its stage step
        entered.set()
        release.wait(30)
        return real_stage_outputs(*args, **kwargs)

    monkeypatch.setattr(service, "stage_outputs", gated)
    qtbot.mouseClick(widget.publish_button, QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(entered.is_set, timeout=30_000)
    qtbot.waitUntil(lambda: widget.status.text().startswith("stage"), timeout=10_000)
    assert widget.busy and widget.cancel_button.isEnabled()
    qtbot.mouseClick(widget.cancel_button, QtCore.Qt.MouseButton.LeftButton)
    release.set()
    qtbot.waitUntil(lambda: not widget.busy, timeout=30_000)

    with open_catalog_database(settings) as database:
        (version,) = catalog.list_versions(database, settings, project="mid")
    assert version.status is VersionStatus.FAILED
    assert version.failed_reason == "cancelled by the user"
    root = settings.publish_root
    left = [path for path in root.rglob("*") if path.is_dir() and path.name.startswith(".")]
    assert left == [], "a staging folder was left behind"
    assert not version.path.exists()
    assert "Cancelled: nothing half-published" in widget.report.text()
    assert widget.rows == [row] and widget.publish_button.isEnabled()  # can publish again
