"""The Publish tab's Colour space field: a tagged movie passes as it is; an untagged one
warns, and choosing the colour space the warning advises makes it pass and is published."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from qtpy import QtCore, QtWidgets

from axiom_publisher.config import Settings
from axiom_publisher.core.qc import QCStatus
from axiom_publisher.media.synth import write_clip
from axiom_publisher.ui.publish.checks_panel import facts_text
from axiom_publisher.ui.publish.colour_field import FROM_FILE
from axiom_publisher.ui.publish.rows import ItemRow
from axiom_publisher.ui.publish_widget import PublishWidget

from .conftest import WidgetFactory, choose, drop, wait_analysed

REC709 = "Rec.1886 Rec.709 - Display"
# An open list on the offscreen platform cannot raise itself or grab the keyboard.
OPEN_LIST = pytest.mark.qt_log_ignore(
    r"This plugin does not support (raise\(\)|grabbing the keyboard|propagateSizeHints\(\))"
)


def colour_check(row: ItemRow) -> tuple[QCStatus, str]:
    assert row.inspection is not None
    (check,) = [c for c in row.inspection.report.checks if c.id == "colorspace"]
    return check.status, check.message


def pick(qtbot: QtBot, widget: PublishWidget, text: str) -> None:
    """Open the field's list and click `text`, as a user does."""
    field = widget.colour_space
    qtbot.waitUntil(lambda: text in [field.itemText(i) for i in range(field.count())])
    field.showPopup()
    view = field.view()
    qtbot.waitUntil(view.isVisible)
    index = view.model().index(field.findText(text), 0)
    view.scrollTo(index)
    rect = view.visualRect(index)
    qtbot.mouseClick(view.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: not view.isVisible())


@OPEN_LIST
def test_the_colour_space_field_fixes_an_untagged_movie(
    qtbot: QtBot, make_widget: WidgetFactory, settings: Settings, tmp_path: Path
) -> None:
    widget = make_widget(settings)
    field = widget.colour_space
    assert isinstance(field, QtWidgets.QComboBox) and field.isVisible()
    assert field.currentText() == FROM_FILE and not field.isEnabled()  # nothing selected
    qtbot.waitUntil(lambda: "ACEScg" in field.names(), timeout=10_000)
    assert REC709 in field.names()
    choose(qtbot, widget)

    clip = write_clip(tmp_path / "clip.mov", frames=12, width=64, height=36)
    drop(widget, clip)
    (row,) = wait_analysed(qtbot, widget)
    status, message = colour_check(row)
    assert status is QCStatus.WARN and "Colour space field of the Publish tab" in message
    assert f"--colorspace '{REC709}'" in message
    assert field.isEnabled() and field.currentText() == FROM_FILE
    assert row.inspection is not None
    shown = facts_text(row.inspection.primary.facts)["Colour space"]
    assert shown == "not declared (no colour tags)"

    pick(qtbot, widget, REC709)
    qtbot.waitUntil(lambda: row.colorspace == REC709 and not widget.busy, timeout=60_000)
    (row,) = wait_analysed(qtbot, widget)
    assert row.verdict is QCStatus.PASS, row.inspection and row.inspection.report.to_json()
    assert colour_check(row)[1].startswith(f"'{REC709}' (given as '{REC709}'")
    assert f"colour space of clip.mov: {REC709}" in widget.log.toPlainText()

    with qtbot.waitSignal(widget.published, timeout=60_000) as signal:
        qtbot.mouseClick(widget.publish_button, QtCore.Qt.MouseButton.LeftButton)
    (version,) = signal.args[0]
    assert version.qc is not None and version.qc.verdict is QCStatus.PASS


@OPEN_LIST
def test_from_the_file_again_and_a_tagged_movie(
    qtbot: QtBot, make_widget: WidgetFactory, settings: Settings, tmp_path: Path
) -> None:
    widget = make_widget(settings)
    choose(qtbot, widget)
    tagged = write_clip(tmp_path / "tagged.mov", frames=12, width=64, height=36, colour="bt709")
    drop(widget, tagged)
    (row,) = wait_analysed(qtbot, widget)
    assert row.verdict is QCStatus.PASS, row.inspection and row.inspection.report.to_json()
    assert "the file's colour tags" in colour_check(row)[1]
    assert row.inspection is not None
    shown = facts_text(row.inspection.primary.facts)["Colour space"]
    assert shown == f"{REC709} (the file's colour tags)"

    pick(qtbot, widget, "ACEScg")  # the wrong label: a scene-linear space for a video file
    qtbot.waitUntil(lambda: row.colorspace == "ACEScg" and not widget.busy, timeout=60_000)
    (row,) = wait_analysed(qtbot, widget)
    assert row.verdict is QCStatus.PASS  # the project's own space
    pick(qtbot, widget, FROM_FILE)
    qtbot.waitUntil(lambda: row.colorspace is None and not widget.busy, timeout=60_000)
    (row,) = wait_analysed(qtbot, widget)
    assert "the file's colour tags" in colour_check(row)[1]
    assert widget.colour_space.currentText() == FROM_FILE
