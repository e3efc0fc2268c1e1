"""The Ingest tab's texts at the app's default size (1400x850), as a new user reads them:
idle bars without counts, a reason whose start says what to do, rules shown as typed
everywhere, a log that wraps instead of scrolling sideways."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot
from qtpy import QtCore, QtGui

from axiom_publisher.ui.ingest.tab import IngestTab
from tests.ui.ingest.conftest import (
    MOV_020,
    RULE,
    SEQ_030,
    TIMEOUT,
    UNKNOWN_SHOT,
    Delivery,
    MakeTab,
)
from tests.ui.ingest.test_scan_assign import cell, scan

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
DEFAULT_SIZE = (1400, 850)  # MainWindow's
CELL_MARGINS = 12  # what a cell's text may lose to padding on either side, at most


def fits_whole(tab: IngestTab, name: str, column: int) -> bool:
    """The cell's text, wrapped at words in its column, fits the row's height."""
    view, model = tab.items.view, tab.model
    row = [line.name for line in model.rows].index(name)
    metrics = QtGui.QFontMetrics(view.font())
    width = view.columnWidth(column) - CELL_MARGINS
    wrapped = metrics.boundingRect(
        QtCore.QRect(0, 0, width, 10_000), QtCore.Qt.TextFlag.TextWordWrap, cell(tab, name, column)
    )
    return wrapped.height() <= view.rowHeight(row)


def test_idle_bars_show_no_counts(make_tab: MakeTab, delivery: Delivery) -> None:
    tab = make_tab(delivery)
    bars = (tab.run_bar.progress, tab.run_bar.qc_progress)
    assert [bar.text() for bar in bars] == ["", ""], "no 'Done 0/1' before anything ran"
    assert [bar.value() for bar in bars] == [0, 0]


def test_reasons_rules_and_log_read_whole_at_the_default_size(
    qtbot: QtBot, make_tab: MakeTab, delivery: Delivery
) -> None:
    tab = make_tab(delivery)
    tab.resize(*DEFAULT_SIZE)
    scan(qtbot, tab, delivery.root)
    model = tab.model
    # The reason wraps (its row grows) and starts with what is wrong and what to do; all of
    # it is in the tooltip.
    details = cell(tab, UNKNOWN_SHOT, model.DETAILS)
    assert details.startswith("shot zz999 is not in project proj: create it"), details
    assert fits_whole(tab, UNKNOWN_SHOT, model.DETAILS)
    row = [line.name for line in model.rows].index(UNKNOWN_SHOT)
    tooltip = model.index(row, model.DETAILS).data(QtCore.Qt.ItemDataRole.ToolTipRole)
    assert tooltip == details
    # The rule as typed (one backslash) in the details, the rules box and the log.
    assert f"'{RULE.pattern}'" in details and "\\\\d" not in details
    rules = [tab.delivery.rules.item(i).text() for i in range(tab.delivery.rules.count())]
    assert rules[0].startswith(RULE.pattern)
    assert f"'{RULE.pattern}'" in tab.log_view.toPlainText()

    tab.run_bar.allow_duplicates.setChecked(False)
    with qtbot.waitSignal(tab.run_finished, timeout=TIMEOUT):
        qtbot.mouseClick(tab.run_bar.ingest_button, QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.busy, timeout=TIMEOUT)
    assert "missing frame 1005" in cell(tab, SEQ_030, model.DETAILS)
    assert fits_whole(tab, SEQ_030, model.DETAILS), "the QC failure is cut"
    one_line = tab.items.view.verticalHeader().defaultSectionSize()
    names = [line.name for line in model.rows]
    assert tab.items.view.rowHeight(names.index(SEQ_030)) > one_line
    assert tab.items.view.rowHeight(names.index(MOV_020)) == one_line, "no details: one line"
    log = tab.log_view
    assert log.horizontalScrollBar().maximum() == 0, "the log never scrolls sideways"
    assert not log.horizontalScrollBar().isVisible()
    # The summary's last line ("... 1 skipped") is whole within the log's width.
    document = log.document()
    block = document.findBlock(len(log.toPlainText()) - 1)
    assert "ingest done" in block.text() and block.text().endswith("skipped")
    layout = block.layout()
    assert layout is not None and layout.lineCount() >= 1
    width = log.viewport().width()
    widths = [layout.lineAt(i).naturalTextWidth() for i in range(layout.lineCount())]
    assert max(widths) <= width, (widths, width)
    assert [bar.text() for bar in (tab.run_bar.progress, tab.run_bar.qc_progress)] != ["", ""]
