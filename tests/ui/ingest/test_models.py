"""The Ingest tab's models under pytest-qt's model tester (empty and filled), and their
content: names relative to the delivery, frames, targets, outcomes, checkboxes, runs."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from pytestqt.modeltest import ModelTester
from qtpy import QtCore

from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.ingest import IngestItem, IngestPlan, IngestRun, ItemResult, Outcome
from axiom_publisher.core.qc import QCStatus
from axiom_publisher.core.types import EntityKind, PublishContext, Source, SourceFile
from axiom_publisher.ui.ingest.models import OUTCOME_ROLE, IngestItemsModel
from axiom_publisher.ui.ingest.runs_model import RunsModel
from axiom_publisher.ui.qtcompat import enum_value
from axiom_publisher.ui.table_model import QC_ROLE

ROOT = Path("/deliveries/d1")
Role = QtCore.Qt.ItemDataRole
CHECKED, UNCHECKED = QtCore.Qt.CheckState.Checked, QtCore.Qt.CheckState.Unchecked


def plan() -> IngestPlan:
    frames = (1001, 1002, 1004)
    sequence = Source(
        tuple(SourceFile(ROOT / f"plates/ab010_plate.{n}.exr", n) for n in frames),
        str(ROOT / "plates/ab010_plate.####.exr") + " (missing 1003)",
        ".exr",
        FrameRange(1001, 1004),
        (1003,),
        4,
    )
    movie = Source((SourceFile(ROOT / "ref.mov"),), str(ROOT / "ref.mov"), ".mov")
    still = Source((SourceFile(ROOT / "notes.txt"),), str(ROOT / "notes.txt"), ".txt")
    shot = PublishContext("proj", "ab010", "plate", "plate")
    asset = PublishContext("proj", "hero", "lookdev", "ref", EntityKind.ASSET)
    return IngestPlan("proj", ROOT, (
        IngestItem(0, sequence, shot, rule="r1", name="plates/ab010_plate.####.exr"),
        IngestItem(1, movie, asset, rule="r2", name="ref.mov"),
        IngestItem(2, still, None, reason="no naming rule matches (tried 2)"),
    ))  # fmt: skip


def run(results: tuple[ItemResult, ...] = ()) -> IngestRun:
    moment = datetime(2026, 11, 21, 14, 0, tzinfo=timezone.utc)
    return IngestRun(7, "proj", ROOT, "ana", moment, moment, 1, 1, 1, 0, results)


def text(model: QtCore.QAbstractItemModel, row: int, column: int, role: int = 0) -> object:
    return model.index(row, column).data(role or Role.DisplayRole)


def test_items_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    qtmodeltester.check(IngestItemsModel(), force_py=True)
    model = IngestItemsModel()
    model.set_plan(plan())
    qtmodeltester.check(model, force_py=True)  # and it keeps watching the changes below
    failed = ItemResult(0, "plates/ab010_plate.####.exr", None, Outcome.FAILED,
                        "QC failed: missing frame 1003", qc=QCStatus.FAIL)  # fmt: skip
    model.apply_results([failed])
    model.set_checked([0, 1, 2], False)
    model.update_item(plan().items[2], ROOT)
    model.set_run(run((failed,)))
    assert model.rowCount() == 1


def test_items_model_shows_the_plan_and_the_results() -> None:
    model = IngestItemsModel()
    model.set_plan(plan())
    m = IngestItemsModel
    assert model.rowCount() == 3 and model.columnCount() == len(m.HEADERS)
    assert text(model, 0, m.ITEM) == "plates/ab010_plate.####.exr"
    assert text(model, 0, m.FRAMES) == "1001-1004 (3 frames)  missing 1003"
    assert text(model, 1, m.FRAMES) == "movie" and text(model, 2, m.FRAMES) == "single file"
    assert text(model, 2, m.ITEM) == "notes.txt"  # no name given: the file's own
    assert text(model, 1, m.TARGET) == "hero \u00b7 lookdev \u00b7 ref"
    assert text(model, 2, m.TARGET) == "unmatched"
    assert text(model, 2, m.DETAILS) == "no naming rule matches (tried 2)"
    assert text(model, 0, m.ITEM, Role.CheckStateRole) == CHECKED
    assert text(model, 2, m.ITEM, Role.CheckStateRole) == UNCHECKED
    assert model.checked() == (0, 1)
    assert "matched by r1" in str(text(model, 0, m.ITEM, Role.ToolTipRole))

    result = ItemResult(0, "plates/ab010_plate.####.exr", None, Outcome.PUBLISHED,
                        version_label="v004", qc=QCStatus.WARN)  # fmt: skip
    model.apply_results([result])
    assert text(model, 0, m.OUTCOME) == "published"
    assert text(model, 0, m.OUTCOME, OUTCOME_ROLE) == "published"
    assert text(model, 0, m.QC, QC_ROLE) == "warn"
    assert text(model, 0, m.VERSION) == "v004"
    assert text(model, 1, m.OUTCOME, OUTCOME_ROLE) is None
    model.clear_results()
    assert text(model, 0, m.OUTCOME) == ""

    # A past run: its results, nothing to tick.
    failed = ItemResult(3, "x.mov", None, Outcome.FAILED, "x.mov: cannot be decoded")
    model.set_run(run((failed,)))
    assert model.rowCount() == 1 and not model.checkable
    assert text(model, 0, m.ITEM, Role.CheckStateRole) is None
    assert text(model, 0, m.DETAILS) == "x.mov: cannot be decoded"
    assert not model.setData(model.index(0, m.ITEM), enum_value(CHECKED), Role.CheckStateRole)


def test_runs_model_passes_the_model_tester_and_shows_counts(
    qtmodeltester: ModelTester,
) -> None:
    qtmodeltester.check(RunsModel(), force_py=True)
    model = RunsModel()
    dry = IngestRun(None, "proj", ROOT, "bo", run().started_at, None, 0, 0, 0, 0, (),
                    dry_run=True)  # fmt: skip
    model.set_runs([run(), dry])
    qtmodeltester.check(model, force_py=True)
    assert text(model, 0, RunsModel.USER) == "ana"
    assert text(model, 0, RunsModel.SOURCE) == str(ROOT)
    assert [text(model, 0, c) for c in (RunsModel.PUBLISHED, RunsModel.FAILED,
            RunsModel.DUPLICATE, RunsModel.SKIPPED)] == ["1", "1", "0", "1"]  # fmt: skip
    assert text(model, 1, RunsModel.MODE) == "dry run"
    assert model.row_of(7) == 0 and model.row_of(99) == -1
