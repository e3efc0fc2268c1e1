"""The QC and Info pages beside the player, alone: what they show for a version, a click on a
check going to its first frame, the folder link and the hash copied; the header's comment."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from pytestqt.qtbot import QtBot
from qtpy import QtCore, QtWidgets

from axiom_publisher.core.media import MediaInfo
from axiom_publisher.core.qc import QCCheck, QCReport, QCStatus
from axiom_publisher.core.review import QueueFilter
from axiom_publisher.core.types import VersionRecord
from axiom_publisher.ui.publish.checks_panel import FRAMES_COLUMN, ID_COLUMN, MESSAGE_COLUMN
from axiom_publisher.ui.review.header import VersionHeader
from axiom_publisher.ui.review.info_page import InfoPage
from axiom_publisher.ui.review.loaders import QueuePage, Selection
from axiom_publisher.ui.review.player import ReviewPlayer
from axiom_publisher.ui.review.qc_page import QCPage
from axiom_publisher.ui.review.queue_panel import EMPTY, EMPTY_FILTERED, QueuePanel
from axiom_publisher.ui.review.side import NOTES_PAGE, QC_PAGE, ReviewSide
from tests.ui.review.player_fixtures import OFFSCREEN, version

pytestmark = OFFSCREEN
HASH = "8b381c18c6d4b40e66b1c8d3690d9" + "0" * 35
DEEP = Path("/studio/projects/demo/publish") / ("very_long_folder_name_" * 6) / "v002"
REPORT = QCReport(
    (
        QCCheck("decode", QCStatus.PASS, "All 48 frames decoded"),
        QCCheck("black_frames", QCStatus.WARN, "Black frames", frames=(1005, 1006)),
        QCCheck("frozen_frames", QCStatus.FAIL, "Frozen picture", frames=(1010, 1007)),
    )
)


def record(**changes: object) -> VersionRecord:
    base = version(number=2, proxy=None, qc=REPORT)
    media = MediaInfo(
        codec="AVC",
        container="MPEG-4",
        pix_fmt="yuv420p",
        width=1920,
        height=1080,
        fps=24.0,
        timecode="01:00:00:00",
        color_primaries="BT.709",
        transfer="BT.709",
    )
    fields: dict[str, object] = {"media": media, "content_hash": HASH, "path": DEEP}
    fields.update(changes)
    return dataclasses.replace(base, **fields)  # type: ignore[arg-type]


def click_row(qtbot: QtBot, page: QCPage, row: int) -> None:
    table = page.table
    rect = table.visualRect(page.model.index(row, MESSAGE_COLUMN))
    qtbot.mouseClick(table.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=rect.center())


def test_qc_page_shows_why_and_a_click_goes_to_the_first_frame(qtbot: QtBot) -> None:
    page = QCPage()
    qtbot.addWidget(page)
    page.resize(360, 400)
    page.show()
    page.show_version(record())
    text = page.verdict.text()
    assert "QC FAIL" in text and "1 failed, 1 warned of 3 checks" in text
    # Failures first; the check's id is in the row's tooltip, not in a column of its own.
    assert [check.id for check in page.model.checks] == ["frozen_frames", "black_frames", "decode"]
    assert page.table.isColumnHidden(ID_COLUMN)
    tooltip = page.model.index(0, MESSAGE_COLUMN).data(QtCore.Qt.ItemDataRole.ToolTipRole)
    assert tooltip == "frozen_frames: Frozen picture\nClick to see frame 1007"
    assert page.table.isVisible() and page.hint.isVisible()

    with qtbot.waitSignal(page.frame_requested) as asked:
        click_row(qtbot, page, 0)
    assert asked.args == [1007]  # the check's first frame, not the first one listed
    with qtbot.waitSignal(page.frame_requested) as asked:
        click_row(qtbot, page, 1)
    assert asked.args == [1005]
    with qtbot.assertNotEmitted(page.frame_requested):
        click_row(qtbot, page, 2)  # a check without frames goes nowhere

    page.show_version(record(qc=None))
    assert "No QC report for v002" in page.verdict.text()
    assert page.model.rowCount() == 0 and not page.table.isVisible()
    assert page.empty.isVisible() and page.empty.text() == "No QC checks to show"
    page.show_version(None)
    assert page.verdict.isHidden() and page.empty.text() == "No version open"


def test_qc_page_override_and_all_passed(qtbot: QtBot) -> None:
    page = QCPage()
    qtbot.addWidget(page)
    passed = QCReport((QCCheck("decode", QCStatus.PASS, "ok"), QCCheck("fps", QCStatus.PASS, "")))
    page.show_version(record(qc=passed))
    assert "QC PASS" in page.verdict.text() and "all 2 passed" in page.verdict.text()
    page.show_version(record(qc_override_reason="approved by <sup>"))
    assert "Override:</span> approved by &lt;sup&gt;" in page.verdict.text()


def test_info_page_facts_folder_link_and_hash(qtbot: QtBot) -> None:
    page = InfoPage()
    qtbot.addWidget(page)
    page.resize(340, 400)
    page.show()
    assert page.empty.isVisible() and not page.body.isVisible()
    page.show_version(record())
    assert not page.empty.isVisible() and page.body.isVisible()
    assert page.text("Resolution") == "1920 \u00d7 1080"
    assert page.text("Frame rate") == "24 fps"
    assert page.text("Codec") == "AVC \u00b7 MPEG-4 \u00b7 yuv420p"
    assert page.text("Frames") == "1001-1048 (48 frames)"
    assert page.text("Timecode") == "01:00:00:00"
    assert page.text("Colour") == "BT.709 / BT.709"
    assert page.text("Content hash") == HASH and page.text("Folder") == str(DEEP)
    # The long folder is elided to the column (its middle), whole in its tooltip.
    folder = page.values["Folder"]
    qtbot.waitUntil(lambda: folder.text() != str(DEEP))
    assert "\u2026" in folder.text() and folder.text().endswith("v002")
    assert folder.toolTip() == str(DEEP)
    assert folder.fontMetrics().horizontalAdvance(folder.text()) <= folder.contentsRect().width()
    assert page.width() == 340  # never widened by it

    with qtbot.waitSignal(page.open_folder_requested):
        page.folder_link.linkActivated.emit("#")
    QtWidgets.QApplication.clipboard().clear()
    page.copy_link.linkActivated.emit("#")
    assert QtWidgets.QApplication.clipboard().text() == HASH

    page.show_version(record(media=None, content_hash=None, frame_range=None))
    assert page.text("Resolution") == "unknown" and page.text("Codec") == "unknown"
    assert page.text("Timecode").startswith("none")
    assert not page.copy_link.isVisible()


def test_side_pages_name_the_verdict_and_count_the_notes(qtbot: QtBot) -> None:
    side = ReviewSide()
    qtbot.addWidget(side)
    pages = side.pages
    assert [pages.tabText(index) for index in range(3)] == ["Notes", "QC", "Info"]
    assert pages.currentIndex() == NOTES_PAGE
    side.show_version(record())
    assert pages.tabText(QC_PAGE) == "QC FAIL" and not pages.tabIcon(QC_PAGE).isNull()
    side.show_version(record(qc=None))
    assert pages.tabText(QC_PAGE) == "QC" and pages.tabIcon(QC_PAGE).isNull()
    # The empty notes list gives its place to the sentence saying so.
    assert side.notes.empty.text() == "No version open" and side.notes.view.isHidden()


def test_header_elides_a_long_comment(qtbot: QtBot) -> None:
    header = VersionHeader()
    qtbot.addWidget(header)
    header.resize(560, 60)
    header.show()
    comment = "new background plate from 1011, grain matched to the plate " * 3
    chosen = record(comment=comment + "\nsecond line")
    header.show_selection(
        Selection(record=chosen, compare=None, approved_only=False, notes=(), decision=None)
    )
    label = header.comment
    qtbot.waitUntil(lambda: label.text().endswith("\u2026"))
    assert label.full_text() == f"  \u00b7  \u201c{comment}\u201d"
    assert label.toolTip() == comment + "\nsecond line"
    assert "QC FAIL" in header.subtitle.text()
    assert header.width() == 560


def test_player_settles_on_a_frame_or_a_reason(qtbot: QtBot, tmp_path: Path) -> None:
    player = ReviewPlayer()
    qtbot.addWidget(player)
    assert player.settled  # nothing to load
    player.load(record(proxy=None))
    assert player.settled  # "no review proxy" is all there is to show
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"not a movie")
    with qtbot.waitSignal(player.message, timeout=10_000):
        player.load(record(proxy=broken))
        assert not player.settled  # loading: a snapshot must wait
    assert player.settled and player.canvas.picture() is None


def test_qc_rows_are_as_tall_as_their_wrapped_message(qtbot: QtBot) -> None:
    long = "The colorspace is unknown (neither the host nor the file declares one); " * 3
    report = QCReport(
        (QCCheck("colorspace", QCStatus.WARN, long), QCCheck("fps", QCStatus.PASS, "24 fps"))
    )
    side = ReviewSide()  # the page as the tab has it: behind the Notes page at first
    qtbot.addWidget(side)
    side.resize(360, 600)
    side.show()
    side.show_version(record(qc=report))
    page = side.qc
    assert page.table.isColumnHidden(FRAMES_COLUMN)  # no check names frames here
    side.pages.setCurrentIndex(QC_PAGE)
    table = page.table
    qtbot.waitUntil(lambda: table.rowHeight(0) > 2 * table.rowHeight(1))
    message = table.columnWidth(MESSAGE_COLUMN)
    lines = table.fontMetrics().horizontalAdvance(long) / message
    assert table.rowHeight(0) >= int(lines) * table.fontMetrics().lineSpacing()


def test_empty_states_say_what_goes_there(qtbot: QtBot) -> None:
    panel = QueuePanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.show_page(QueuePage(QueueFilter(), ()))
    assert panel.view.isHidden() and panel.empty.isVisible() and panel.empty.text() == EMPTY
    panel.show_page(QueuePage(QueueFilter(author="kim"), ()))
    assert panel.empty.text() == EMPTY_FILTERED
    panel.show_page(QueuePage(QueueFilter(), (record(),)))
    assert panel.view.isVisible() and panel.empty.isHidden()

    player = ReviewPlayer()  # no version: an empty track, no ruler to scrub
    qtbot.addWidget(player)
    assert not player.timeline.isEnabled()
    player.load(record(proxy=None))
    assert not player.timeline.isEnabled()
