"""The Review tab end to end on real publishes: open from the queue, step to a frame (its
number and its pixels against an independent PyAV decode of the proxy), compare with the
previous version in every mode, note, export, approve (found in the database), the next
version opens; roles; errors as messages; the main window and `--review`."""

from __future__ import annotations

import csv
import threading
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray
from pytestqt.qtbot import QtBot
from qtpy import QtCore, QtGui, QtWidgets

from axiom_publisher.core.review import Decision
from axiom_publisher.publish import review
from axiom_publisher.ui import app
from axiom_publisher.ui.main_window import MainWindow
from axiom_publisher.ui.review import loaders
from axiom_publisher.ui.review.compare import CompareMode
from axiom_publisher.ui.review.sources import BROWSE, QUEUE
from axiom_publisher.ui.review.tab import ReviewTab
from tests.ui.review import tab_fixtures
from tests.ui.review.player_fixtures import OFFSCREEN, decode_rgb, image_array
from tests.ui.review.tab_fixtures import (
    ARTIST,
    CUT_AT,
    FIRST,
    LEAD,
    TIMEOUT,
    MakeTab,
    Published,
    goto,
    open_row,
)
from tests.ui.spies import thread_spy

pytestmark = OFFSCREEN
published, make_tab = tab_fixtures.published, tab_fixtures.make_tab  # fixtures


def shown(tab: ReviewTab) -> NDArray[np.uint8]:
    return image_array(tab.player.canvas.render_image(overlay=False))


def test_open_from_the_queue_and_step_to_a_frame(
    qtbot: QtBot, make_tab: MakeTab, published: Published
) -> None:
    tab = make_tab(published)
    # Newest first: the database's queue, in the table.
    assert [record.id for record in tab.queue.model.records] == [
        published.sh020_v1.id,
        published.sh010_v2.id,
        published.sh010_v1.id,
    ]
    assert "3 versions waiting" in tab.queue.count.text()
    selection = open_row(qtbot, tab, published.sh010_v2)
    assert selection.compare is not None and selection.compare.id == published.sh010_v1.id
    assert "sh010" in tab.header.title.text() and "v002" in tab.header.title.text()
    assert tab.header.b_label.text().startswith("B: v001")
    assert tab.player.current_frame() == FIRST

    assert selection.record.proxy is not None
    frames = decode_rgb(selection.record.proxy)  # independent of the player's reader
    goto(qtbot, tab, 1011)
    tab.player.canvas.setFocus()
    goto(qtbot, tab, 1012, lambda: qtbot.keyClick(tab.player.canvas, QtCore.Qt.Key.Key_Right))
    assert tab.player.current_frame() == 1012
    assert tab.player.transport.frame == 1012
    assert "At frame 1012" in tab.decision.frame_check.text()
    assert selection.timecode(1012) in tab.decision.frame_check.text()
    assert np.array_equal(shown(tab), frames[1012 - FIRST])
    assert not np.array_equal(shown(tab), frames[1011 - FIRST])


