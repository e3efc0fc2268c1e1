"""The Ingest tab before a run: rules shown, scan (items, frames, unmatched with reasons),
manual assignment through the context picker, selection, a dropped folder, errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from qtpy import QtCore, QtGui

from axiom_publisher.core.types import EntityKind, ProjectSpec
from axiom_publisher.publish import catalog
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.ui.ingest.tab import IngestTab
from axiom_publisher.ui.qtcompat import enum_value
from tests.ui.ingest.conftest import (
    DUPLICATE,
    MOV_020,
    MYSTERY,
    RULE,
    SEQ_010,
    SEQ_030,
    TIMEOUT,
    UNKNOWN_SHOT,
    Delivery,
    MakeTab,
)


def scan(qtbot: QtBot, tab: IngestTab, folder: Path) -> None:
    tab.set_folder(folder)
    assert tab.delivery.scan_button.isEnabled()
    with qtbot.waitSignal(tab.plan_ready, timeout=TIMEOUT):
        qtbot.mouseClick(tab.delivery.scan_button, QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.busy, timeout=TIMEOUT)


def cell(tab: IngestTab, name: str, column: int) -> str:
    row = [line.name for line in tab.model.rows].index(name)
    return str(tab.model.index(row, column).data())


def assign_by_hand(
    qtbot: QtBot, tab: IngestTab, name: str, shot: str, task: str, product: str
) -> None:
    """Select the row, pick shot / task / product in the assignment bar, click Assign."""
    index = next(line.index for line in tab.model.rows if line.name == name)
    tab.select_rows([index])
    picker = tab.picker
    qtbot.waitUntil(lambda: picker.entity.findText(shot) >= 0, timeout=TIMEOUT)
    picker.entity.setCurrentIndex(picker.entity.findText(shot))
    qtbot.waitUntil(lambda: not picker.loading, timeout=TIMEOUT)
    picker.task.setCurrentText(task)
    picker.product.setCurrentText(product)
    button = tab.assign_bar.assign_button
    qtbot.waitUntil(button.isEnabled, timeout=TIMEOUT)
    assert button.text() == "Assign 1 item"
    qtbot.mouseClick(button, QtCore.Qt.MouseButton.LeftButton)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_scan_lists_items_and_assignment_fixes_the_unmatched(
    qtbot: QtBot, make_tab: MakeTab, delivery: Delivery
) -> None:
    tab = make_tab(delivery)
    assert tab.project() == "proj"
    assert RULE.pattern in tab.delivery.rules.item(0).text()
    assert not tab.run_bar.ingest_button.isEnabled()  # nothing scanned yet

    scan(qtbot, tab, delivery.root)
    model = tab.model
    names = [line.name for line in model.rows]
    assert sorted(names) == sorted([SEQ_010, MOV_020, SEQ_030, DUPLICATE, MYSTERY, UNKNOWN_SHOT])
    assert cell(tab, SEQ_010, model.FRAMES) == "1001-1012 (12 frames)"
    assert cell(tab, SEQ_030, model.FRAMES) == "1001-1012 (11 frames)  missing 1005"
    assert cell(tab, MOV_020, model.FRAMES) == "movie"
    assert cell(tab, SEQ_010, model.TARGET) == "ab010 \u00b7 plate \u00b7 plate"
    assert cell(tab, DUPLICATE, model.TARGET) == "ab010 \u00b7 plate \u00b7 ref"
    assert cell(tab, MYSTERY, model.TARGET) == "unmatched"
    assert "no naming rule matches" in cell(tab, MYSTERY, model.DETAILS)
    assert "zz999" in cell(tab, UNKNOWN_SHOT, model.DETAILS)
    assert cell(tab, UNKNOWN_SHOT, model.DETAILS).startswith("shot zz999 is not in project proj")
    # Matched items start selected; unmatched ones cannot be selected until assigned.
    assert len(model.checked()) == 4
    mystery_row = names.index(MYSTERY)
    item_cell = model.index(mystery_row, model.ITEM)
    assert not model.flags(item_cell) & QtCore.Qt.ItemFlag.ItemIsUserCheckable
    assert not model.setData(item_cell, enum_value(QtCore.Qt.CheckState.Checked),
                             QtCore.Qt.ItemDataRole.CheckStateRole)  # fmt: skip
    assert tab.run_bar.ingest_button.text() == "Ingest selected (4)"
    assert "2 unmatched" in tab.items.title.text()
    log = tab.log_view.toPlainText()
    assert f"unmatched {MYSTERY}: no naming rule matches" in log

    # The picker's project is the tab's, and fixed.
    assert tab.picker.project.currentText() == "proj"
    assert not tab.picker.project.isEnabled()
    assign_by_hand(qtbot, tab, MYSTERY, "ab030", "plate", "mystery")
    assert cell(tab, MYSTERY, model.TARGET) == "ab030 \u00b7 plate \u00b7 mystery"
    assert cell(tab, MYSTERY, model.DETAILS) == ""
    assert tab.plan is not None
    item = next(item for item in tab.plan.items if item.display == MYSTERY)
    assert item.context is not None and item.context.entity == "ab030"
    assert item.context.product == "mystery" and item.rule == "manual"
    assert item.context.entity_kind is EntityKind.SHOT
    assert item.index in model.checked() and len(model.checked()) == 5
    assert f"assigned {MYSTERY} to ab030 / plate / mystery" in tab.log_view.toPlainText()
    assert tab.run_bar.ingest_button.isEnabled()

    # Select none / all, and a checkbox by hand.
    qtbot.mouseClick(tab.items.none_button, QtCore.Qt.MouseButton.LeftButton)
    assert model.checked() == () and not tab.run_bar.ingest_button.isEnabled()
    qtbot.mouseClick(tab.items.all_button, QtCore.Qt.MouseButton.LeftButton)
    assert len(model.checked()) == 5  # the unknown shot stays out
    row = names.index(SEQ_030)
    assert model.setData(model.index(row, model.ITEM), enum_value(QtCore.Qt.CheckState.Unchecked),
                         QtCore.Qt.ItemDataRole.CheckStateRole)  # fmt: skip
    assert len(model.checked()) == 4 and tab.run_bar.ingest_button.text().endswith("(4)")
    # By keyboard, as a wrangler goes down the list: Space on the item ticks it again.
    view = tab.items.view
    view.setFocus()
    view.setCurrentIndex(model.index(row, model.ITEM))
    qtbot.keyClick(view, QtCore.Qt.Key.Key_Space)
    assert len(model.checked()) == 5
    qtbot.keyClick(view, QtCore.Qt.Key.Key_Space)
    assert len(model.checked()) == 4


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_dropped_folder_is_scanned(qtbot: QtBot, make_tab: MakeTab, delivery: Delivery) -> None:
    tab = make_tab(delivery)
    mime = QtCore.QMimeData()
    mime.setUrls([QtCore.QUrl.fromLocalFile(str(delivery.root / "ab010"))])
    point = QtCore.QPointF(20, 20)
    actions = QtCore.Qt.DropAction.CopyAction
    buttons = QtCore.Qt.MouseButton.LeftButton
    modifiers = QtCore.Qt.KeyboardModifier.NoModifier
    enter = QtGui.QDragEnterEvent(point.toPoint(), actions, mime, buttons, modifiers)
    tab.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QtGui.QDropEvent(point, actions, mime, buttons, modifiers)
    with qtbot.waitSignal(tab.plan_ready, timeout=TIMEOUT) as ready:
        tab.dropEvent(drop)
    assert tab.folder() == delivery.root / "ab010"
    assert [item.display for item in ready.args[0].items] == ["ab010_plate.####.png"]

    file_mime = QtCore.QMimeData()  # a file is not a delivery folder
    file_mime.setUrls([QtCore.QUrl.fromLocalFile(str(delivery.root / MOV_020))])
    refused = QtGui.QDragEnterEvent(point.toPoint(), actions, file_mime, buttons, modifiers)
    refused.ignore()
    tab.dragEnterEvent(refused)
    assert not refused.isAccepted()


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_scan_error_names_the_folder(
    qtbot: QtBot, make_tab: MakeTab, delivery: Delivery, tmp_path: Path
) -> None:
    tab = make_tab(delivery)
    missing = tmp_path / "no-such-delivery"
    tab.set_folder(missing)
    with qtbot.waitSignal(tab.stopped, timeout=TIMEOUT) as stopped:
        tab.scan()
    text = stopped.args[0]
    assert str(missing) in text and "does not exist" in text
    assert "Traceback" not in tab.log_view.toPlainText()
    assert text in tab.log_view.toPlainText()
    qtbot.waitUntil(lambda: not tab.busy, timeout=TIMEOUT)
    assert tab.delivery.scan_button.isEnabled() and tab.plan is None


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_another_project_puts_the_plan_away(
    qtbot: QtBot, make_tab: MakeTab, delivery: Delivery
) -> None:
    with open_catalog_database(delivery.settings) as database:
        catalog.create_project(database, ProjectSpec("other", "Other"))
    tab = make_tab(delivery)
    assert tab.delivery.project.count() == 2
    tab.set_project("proj")
    qtbot.waitUntil(lambda: tab.rules is not None and not tab.pool.running, timeout=TIMEOUT)
    scan(qtbot, tab, delivery.root)
    assert tab.model.rowCount() == 6
    with qtbot.waitSignal(tab.rules_loaded, timeout=TIMEOUT):
        tab.set_project("other")
    assert tab.plan is None and tab.model.rowCount() == 0
    assert not tab.run_bar.ingest_button.isEnabled()
    assert "was put away: scan again for other" in tab.log_view.toPlainText()
    qtbot.waitUntil(lambda: tab.picker.project.currentText() == "other", timeout=TIMEOUT)
