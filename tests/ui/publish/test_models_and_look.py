"""Item models pass Qt's model tester; screenshots of a passing and a failing item."""

from __future__ import annotations

from pathlib import Path

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from qtpy import QtCore

from axiom_publisher.core.qc import QCStatus
from axiom_publisher.ui.publish.checks_panel import ChecksModel
from axiom_publisher.ui.publish.items_model import ItemsModel, ProgressRole
from axiom_publisher.ui.publish.rows import ItemRow, RowState
from axiom_publisher.ui.publish_widget import PublishWidget

from .conftest import choose, drop, shots_dir, wait_analysed


def test_models_pass_the_model_tester_empty_and_filled(
    qtbot: QtBot, qtmodeltester: ModelTester, widget: PublishWidget, media: Path
) -> None:
    qtmodeltester.check(ItemsModel())
    qtmodeltester.check(ChecksModel())
    waiting = ItemsModel()
    waiting.append(ItemRow(path="/shows/x/plate.####.exr"))  # still resolving
    qtmodeltester.check(waiting)
    assert waiting.data(waiting.index(0, 2)) == "reading…"

    choose(qtbot, widget)
    drop(widget, media / "clip.mov", media / "wide.mov", media / "gap")
    rows = wait_analysed(qtbot, widget, count=3)
    assert {row.state for row in rows} == {RowState.READY}
    qtmodeltester.check(widget.model)
    checks = widget.checks.model
    for number, row in enumerate(rows):
        widget.select_row(row)
        assert widget.checks.model is checks and checks.rowCount() > 5
        if number == 0:
            # Once: the tester stays connected and checks the model at every later reset (a
            # second check() connects pytest-qt's Python tester, used on PySide2, twice).
            qtmodeltester.check(checks)
    analysing = ItemsModel()
    analysing.append(ItemRow(path="x", state=RowState.ANALYSING, fraction=0.25))
    assert analysing.data(analysing.index(0, 2), ProgressRole) == 0.25
    qtmodeltester.check(analysing)


def test_screenshots_of_a_passing_and_a_failing_item(
    qtbot: QtBot, widget: PublishWidget, media: Path, tmp_path: Path
) -> None:
    choose(qtbot, widget)
    widget.add_items([media / "clip.mov"], colorspace="ACEScg")  # as a host declares it
    wait_analysed(qtbot, widget)
    drop(widget, media / "wide.mov", media / "gap")
    passing, failing, sequence = wait_analysed(qtbot, widget, count=3)
    assert passing.verdict is QCStatus.PASS
    assert failing.verdict is QCStatus.FAIL and sequence.verdict is QCStatus.FAIL
    widget.comment.setText("Cleaned plate, new grain")

    shots = [tmp_path / "publish_pass.png", tmp_path / "publish_fail.png"]
    widget.select_row(passing)
    qtbot.wait(100)  # let the layouts settle (the event loop, not the widget's code)
    assert widget.grab().save(str(shots[0]))
    widget.select_row(failing)
    assert widget.checks.override_button.isVisible()
    qtbot.wait(100)
    assert widget.grab().save(str(shots[1]))
    for shot in shots:
        assert shot.stat().st_size > 10_000
    extra = shots_dir()
    if extra is not None:  # AXIOM_UI_SHOTS=/tmp/axiom_shots: keep them for review
        extra.mkdir(parents=True, exist_ok=True)
        for shot in shots:
            shot.replace(extra / shot.name)
        widget.select_row(sequence)
        qtbot.wait(100)
        widget.grab().save(str(extra / "publish_sequence.png"))
        widget.override_qc(failing, "client approved the 80x36 framing")
        widget.override_qc(sequence, "frame 1003 is re-rendered tomorrow")
        with qtbot.waitSignal(widget.published, timeout=60_000):
            qtbot.mouseClick(widget.publish_button, QtCore.Qt.MouseButton.LeftButton)
        qtbot.wait(100)
        widget.grab().save(str(extra / "publish_report.png"))