def test_compare_with_the_previous_version_in_each_mode(
    qtbot: QtBot, make_tab: MakeTab, published: Published
) -> None:
    tab = make_tab(published)
    selection = open_row(qtbot, tab, published.sh010_v2)
    assert selection.record.proxy is not None and selection.compare is not None
    assert selection.compare.proxy is not None
    frame = FIRST + CUT_AT + 4  # after v002's cut: A and B show different scenes
    goto(qtbot, tab, frame)
    a = decode_rgb(selection.record.proxy)[frame - FIRST]
    b = decode_rgb(selection.compare.proxy)[frame - FIRST]
    assert not np.array_equal(a, b)
    player = tab.player
    player.set_mode(CompareMode.A)
    assert np.array_equal(shown(tab), a)
    player.set_mode(CompareMode.B)
    assert np.array_equal(shown(tab), b)
    player.set_mode(CompareMode.DIFFERENCE)
    assert np.array_equal(shown(tab), np.abs(a.astype(int) - b.astype(int)).astype(np.uint8))
    player.set_mode(CompareMode.WIPE)
    player.canvas.set_wipe(0.5)
    half = a.shape[1] // 2
    wiped = shown(tab)
    assert np.array_equal(wiped[:, :half], a[:, :half])
    assert np.array_equal(wiped[:, half:], b[:, half:])
    player.set_mode(CompareMode.SIDE_BY_SIDE)
    both = shown(tab)
    assert np.array_equal(both[:, : a.shape[1]], a) and np.array_equal(both[:, -b.shape[1] :], b)

    # "Last approved" as B: none yet, then v001 once a lead approved it.
    with qtbot.waitSignal(tab.version_opened, timeout=TIMEOUT) as opened:
        tab.header.compare_box.setCurrentIndex(1)
    assert opened.args[0].approved_only and opened.args[0].compare is None
    assert "no approved version" in tab.header.b_label.text()
    review.decide(published.settings, published.sh010_v1.id, Decision.APPROVED, "ok", None)
    with qtbot.waitSignal(tab.version_opened, timeout=TIMEOUT) as opened:
        tab.header.compare_box.setCurrentIndex(0)
    with qtbot.waitSignal(tab.version_opened, timeout=TIMEOUT) as opened:
        tab.header.compare_box.setCurrentIndex(1)
    assert opened.args[0].compare.id == published.sh010_v1.id


