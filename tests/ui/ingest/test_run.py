"""The Ingest tab through a whole run on a real database: scan, assign the unmatched item by
hand, dry run, ingest, the outcomes (badges painted), the versions and the run in the
database, the run from the history (read-only, its JSON summary), a second ingest that
publishes nothing, cancel."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from qtpy import QtCore

from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.core.ingest import IngestRun, Outcome
from axiom_publisher.core.types import VersionStatus
from axiom_publisher.publish import catalog
from axiom_publisher.publish import ingest as service
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.ui.ingest.models import OUTCOME_COLOURS
from axiom_publisher.ui.ingest.tab import IngestTab
from tests.ui.ingest.conftest import (
    DUPLICATE,
    MOV_020,
    MYSTERY,
    SEQ_010,
    SEQ_030,
    TIMEOUT,
    UNKNOWN_SHOT,
    Delivery,
    MakeTab,
)
from tests.ui.ingest.test_scan_assign import assign_by_hand, cell, scan

LEFT = QtCore.Qt.MouseButton.LeftButton


def outcomes(run: IngestRun) -> dict[str, Outcome]:
    return {result.display: result.outcome for result in run.results}


def badge_colours(tab: IngestTab, name: str) -> set[str]:
    """The colours painted along the middle line of the row's Outcome cell."""
    view, model = tab.items.view, tab.model
    row = [line.name for line in model.rows].index(name)
    rect = view.visualRect(model.index(row, model.OUTCOME))
    image = view.viewport().grab().toImage()
    y = rect.center().y()
    return {image.pixelColor(x, y).name() for x in range(rect.left(), rect.right())}


