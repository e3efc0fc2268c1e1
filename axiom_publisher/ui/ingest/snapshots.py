"""The Ingest tab's README picture: a vendor delivery ingested into the demo project.

`render_ingest_snapshot(window, outdir, log)` expects the main window over the demo database
(`publish.demo.run_demo`). It adds shots sh030-sh060, writes a delivery of plates and
references (one plate missing a frame, one a re-send of a published plate, an asset
turntable no rule matches, a shot the project lacks, a note, a link to a file outside the
delivery that the scan refuses), records an earlier small
run, then drives the tab: scan, assign the turntable by hand, ingest, and grabs the window
at 1600x900 as `ingest_run.png`. A script: it may talk to the database directly.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from qtpy import QtCore

from axiom_publisher.core.errors import AlreadyExistsError
from axiom_publisher.core.types import EntityKind, EntitySpec, PublishContext
from axiom_publisher.media.synth import write_clip, write_sequence
from axiom_publisher.publish import catalog
from axiom_publisher.publish import ingest as service
from axiom_publisher.publish.database import open_catalog_database

if TYPE_CHECKING:
    from axiom_publisher.ui.ingest.tab import IngestTab
    from axiom_publisher.ui.main_window import MainWindow

SIZE = (1600, 900)
PROJECT = "demo"
SHOTS = ("sh030", "sh040", "sh050", "sh060")
FIRST, LAST = 1001, 1016
TURNTABLE = "misc/hero_turntable_v2.mov"
TURNTABLE_CONTEXT = PublishContext(PROJECT, "hero", "lookdev", "turntable", EntityKind.ASSET)


def _wait(predicate: Callable[[], bool], timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"the Ingest tab did not settle within {timeout:g} s")
        loop = QtCore.QEventLoop()
        QtCore.QTimer.singleShot(20, loop.quit)
        loop.exec_()


def write_demo_delivery(root: Path) -> Path:
    """A vendor delivery for the demo project (its 320x180 spec); returns the folder."""
    delivery = root / "vendor_delivery_20261121"
    plates = delivery / "plates"
    for number, shot in enumerate(SHOTS):
        skip = frozenset({1009}) if shot == "sh050" else frozenset()
        write_sequence(plates / shot, f"{shot}_plate", FIRST, LAST, cut_at=1004 + number,
                       skip=skip)  # fmt: skip
    for number, shot in enumerate(SHOTS[:3]):
        write_clip(delivery / "ref" / f"{shot}_ref.mov", frames=16, cut_at=3 + number)
    # The lab re-sent the demo's sh010 plate: the same pictures, already published.
    write_sequence(delivery / "resend", "sh010_plate", 993, 1032)
    write_clip(delivery / TURNTABLE, frames=48, cut_at=20)
    write_clip(delivery / "sh070_plate.mov", frames=16, cut_at=5)
    (delivery / "misc" / "vendor_notes.txt").write_text("Grain matched to the A-camera.\n")
    # A link the vendor's copy tool kept, to a file outside the delivery: refused, never read.
    outside = root / "vendor_workstation" / "grades" / "sh040.cdl"
    outside.parent.mkdir(parents=True, exist_ok=True)
    outside.write_text("<ColorDecisionList/>\n")
    os.symlink(outside, delivery / "misc" / "sh040_grade.cdl")
    return delivery


def _prepare(window: MainWindow, scratch: Path) -> Path:
    """The shots, the delivery, and an earlier run of two references (its history row)."""
    settings = window.settings
    with open_catalog_database(settings) as database:
        for shot in SHOTS:
            entity = EntitySpec(PROJECT, shot, EntityKind.SHOT, FIRST, LAST, handles=0)
            with contextlib.suppress(AlreadyExistsError):
                catalog.create_entity(database, entity)
    earlier = scratch / "vendor_delivery_20261114"
    for number, shot in enumerate(SHOTS[:2]):
        write_clip(earlier / f"{shot}_ref_early.mov", frames=16, cut_at=8 + number)
    service.run_ingest(settings, service.scan_delivery(settings, earlier, PROJECT))
    return write_demo_delivery(scratch)


def _assign_turntable(tab: IngestTab) -> None:
    """Select the turntable's row and send it to hero / lookdev / turntable by hand."""
    plan = tab.plan
    assert plan is not None
    index = next(item.index for item in plan.items if item.display == TURNTABLE)
    tab.select_rows([index])
    context = TURNTABLE_CONTEXT
    tab.picker.set_context(context.project, context.entity, context.task, context.product,
                           context.entity_kind)  # fmt: skip
    _wait(lambda: tab.picker.context() == context and not tab.picker.loading)
    tab.assign_selected()


def render_ingest_snapshot(
    window: MainWindow, outdir: Path, log: Callable[[str], None] = print
) -> Path:
    """Write ingest_run.png: the Ingest tab after a finished run (see the module)."""
    from axiom_publisher.ui.main_window import INGEST_TAB

    tab = window.ingest_widget
    size = window.size()
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="deliveries-") as scratch:
        delivery = _prepare(window, Path(scratch))
        window.resize(*SIZE)
        window.tabs.setCurrentIndex(INGEST_TAB)
        tab.set_project(PROJECT)
        tab.refresh()
        _wait(lambda: tab.project() == PROJECT and tab.rules is not None)
        tab.set_folder(delivery)
        tab.scan()
        _wait(lambda: tab.plan is not None and not tab.busy)
        _assign_turntable(tab)
        finished: list[object] = []
        tab.run_finished.connect(finished.append)
        tab.start_ingest()
        _wait(lambda: bool(finished) and not tab.busy and not window.pool.running)
        tab.items.view.clearSelection()
        tab.items.view.scrollToTop()
        _wait(lambda: tab.runs_model.rowCount() >= 2 and not window.pool.running)
        path = outdir / "ingest_run.png"
        _wait(lambda: True)
        if not window.grab().save(str(path), "PNG"):
            raise OSError(f"could not write {path}")
    window.resize(size)
    log(str(path))
    return path
