"""The Publish tab in the main window at its default size (1400x850), as a new user sees it:
a failing item's checks all in view with their whole messages, its media facts unsqueezed,
a log that does not grow over them, and a progress bar that starts empty for a new item."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot
from qtpy import QtCore, QtGui

from axiom_publisher.config import Settings
from axiom_publisher.core.qc import QCStatus
from axiom_publisher.ui.main_window import PUBLISH_TAB, MainWindow
from axiom_publisher.ui.publish.checks_panel import MESSAGE_COLUMN
from axiom_publisher.ui.publish_widget import PublishWidget

from .conftest import choose, drop, wait_analysed

DEFAULT_SIZE = QtCore.QSize(1400, 850)
CELL_MARGINS = 16  # a cell's text loses at most this much width to its padding


def open_window(
    qtbot: QtBot, settings: Settings, tmp_path: Path
) -> tuple[MainWindow, PublishWidget]:
    state = QtCore.QSettings(str(tmp_path / "state.ini"), QtCore.QSettings.Format.IniFormat)
    window = MainWindow(settings, state=state)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.size() == DEFAULT_SIZE
    window.tabs.setCurrentIndex(PUBLISH_TAB)
    widget = window.publish_widget
    assert isinstance(widget, PublishWidget)
    return window, widget


def click_row(qtbot: QtBot, widget: PublishWidget, position: int) -> None:
    view = widget.view
    rect = view.visualRect(widget.model.index(position, 1))
    qtbot.mouseClick(view.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=rect.center())


def test_a_failing_items_checks_read_whole_at_the_default_size(
    qtbot: QtBot, settings: Settings, media: Path, tmp_path: Path
) -> None:
    window, widget = open_window(qtbot, settings, tmp_path)
    choose(qtbot, widget, product="wide")
    drop(widget, media / "clip.mov", media / "wide.mov")
    rows = wait_analysed(qtbot, widget, count=2)
    assert rows[1].verdict is QCStatus.FAIL
    click_row(qtbot, widget, 1)
    checks = widget.checks
    table, model = checks.table, checks.model
    assert model.rowCount() >= 10 and model.checks[0].status is QCStatus.FAIL
    qtbot.waitUntil(lambda: checks.facts_box.isVisible())

    def measure() -> None:
        viewport = table.viewport().rect()
        metrics = QtGui.QFontMetrics(table.font())
        width = table.columnWidth(MESSAGE_COLUMN) - CELL_MARGINS
        for row, check in enumerate(model.checks):
            cell = table.visualRect(model.index(row, MESSAGE_COLUMN))
            assert viewport.contains(cell), f"check {check.id} is out of view"
            needed = metrics.boundingRect(
                QtCore.QRect(0, 0, width, 10_000), QtCore.Qt.TextFlag.TextWordWrap, check.message
            )
            assert needed.height() <= cell.height(), f"{check.id}: message cut"
        facts = checks.facts_box
        assert facts.height() >= facts.sizeHint().height(), "media facts squeezed"
        for name, label in checks.fact_labels.items():  # whole, or elided with a tooltip
            shown = label.fontMetrics().horizontalAdvance(label.text())
            assert shown <= label.contentsRect().width(), f"{name} runs out of its column"
            assert label.toolTip() == label.full_text() != ""
        items = widget.view
        for position in range(widget.model.rowCount()):
            rect = items.visualRect(widget.model.index(position, 1))
            assert items.viewport().rect().contains(rect), f"item {position} out of view"

    measure()
    checks_height = table.height()
    # A long log stays in its place: it scrolls, it does not squeeze the checks.
    for number in range(300):
        widget.log.appendPlainText(f"line {number}: " + "a long line of the log " * 8)
    qtbot.wait(50)
    assert table.height() == checks_height
    measure()
    window.close()
    assert window.pool.wait(60_000)


def test_the_bar_starts_empty_for_the_next_item(
    qtbot: QtBot, settings: Settings, media: Path, tmp_path: Path
) -> None:
    window, widget = open_window(qtbot, settings, tmp_path)
    choose(qtbot, widget)
    drop(widget, media / "clip.mov")
    wait_analysed(qtbot, widget)
    with qtbot.waitSignal(widget.published, timeout=60_000):
        qtbot.mouseClick(widget.publish_button, QtCore.Qt.MouseButton.LeftButton)
    bar = widget.progress
    assert bar.value() == bar.maximum() > 0, "a finished publish shows a full bar"
    seen: list[int] = []
    widget.analyser.row_changed.connect(lambda _row: seen.append(bar.value()))
    drop(widget, media / "gap")
    wait_analysed(qtbot, widget)
    assert seen and set(seen) == {0}, "the last publish's full bar stayed while analysing"
    assert bar.value() == 0
    window.close()
    assert window.pool.wait(60_000)


def test_no_message_is_cut_in_a_host_sized_dialog(
    qtbot: QtBot, widget: PublishWidget, media: Path
) -> None:
    """The DCC dialog (1100x760) scrolls the checks; each one still shows its whole message,
    at every width the dialog is made."""
    choose(qtbot, widget, product="wide")
    drop(widget, media / "wide.mov")
    wait_analysed(qtbot, widget)
    click_row(qtbot, widget, 0)
    table, model = widget.checks.table, widget.checks.model
    metrics = QtGui.QFontMetrics(table.font())

    def cut() -> list[str]:
        width = table.columnWidth(MESSAGE_COLUMN) - CELL_MARGINS
        flags = QtCore.Qt.TextFlag.TextWordWrap
        return [
            check.id
            for row, check in enumerate(model.checks)
            if metrics.boundingRect(
                QtCore.QRect(0, 0, width, 10_000), flags, check.message
            ).height()
            > table.rowHeight(row)
        ]

    # Widths a few pixels apart: some message is always one word from another line.
    for size in (QtCore.QSize(width, 760) for width in range(1100, 880, -12)):
        if size.width() < widget.minimumSizeHint().width():
            break  # as narrow as the dialog goes
        widget.resize(size)
        qtbot.waitUntil(lambda: not cut(), timeout=2_000)  # fitted once the columns settle
        assert widget.size() == size and not cut()