def test_a_whole_run_from_scan_to_history(
    qtbot: QtBot, make_tab: MakeTab, delivery: Delivery
) -> None:
    tab = make_tab(delivery)
    scan(qtbot, tab, delivery.root)
    assign_by_hand(qtbot, tab, MYSTERY, "ab030", "plate", "mystery")

    # A dry run first: what would happen, nothing written.
    with qtbot.waitSignal(tab.run_finished, timeout=TIMEOUT) as finished:
        qtbot.mouseClick(tab.run_bar.dry_run_button, LEFT)
    dry = finished.args[0]
    assert dry.dry_run and dry.id is None
    assert outcomes(dry)[MYSTERY] is Outcome.PLANNED
    assert cell(tab, SEQ_010, tab.model.OUTCOME) == "planned"
    qtbot.waitUntil(lambda: not tab.busy, timeout=TIMEOUT)
    assert service.list_runs(delivery.settings, "proj") == []
    assert len(tab.model.checked()) == 5  # a dry run leaves the selection as it was

    seen: list[str] = []  # the mystery row's Outcome cell as the run goes on

    def watch(first: QtCore.QModelIndex, last: QtCore.QModelIndex, *_: object) -> None:
        row = [line.name for line in tab.model.rows].index(MYSTERY)
        if first.row() <= row <= last.row():
            text = str(tab.model.index(row, tab.model.OUTCOME).data())
            if not seen or seen[-1] != text:
                seen.append(text)

    tab.model.dataChanged.connect(watch)
    with qtbot.waitSignal(tab.run_finished, timeout=TIMEOUT) as finished:
        qtbot.mouseClick(tab.run_bar.ingest_button, LEFT)
    run = finished.args[0]
    qtbot.waitUntil(lambda: not tab.busy and not tab.pool.running, timeout=TIMEOUT)
    tab.model.dataChanged.disconnect(watch)
    assert seen == ["", "queued", "QC'd\u2026", "done", "published"]
    assert tab.run_bar.progress.format() == "Done %v/%m" and tab.run_bar.progress.value() == 5
    assert outcomes(run) == {
        SEQ_010: Outcome.PUBLISHED,
        MOV_020: Outcome.PUBLISHED,
        SEQ_030: Outcome.FAILED,
        DUPLICATE: Outcome.DUPLICATE,
        MYSTERY: Outcome.PUBLISHED,
        UNKNOWN_SHOT: Outcome.SKIPPED,
    }
    model = tab.model
    assert cell(tab, MYSTERY, model.OUTCOME) == "published"
    assert cell(tab, MYSTERY, model.VERSION) == "v001"
    assert cell(tab, SEQ_030, model.OUTCOME) == "failed"
    assert "missing frame 1005" in cell(tab, SEQ_030, model.DETAILS)
    assert f"v{delivery.published_ref.number:03d}" in cell(tab, DUPLICATE, model.DETAILS)
    # The badges are painted in their outcome's colour.
    for name, outcome in ((MYSTERY, Outcome.PUBLISHED), (SEQ_030, Outcome.FAILED),
                          (DUPLICATE, Outcome.DUPLICATE)):  # fmt: skip
        painted = badge_colours(tab, name)
        assert OUTCOME_COLOURS[outcome] in painted
        assert not painted & {OUTCOME_COLOURS[other] for other in Outcome if other != outcome}
    # Published items are no longer selected; the failed and the duplicate still are.
    assert sorted(model.checked()) == sorted(
        line.index for line in model.rows if line.name in (SEQ_030, DUPLICATE)
    )
    log = tab.log_view.toPlainText()
    assert "3 published, 1 failed, 1 duplicate, 1 skipped" in log
    assert f"failed {SEQ_030}: QC failed" in log and "Traceback" not in log

    # In the database: the versions, and the run with its per-item results.
    with open_catalog_database(delivery.settings) as database:
        versions = catalog.list_versions(database, delivery.settings, project="proj")
    published = {(v.entity, v.task, v.product, v.number) for v in versions
                 if v.status is VersionStatus.PUBLISHED}  # fmt: skip
    assert ("ab030", "plate", "mystery", 1) in published
    assert ("ab010", "plate", "plate", 1) in published
    assert ("ab020", "plate", "plate", 1) in published
    assert not any(v.entity == "ab030" and v.product == "plate" for v in versions
                   if v.status is VersionStatus.PUBLISHED)  # fmt: skip
    stored = service.get_run(delivery.settings, run.id)
    assert (stored.published, stored.failed, stored.duplicate, stored.skipped) == (3, 1, 1, 1)

    # The history lists it; a double-click opens it read-only with its JSON summary.
    history = tab.history_panel.view
    qtbot.waitUntil(lambda: tab.runs_model.row_of(run.id) == 0, timeout=TIMEOUT)
    runs = tab.runs_model
    assert runs.index(0, runs.PUBLISHED).data() == "3"
    assert runs.index(0, runs.SOURCE).data() == str(delivery.root)
    assert runs.index(0, runs.MODE).data() == "ingest"
    rect = history.visualRect(runs.index(0, runs.SOURCE))
    with qtbot.waitSignal(tab.run_opened, timeout=TIMEOUT) as opened:
        qtbot.mouseClick(history.viewport(), LEFT, pos=rect.center())  # as a double-click:
        qtbot.mouseDClick(history.viewport(), LEFT, pos=rect.center())  # press, then again
    assert opened.args[0].id == run.id
    assert not model.checkable and model.rowCount() == 6
    assert not model.flags(model.index(0, model.ITEM)) & QtCore.Qt.ItemFlag.ItemIsUserCheckable
    assert cell(tab, MYSTERY, model.TARGET) == "ab030 \u00b7 plate \u00b7 mystery"
    assert cell(tab, MYSTERY, model.VERSION) == "v001"
    assert "(read-only)" in tab.items.title.text()
    assert not tab.run_bar.ingest_button.isEnabled()
    assert not tab.assign_bar.assign_button.isEnabled()
    opened_urls: list[QtCore.QUrl] = []
    tab.open_url = lambda url: opened_urls.append(url) or True
    link = tab.items.summary_link
    assert link.isVisible() and "JSON summary" in link.text()
    link.linkActivated.emit(link.text().split('"')[1])
    summary = Path(opened_urls[0].toLocalFile())
    assert summary.parent == delivery.root
    assert json.loads(summary.read_text())["results"][0]["outcome"] in {o.value for o in Outcome}

    # Back to the plan; ingesting it again publishes nothing.
    qtbot.mouseClick(tab.items.back_button, LEFT)
    assert model.checkable and cell(tab, MYSTERY, model.OUTCOME) == "published"
    qtbot.mouseClick(tab.items.all_button, LEFT)
    with qtbot.waitSignal(tab.run_finished, timeout=TIMEOUT) as finished:
        qtbot.mouseClick(tab.run_bar.ingest_button, LEFT)
    again = finished.args[0]
    assert again.published == 0 and again.duplicate == 4 and again.failed == 1
    qtbot.waitUntil(lambda: tab.runs_model.rowCount() == 2, timeout=TIMEOUT)

    # "Allow duplicates": the re-sent reference goes in as the next version of its product.
    qtbot.mouseClick(tab.items.none_button, LEFT)
    tab.model.set_checked([next(line.index for line in model.rows if line.name == DUPLICATE)])
    tab.run_bar.allow_duplicates.setChecked(True)
    with qtbot.waitSignal(tab.run_finished, timeout=TIMEOUT) as finished:
        qtbot.mouseClick(tab.run_bar.ingest_button, LEFT)
    assert outcomes(finished.args[0])[DUPLICATE] is Outcome.PUBLISHED
    assert cell(tab, DUPLICATE, model.VERSION) == f"v{delivery.published_ref.number + 1:03d}"


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_cancel_stops_the_run_cleanly(
    qtbot: QtBot, make_tab: MakeTab, delivery: Delivery, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab = make_tab(delivery)
    scan(qtbot, tab, delivery.root)
    real = service.run_ingest
    started = threading.Event()

    def run_once_cancelled(*args: Any, **kwargs: Any) -> IngestRun:
        token: CancelToken = kwargs["cancel"]
        started.set()
        deadline = time.monotonic() + TIMEOUT / 1000
        while not token.cancelled and time.monotonic() < deadline:  # the user's click
            time.sleep(0.01)
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "run_ingest", run_once_cancelled)
    with qtbot.waitSignal(tab.stopped, timeout=TIMEOUT) as stopped:
        qtbot.mouseClick(tab.run_bar.ingest_button, LEFT)
        assert tab.busy and tab.run_bar.cancel_button.isEnabled()
        assert not tab.run_bar.ingest_button.isEnabled()
        assert not tab.delivery.scan_button.isEnabled()
        qtbot.waitUntil(started.is_set, timeout=TIMEOUT)
        qtbot.mouseClick(tab.run_bar.cancel_button, LEFT)
        assert not tab.run_bar.cancel_button.isEnabled()  # once is enough
    assert "Cancelled" in stopped.args[0]
    qtbot.waitUntil(lambda: not tab.busy and not tab.pool.running, timeout=TIMEOUT)
    assert tab.run_bar.ingest_button.isEnabled() and not tab.run_bar.cancel_button.isEnabled()
    with open_catalog_database(delivery.settings) as database:
        versions = catalog.list_versions(database, delivery.settings, project="proj")
    assert [v.product for v in versions] == ["ref"]  # only the one published before
    log = tab.log_view.toPlainText()
    assert "cancelling" in log and "Traceback" not in log
    # The cancelled run is recorded, and the history shows it.
    qtbot.waitUntil(lambda: tab.runs_model.rowCount() == 1, timeout=TIMEOUT)
    assert tab.runs_model.index(0, tab.runs_model.PUBLISHED).data() == "0"
