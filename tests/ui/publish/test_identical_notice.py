"""The Publish tab says when a version repeats the content of a published one
([publish] identical = "warn"): in the report beside the version and in the log."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot
from qtpy import QtCore

from axiom_publisher.ui.publish_widget import PublishWidget

from .conftest import choose, drop, wait_analysed


def _publish(qtbot: QtBot, widget: PublishWidget, path: Path) -> str:
    drop(widget, path)
    (row,) = wait_analysed(qtbot, widget)
    assert widget.publish_button.isEnabled(), widget.status.text()
    with qtbot.waitSignal(widget.published, timeout=60_000) as signal:
        qtbot.mouseClick(widget.publish_button, QtCore.Qt.MouseButton.LeftButton)
    (version,) = signal.args[0]
    return str(version.label)


def test_publishing_the_same_clip_again_says_identical_to(
    qtbot: QtBot, widget: PublishWidget, media: Path
) -> None:
    choose(qtbot, widget)
    assert _publish(qtbot, widget, media / "clip.mov") == "v001"
    assert "dentical" not in widget.report.text()
    assert "identical" not in widget.log.toPlainText()
    qtbot.waitUntil(lambda: "v002" in widget.picker.next_version.text(), timeout=10_000)

    assert _publish(qtbot, widget, media / "clip.mov") == "v002"
    assert "Identical to v001" in widget.report.text()
    assert "published v002 of plate (identical to v001" in widget.log.toPlainText()