def test_note_export_approve_then_the_next_version_opens(
    qtbot: QtBot, make_tab: MakeTab, published: Published, tmp_path: Path
) -> None:
    tab = make_tab(published)
    settings = published.settings
    open_row(qtbot, tab, published.sh010_v2)
    goto(qtbot, tab, 1010)

    # A note at the current frame, by the user running the app.
    tab.decision.text.setPlainText("roto edge chatters")
    with qtbot.waitSignal(tab.note_added, timeout=TIMEOUT):
        qtbot.mouseClick(tab.decision.note_button, QtCore.Qt.MouseButton.LeftButton)
    assert [row.note.text for row in tab.notes.model.rows] == ["roto edge chatters"]
    assert tab.notes.model.rows[0].note.frame == 1010
    assert tab.decision.text.toPlainText() == ""

    # Export the version's notes to CSV (the file dialog answers tmp_path) and read it back.
    chosen = tmp_path / "notes.csv"
    asked: list[tuple[str, Path]] = []
    tab.exports.choose_path = lambda parent, caption, suggested, kind: (
        asked.append((caption, suggested)) or chosen
    )
    with qtbot.waitSignal(tab.exported, timeout=TIMEOUT):
        qtbot.mouseClick(tab.notes.csv_button, QtCore.Qt.MouseButton.LeftButton)
    assert asked[0][1].name == "proj_sh010_comp_comp_v002_notes.csv"
    with chosen.open(newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == 1
    assert rows[0]["frame"] == "1010" and rows[0]["text"] == "roto edge chatters"
    assert rows[0]["author"] == LEAD
    assert rows[0]["timecode"] == tab.notes.model.rows[0].timecode

    # Approve with a note at frame 1010: written, shown, gone from the queue, next one opens.
    tab.decision.text.setPlainText("looks great")
    button = tab.decision.buttons[Decision.APPROVED]
    assert button.isEnabled()
    with (
        qtbot.waitSignal(tab.version_opened, timeout=TIMEOUT) as following,
        qtbot.waitSignal(tab.decided, timeout=TIMEOUT) as decided,
    ):
        qtbot.mouseClick(button, QtCore.Qt.MouseButton.LeftButton)
    note = decided.args[0].note
    assert note.decision is Decision.APPROVED and note.frame == 1010
    in_db = review.product_notes(settings, published.sh010_v2.id)
    approved = [n for n in in_db if n.decision is Decision.APPROVED]
    assert len(approved) == 1
    assert (approved[0].author, approved[0].text, approved[0].frame) == (LEAD, "looks great", 1010)
    assert approved[0].version_id == published.sh010_v2.id
    assert review.latest_decisions(settings, [published.sh010_v2.id]) == {
        published.sh010_v2.id: Decision.APPROVED
    }
    assert following.args[0].record.id == published.sh010_v1.id  # the next in the queue
    qtbot.waitUntil(lambda: tab.queue.model.row_of(published.sh010_v2.id) < 0, timeout=TIMEOUT)
    assert tab.queue.model.rowCount() == 2
    assert tab.queue.current_record() == following.args[0].record


def test_the_annotated_frame_is_saved_as_png(
    qtbot: QtBot, make_tab: MakeTab, published: Published, tmp_path: Path
) -> None:
    tab = make_tab(published)
    open_row(qtbot, tab, published.sh010_v2)
    goto(qtbot, tab, 1005)
    tab.decision.text.setPlainText("hold this frame longer")
    picture = tab.player.canvas.render_image()
    target = tmp_path / "frame.png"
    tab.exports.choose_path = lambda parent, caption, suggested, kind: target
    with qtbot.waitSignal(tab.exported, timeout=TIMEOUT):
        qtbot.mouseClick(tab.notes.png_button, QtCore.Qt.MouseButton.LeftButton)
    saved = QtGui.QImage(str(target))
    assert saved.width() >= picture.width() and saved.height() > picture.height() + 20
    left = (saved.width() - picture.width()) // 2  # a small picture is centred over the strip
    top = image_array(saved.copy(left, 0, picture.width(), picture.height()))
    assert np.array_equal(top, image_array(picture))  # the picture itself untouched
    strip = image_array(saved.copy(0, picture.height() + 4, saved.width(), 30))
    assert len(np.unique(strip.reshape(-1, 3), axis=0)) > 8  # the caption's text is drawn

    # A folder that is not there: a message, not a traceback.
    tab.exports.choose_path = lambda parent, caption, suggested, kind: tmp_path / "gone" / "x"
    with qtbot.waitSignal(tab.message, timeout=TIMEOUT) as said:
        qtbot.mouseClick(tab.notes.png_button, QtCore.Qt.MouseButton.LeftButton)
    assert said.args[0].startswith("Could not export: could not write")
    assert str(tmp_path / "gone" / "x.png") in tab.banner.text()


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_non_lead_sees_decisions_but_cannot_decide(
    qtbot: QtBot,
    make_tab: MakeTab,
    published: Published,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    review.decide(published.settings, published.sh010_v1.id, Decision.REJECTED, "no", 1003)
    monkeypatch.setenv("AXIOM_USER", ARTIST)
    tab = make_tab(published)
    assert tab.permission is not None and not tab.permission.may_decide
    tab.set_mode(BROWSE)
    qtbot.waitUntil(lambda: tab.browser.products.rowCount() == 2, timeout=TIMEOUT)
    with qtbot.waitSignal(tab.browser.versions_loaded, timeout=TIMEOUT):
        assert tab.browser.select_product(("sh010", "comp", "comp"))
    with qtbot.waitSignal(tab.version_opened, timeout=TIMEOUT) as opened:
        tab.browser.table.setCurrentIndex(tab.browser.versions.index(1, 1))  # v001
    assert opened.args[0].record.id == published.sh010_v1.id
    for button in tab.decision.buttons.values():
        assert not button.isEnabled()
        assert "Only review leads may decide" in button.toolTip() and ARTIST in button.toolTip()
    assert "Rejected" in tab.decision.state_label.text() and LEAD in tab.decision.state_label.text()
    tab.decision.text.setPlainText("a note from the artist")
    assert tab.decision.note_button.isEnabled()  # anyone may write notes

    # Forced through anyway, the refusal is a message, not a traceback.
    with qtbot.waitSignal(tab.message, timeout=TIMEOUT, check_params_cb=lambda t: "lead" in t):
        tab.decide(Decision.APPROVED, "sneaky", None)
    assert tab.banner.isVisible() and "not a review lead" in tab.banner.text()
    assert review.latest_decisions(published.settings, [published.sh010_v1.id]) == {
        published.sh010_v1.id: Decision.REJECTED
    }


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_review_window_and_the_main_window(
    qtbot: QtBot, published: Published, tmp_path: Path
) -> None:
    assert app.build_parser().parse_args(["--review"]).review
    state = QtCore.QSettings(str(tmp_path / "state.ini"), QtCore.QSettings.Format.IniFormat)
    window = MainWindow(published.settings, state=state, review_only=True)
    qtbot.addWidget(window)
    window.show()
    assert window.windowTitle() == "AXIOM Review" and window.tab_actions == []
    assert window.tabs.count() == 1 and not window.tabs.tabBar().isVisible()
    assert window.browser is window.review.browser
    qtbot.waitUntil(lambda: window.review.queue.model.rowCount() == 3, timeout=TIMEOUT)
    assert not window.open_action.isEnabled()
    opened: list[QtCore.QUrl] = []
    window.review.open_url = lambda url: opened.append(url) or True
    open_row(qtbot, window.review, published.sh010_v1)
    assert window.open_action.isEnabled()
    window.open_action.trigger()
    assert [Path(url.toLocalFile()) for url in opened] == [published.sh010_v1.path]
    window.review.set_mode(BROWSE)
    window.close()
    assert state.value("review/mode") in (BROWSE, str(BROWSE))
    again = MainWindow(published.settings, state=state, review_only=True)
    qtbot.addWidget(again)
    assert again.review.mode() == BROWSE
    again.review.set_mode(QUEUE)
    again.close()
    for each in (window, again):
        assert each.pool.wait(TIMEOUT)
    assert isinstance(window.centralWidget(), QtWidgets.QTabWidget)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_no_database_call_runs_on_the_main_thread(
    qtbot: QtBot, make_tab: MakeTab, published: Published, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[str, threading.Thread]] = []

    for module in (review, loaders):
        monkeypatch.setattr(
            module, "open_catalog_database", thread_spy(calls, "open", module.open_catalog_database)
        )
    tab = make_tab(published)
    open_row(qtbot, tab, published.sh010_v2)
    with qtbot.waitSignal(tab.note_added, timeout=TIMEOUT):
        tab.add_note("a note", 1003)
    with qtbot.waitSignal(tab.version_opened, timeout=TIMEOUT):
        tab.decide(Decision.NEEDS_CHANGES, "again", 1004)
    assert len(calls) >= 8  # queue, choices, permission, compare, notes, note, decision...
    assert [name for name, thread in calls if thread is threading.main_thread()] == []


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_app_review_opens_the_review_window(
    qtbot: QtBot, published: Published, tmp_path: Path
) -> None:
    # The user's remembered state goes to tmp_path, never to the real user's config folder.
    QtCore.QSettings.setPath(
        QtCore.QSettings.Format.IniFormat, QtCore.QSettings.Scope.UserScope, str(tmp_path / "qs")
    )
    opened: list[MainWindow] = []

    def close_when_loaded() -> None:
        windows = [w for w in QtWidgets.QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        if windows and windows[0].review.queue.model.rowCount() == 3:
            opened.append(windows[0])
            windows[0].close()
        else:
            QtCore.QTimer.singleShot(20, close_when_loaded)

    QtCore.QTimer.singleShot(0, close_when_loaded)
    settings = published.settings
    arguments = ["--db", settings.db_url, "--root", str(settings.publish_root), "--review"]
    assert app.main(arguments) == 0
    assert opened and opened[0].review_only and opened[0].windowTitle() == "AXIOM Review"
    assert QtWidgets.QApplication.applicationDisplayName() == "AXIOM Review"
    QtWidgets.QApplication.setApplicationDisplayName("AXIOM Publisher")
    opened[0].deleteLater()
    assert list((tmp_path / "qs").rglob("*.ini"))  # the state was saved there


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_proxy_that_cannot_be_played_is_a_message(
    qtbot: QtBot, make_tab: MakeTab, published: Published
) -> None:
    proxy = published.sh010_v1.proxy
    assert proxy is not None
    proxy.chmod(0o644)  # the publish made it read-only
    proxy.write_bytes(b"not a movie at all")
    tab = make_tab(published)
    row = tab.queue.model.row_of(published.sh010_v1.id)
    with qtbot.waitSignal(tab.message, timeout=TIMEOUT, check_params_cb=lambda t: "play" in t):
        tab.queue.view.setCurrentIndex(tab.queue.model.index(row, 1))
    assert tab.banner.isVisible() and tab.banner.text().startswith("Cannot play: ")
    assert proxy.name in tab.banner.text()
    assert tab.selection is not None and tab.selection.record.id == published.sh010_v1.id
