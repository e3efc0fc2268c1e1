"""The Review tab's keys and side pages on real publishes (SQLite: the database paths are
tested on both databases elsewhere): decide with Ctrl+Shift+A/C/R (the note typed goes with
it), N for the note, Page Down / Up through the queue, a non-lead told why not; the QC page
shows the open version's checks and moves the player, the Info page opens its folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from qtpy import QtCore

from axiom_publisher.core.review import Decision
from axiom_publisher.publish import review
from axiom_publisher.ui.review import loaders
from axiom_publisher.ui.review.decision import DECISION_KEYS
from axiom_publisher.ui.review.side import QC_PAGE
from axiom_publisher.ui.review.sources import BROWSE
from axiom_publisher.ui.review.tab import LEAD_HINT, ReviewTab
from axiom_publisher.ui.review.writes import NOTE_NEEDED
from tests.ui.review import tab_fixtures
from tests.ui.review.player_fixtures import OFFSCREEN
from tests.ui.review.tab_fixtures import (
    ARTIST,
    FIRST,
    LEAD,
    TIMEOUT,
    MakeTab,
    Published,
    goto,
    open_row,
    publish_all,
    review_settings,
)
from tests.ui.review.test_transport_fit import cut_parts

pytestmark = OFFSCREEN
make_tab = tab_fixtures.make_tab  # fixture
CTRL_SHIFT = QtCore.Qt.KeyboardModifier.ControlModifier | QtCore.Qt.KeyboardModifier.ShiftModifier
KEYS = {
    Decision.APPROVED: QtCore.Qt.Key.Key_A,
    Decision.NEEDS_CHANGES: QtCore.Qt.Key.Key_C,
    Decision.REJECTED: QtCore.Qt.Key.Key_R,
}


@pytest.fixture
def published(
    sqlite_url: str, tmp_path: Path, axiom_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> Published:
    monkeypatch.setenv("AXIOM_USER", LEAD)
    settings = review_settings(sqlite_url, tmp_path / "publish", axiom_env)
    return publish_all(settings, tmp_path / "media")


def frame_text(tab: ReviewTab) -> str:
    return tab.decision.frame_check.text()


def opened_id(tab: ReviewTab) -> int | None:
    return tab.selection.record.id if tab.selection is not None else None


def test_decide_by_key_with_the_note_typed(
    qtbot: QtBot, make_tab: MakeTab, published: Published
) -> None:
    tab = make_tab(published)
    for decision, key in DECISION_KEYS.items():
        assert key in tab.decision.buttons[decision].toolTip()
    open_row(qtbot, tab, published.sh010_v2)
    goto(qtbot, tab, 1010)
    # Needs changes and Reject without a note ask for one (Approve needs none).
    for decision in (Decision.NEEDS_CHANGES, Decision.REJECTED):
        tab.player.canvas.setFocus()
        with (
            qtbot.assertNotEmitted(tab.decided),
            qtbot.waitSignal(tab.message, timeout=TIMEOUT) as said,
        ):
            qtbot.keyClick(tab.player.canvas, KEYS[decision], CTRL_SHIFT)
        assert said.args == [NOTE_NEEDED.format(decision=decision.label)]
        assert tab.decision.text.hasFocus()
        assert tab.decision.text.placeholderText().startswith(decision.label)
    tab.player.canvas.setFocus()
    qtbot.keyClick(tab.player.canvas, QtCore.Qt.Key.Key_N)  # N: the cursor to the note
    qtbot.waitUntil(lambda: tab.decision.text.hasFocus())
    qtbot.keyClicks(tab.decision.text, "needs a cleaner key")  # an "n" typed stays text
    assert tab.decision.text.toPlainText() == "needs a cleaner key"
    with qtbot.waitSignal(tab.decided, timeout=TIMEOUT) as decided:
        qtbot.keyClick(tab.decision.text, KEYS[Decision.NEEDS_CHANGES], CTRL_SHIFT)
    result = decided.args[0]
    assert isinstance(result, loaders.Decided)
    note = result.note
    assert note.decision is Decision.NEEDS_CHANGES and note.text == "needs a cleaner key"
    assert note.frame == 1010 and note.author == LEAD
    stored = review.product_notes(published.settings, published.sh010_v2.id)
    assert [(row.version_id, row.decision, row.text) for row in stored] == [
        (published.sh010_v2.id, Decision.NEEDS_CHANGES, "needs a cleaner key")
    ]


def test_page_down_and_up_walk_the_queue_and_the_browser(
    qtbot: QtBot, make_tab: MakeTab, published: Published
) -> None:
    tab = make_tab(published)
    order = [record.id for record in tab.queue.model.records]
    open_row(qtbot, tab, published.sh020_v1)
    assert opened_id(tab) == order[0]
    view = tab.queue.view
    for expected in (order[1], order[2]):
        with qtbot.waitSignal(tab.version_opened, timeout=TIMEOUT):
            qtbot.keyClick(view, QtCore.Qt.Key.Key_PageDown)
        assert opened_id(tab) == expected
    with qtbot.assertNotEmitted(tab.sources.picked):
        qtbot.keyClick(view, QtCore.Qt.Key.Key_PageDown)  # the last one: nothing further
    with qtbot.waitSignal(tab.version_opened, timeout=TIMEOUT):
        qtbot.keyClick(view, QtCore.Qt.Key.Key_PageUp)
    assert opened_id(tab) == order[1]

    # In Browse mode the keys walk the product's versions (newest first).
    tab.set_mode(BROWSE)
    browser = tab.browser
    qtbot.waitUntil(lambda: browser.products.rowCount() > 0, timeout=TIMEOUT)
    assert browser.select_product(("sh010", "comp", "comp"))
    qtbot.waitUntil(lambda: browser.versions.rowCount() == 2, timeout=TIMEOUT)
    # The narrow column: the QC verdict and the author in view, the status and frames not.
    shown = [
        column
        for column in range(browser.versions.columnCount())
        if not browser.table.isColumnHidden(column)
    ]
    assert [browser.versions.HEADERS[column] for column in shown] == [
        "", "Version", "QC", "Author", "Date", "Comment"
    ]  # fmt: skip
    assert browser.open_button.isHidden()
    qtbot.waitUntil(lambda: opened_id(tab) == published.sh010_v2.id, timeout=TIMEOUT)
    with qtbot.waitSignal(tab.version_opened, timeout=TIMEOUT):
        qtbot.keyClick(browser.table, QtCore.Qt.Key.Key_PageDown)
    assert opened_id(tab) == published.sh010_v1.id


def test_a_non_lead_is_told_why_a_key_does_not_decide(
    qtbot: QtBot, make_tab: MakeTab, published: Published, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AXIOM_USER", ARTIST)
    tab = make_tab(published)
    open_row(qtbot, tab, published.sh010_v2)
    tab.decision.text.setPlainText("I approve myself")
    tab.player.canvas.setFocus()
    with (
        qtbot.assertNotEmitted(tab.decided),
        qtbot.waitSignal(tab.message, timeout=TIMEOUT) as said,
    ):
        qtbot.keyClick(tab.player.canvas, KEYS[Decision.APPROVED], CTRL_SHIFT)
    assert said.args == [LEAD_HINT.format(user=ARTIST)]
    assert review.product_notes(published.settings, published.sh010_v2.id) == []


def test_qc_and_info_pages_follow_the_open_version(
    qtbot: QtBot, make_tab: MakeTab, published: Published
) -> None:
    tab = make_tab(published)
    selection = open_row(qtbot, tab, published.sh010_v2)
    report = selection.record.qc
    assert report is not None
    side = tab.side
    assert side.pages.tabText(QC_PAGE) == f"QC {report.verdict.value.upper()}"
    assert sorted(check.id for check in side.qc.model.checks) == sorted(
        check.id for check in report.checks
    )
    assert side.info.text("Folder") == str(selection.record.path)
    assert side.info.text("Content hash") == selection.record.content_hash

    # The verdict over the player links to the QC page.
    assert side.pages.currentIndex() != QC_PAGE
    assert "href='qc'" in tab.header.subtitle.text()
    tab.header.subtitle.linkActivated.emit("qc")
    assert side.pages.currentIndex() == QC_PAGE
    # A check's frame (what a click on it asks) moves the player.
    with qtbot.waitSignal(
        tab.player.frame_changed, timeout=TIMEOUT, check_params_cb=lambda frame: frame == 1012
    ):
        side.qc.frame_requested.emit(1012)
    opened: list[QtCore.QUrl] = []
    tab.open_url = lambda url: opened.append(url) or True
    side.info.folder_link.linkActivated.emit("#")
    assert [url.toLocalFile() for url in opened] == [str(selection.record.path)]

    # Another version: the pages show its facts; a note is not tied to the last version's
    # frame while the new one loads (the decision bar says so until its first frame shows).
    when_opened: list[str] = []
    tab.version_opened.connect(lambda _selection: when_opened.append(frame_text(tab)))
    open_row(qtbot, tab, published.sh020_v1)
    assert when_opened == ["No frame"]
    assert frame_text(tab).startswith(f"At frame {FIRST}")
    assert side.info.text("Folder") == str(published.sh020_v1.path)
    assert side.pages.currentIndex() == QC_PAGE  # the page chosen stays


def test_the_transport_is_whole_at_the_tabs_widths(
    qtbot: QtBot, make_tab: MakeTab, published: Published
) -> None:
    tab = make_tab(published)
    open_row(qtbot, tab, published.sh010_v2)
    transport = tab.player.transport
    for width in (1400, 1100, 900, 740):  # the main window's default, down to a small one
        tab.resize(width, 800)
        qtbot.waitUntil(lambda width=width: tab.width() == width)
        qtbot.wait(10)  # the splitter and the bar settle
        assert transport.width() >= transport.minimumSizeHint().width(), width
        assert cut_parts(transport) == [], f"tab {width} px: bar {transport.width()} px"
        assert transport.timecode_label.isVisible() and transport.frame_box.isVisible()


def test_decide_and_walk_in_fullscreen(
    qtbot: QtBot, make_tab: MakeTab, published: Published
) -> None:
    tab = make_tab(published)
    open_row(qtbot, tab, published.sh020_v1)
    player = tab.player
    player.canvas.setFocus()
    qtbot.keyClick(player.canvas, QtCore.Qt.Key.Key_F)
    assert player.is_fullscreen
    qtbot.waitUntil(player.stage.isActiveWindow)
    with qtbot.waitSignal(tab.version_opened, timeout=TIMEOUT):  # the stage is its own window
        qtbot.keyClick(player.canvas, QtCore.Qt.Key.Key_PageDown)
    assert opened_id(tab) == published.sh010_v2.id and player.is_fullscreen
    # Needs changes without a note: back in the tab, where the note is asked for.
    with qtbot.assertNotEmitted(tab.decided):
        qtbot.keyClick(player.canvas, KEYS[Decision.NEEDS_CHANGES], CTRL_SHIFT)
    assert not player.is_fullscreen
    qtbot.waitUntil(tab.decision.text.hasFocus)
    tab.decision.text.setPlainText("the key is too hot")
    qtbot.keyClick(player.canvas, QtCore.Qt.Key.Key_F)
    qtbot.waitUntil(player.stage.isActiveWindow)
    with qtbot.waitSignal(tab.decided, timeout=TIMEOUT) as decided:
        qtbot.keyClick(player.canvas, KEYS[Decision.NEEDS_CHANGES], CTRL_SHIFT)
    note = decided.args[0].note
    assert note.decision is Decision.NEEDS_CHANGES and note.text == "the key is too hot"
    player.set_fullscreen(False)
    # Back in the tab each key has one shortcut that fires (the stage's are off again).
    assert all(not shortcut.isEnabled() for keys in tab.shortcuts.values() for shortcut in keys[1:])
