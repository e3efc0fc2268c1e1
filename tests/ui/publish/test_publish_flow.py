"""A whole publish through the widget, QC refusal and override, errors shown in the widget."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from qtpy import QtCore, QtGui, QtWidgets

from axiom_publisher.config import Settings
from axiom_publisher.core.qc import QCStatus
from axiom_publisher.core.types import VersionStatus
from axiom_publisher.publish import catalog
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.ui.publish.override import NO_REASON
from axiom_publisher.ui.publish.rows import RowState
from axiom_publisher.ui.publish_widget import PublishWidget

from .conftest import WidgetFactory, choose, drop, make_settings, wait_analysed


def published_versions(settings: Settings, project: str = "proj") -> list[catalog.VersionRecord]:
    with open_catalog_database(settings) as database:
        return catalog.list_versions(database, settings, project=project)


def test_a_dropped_clip_is_analysed_and_published(
    qtbot: QtBot,
    make_widget: WidgetFactory,
    db_url: str,
    tmp_path: Path,
    axiom_env: dict[str, str],
    media: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = make_settings(db_url, tmp_path / "publish", axiom_env)
    widget = make_widget(settings)
    choose(qtbot, widget)
    assert "v001" in widget.picker.next_version.text()
    assert not widget.publish_button.isEnabled()  # nothing to publish yet

    drop(widget, media / "clip.mov")
    (row,) = wait_analysed(qtbot, widget)
    assert row.state is RowState.READY, row.error
    assert row.inspection is not None
    # a dropped movie declares no colour space: an advisory, which does not block
    assert row.verdict is QCStatus.WARN, row.inspection.report.to_json()
    warned = [check.id for check in row.inspection.report.checks if check.status is QCStatus.WARN]
    assert warned == ["colorspace"]
    assert row.thumbnail is not None and not row.thumbnail.isNull()
    assert row.scratch is not None and row.scratch.is_dir()
    assert row.title.startswith("clip.mov")
    assert widget.publish_button.isEnabled(), widget.status.text()

    qtbot.keyClicks(widget.comment, "first comp pass")
    with qtbot.waitSignal(widget.published, timeout=60_000) as signal:
        qtbot.mouseClick(widget.publish_button, QtCore.Qt.MouseButton.LeftButton)
    (version,) = signal.args[0]
    assert version.label == "v001"

    (stored,) = published_versions(settings)
    assert stored.status is VersionStatus.PUBLISHED
    assert (stored.task, stored.product, stored.comment) == ("comp", "plate", "first comp pass")
    assert stored.path.is_dir()
    assert stored.proxy is not None and stored.proxy.is_file()
    assert stored.proxy.parent == stored.path
    assert "v001" in widget.report.text() and "Open folder" in widget.report.text()
    (picture,) = widget.report.findChildren(QtWidgets.QLabel, "reportThumbnail")
    assert not picture.pixmap().isNull()  # the analysed item's thumbnail beside its version
    opened: list[QtCore.QUrl] = []
    monkeypatch.setattr(QtGui.QDesktopServices, "openUrl", opened.append)
    (folder_link,) = re.findall(r'href="([^"]+)">Open folder', widget.report.text())
    widget.report.open_link(folder_link)
    assert [Path(url.toLocalFile()) for url in opened] == [stored.path]
    assert widget.rows == []  # the published item leaves the list, with its scratch folder
    assert not row.scratch.exists()
    qtbot.waitUntil(lambda: "v002" in widget.picker.next_version.text(), timeout=10_000)
    assert not widget.busy
    assert "published v001" in widget.log.toPlainText()


def test_a_sequence_shows_its_range_and_missing_frames(
    qtbot: QtBot, widget: PublishWidget, media: Path
) -> None:
    choose(qtbot, widget)
    drop(widget, media / "gap" / "plate.1001.png")
    (row,) = wait_analysed(qtbot, widget)
    assert row.title == "plate.####.png  1001-1006  (5 frames)  missing 1003"
    index = widget.model.index(0, 1)
    assert widget.model.data(index) == "plate.####.png\n1001-1006  (5 frames)  missing 1003"
    # the missing frame is a QC failure that names the frame
    failing = (
        {check.id: check for check in row.inspection.report.failed()} if row.inspection else {}
    )
    assert failing["missing_frames"].frames == (1003,)


def test_a_qc_failure_blocks_publish_until_overridden_with_a_reason(
    qtbot: QtBot, widget: PublishWidget, settings: Settings, media: Path
) -> None:
    choose(qtbot, widget, product="wide")
    drop(widget, media / "wide.mov")
    (row,) = wait_analysed(qtbot, widget)
    assert row.verdict is QCStatus.FAIL
    assert not widget.publish_button.isEnabled()
    assert "QC failed for wide.mov" in widget.status.text()
    widget.select_row(row)
    checks = widget.checks.model.checks
    assert checks[0].id == "resolution" and checks[0].status is QCStatus.FAIL
    assert "80" in checks[0].message and "64" in checks[0].message
    assert widget.checks.override_button.isVisible()

    qtbot.mouseClick(widget.checks.override_button, QtCore.Qt.MouseButton.LeftButton)
    dialog = widget.override_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    # OK with no reason (or only spaces) keeps the question open and says why.
    for typed in ("", "   "):
        dialog.reason.setText(typed)
        qtbot.mouseClick(dialog.ok_button, QtCore.Qt.MouseButton.LeftButton)
        assert dialog.isVisible() and dialog.problem.isVisible()
        assert dialog.problem.text() == NO_REASON
    assert row.override_reason is None and not widget.publish_button.isEnabled()
    shown = [label for label in dialog.findChildren(QtWidgets.QLabel) if label.isVisible()]
    assert len(shown) == 3 and all(label.width() >= label.sizeHint().width() for label in shown), (
        "the question or the complaint is cut"
    )
    dialog.reason.clear()
    qtbot.keyClicks(dialog.reason, "client approved")
    assert not dialog.problem.isVisible(), "typing clears the complaint"
    qtbot.mouseClick(dialog.ok_button, QtCore.Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert row.override_reason == "client approved"
    assert widget.publish_button.isEnabled()
    with qtbot.waitSignal(widget.published, timeout=60_000):
        qtbot.mouseClick(widget.publish_button, QtCore.Qt.MouseButton.LeftButton)
    (stored,) = published_versions(settings)
    assert stored.qc_override_reason == "client approved"
    assert stored.qc is not None and stored.qc.verdict is QCStatus.FAIL


def test_names_are_validated_as_they_are_typed(qtbot: QtBot, widget: PublishWidget) -> None:
    choose(qtbot, widget)
    widget.picker.product.setEditText("bad name!")
    assert widget.picker.context() is None
    assert widget.picker.name_error.isVisible()
    assert "product name 'bad name!' is not allowed" in widget.picker.name_error.text()
    widget.picker.product.setEditText("plate_v2")
    assert not widget.picker.name_error.isVisible()
    assert "v001" in widget.picker.next_version.text()


def test_errors_are_shown_in_the_widget(
    qtbot: QtBot,
    make_widget: WidgetFactory,
    settings: Settings,
    media: Path,
    tmp_path: Path,
) -> None:
    # an unreadable (missing) file
    widget = make_widget(settings)
    choose(qtbot, widget)
    widget.add_items([tmp_path / "nowhere.mov"])
    qtbot.waitUntil(widget.banner.isVisible, timeout=10_000)
    assert "nowhere.mov does not exist" in widget.banner_label.text()
    assert widget.rows == []

    # the database is down
    down = Settings(**{**_fields(settings), "db_url": "postgresql+psycopg://x@127.0.0.1:9/none"})
    offline = make_widget(down)
    qtbot.waitUntil(offline.banner.isVisible, timeout=30_000)
    assert "Could not load the projects" in offline.banner_label.text()
    assert "Traceback" not in offline.log.toPlainText()

    # the publish area is not writable
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    unwritable = Settings(**{**_fields(settings), "publish_root": blocked / "publish"})
    area = make_widget(unwritable)
    choose(qtbot, area)
    drop(area, media / "clip.mov")
    wait_analysed(qtbot, area)
    qtbot.mouseClick(area.publish_button, QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(area.banner.isVisible, timeout=30_000)
    assert "Publish failed" in area.banner_label.text()
    assert "publish root" in area.banner_label.text()
    qtbot.waitUntil(lambda: not area.busy, timeout=10_000)
    assert len(area.rows) == 1  # still there to publish again
    assert published_versions(unwritable) == []


def _fields(settings: Settings) -> dict[str, object]:
    return {name: getattr(settings, name) for name in Settings.__dataclass_fields__}
