"""The player's keys wherever the focus is in the Review tab (a text field still types), and
the one rule for a decision's note (publish.review.note_problem) in the tab."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from qtpy import QtCore

from axiom_publisher.core.review import Decision
from axiom_publisher.publish import review
from axiom_publisher.ui.review.sources import BROWSE
from axiom_publisher.ui.review.writes import NOTE_NEEDED
from tests.ui.review import tab_fixtures
from tests.ui.review.player_fixtures import OFFSCREEN
from tests.ui.review.tab_fixtures import (
    LEAD,
    TIMEOUT,
    MakeTab,
    Published,
    open_row,
    publish_all,
    review_settings,
)

pytestmark = OFFSCREEN
make_tab = tab_fixtures.make_tab  # fixture
Key = QtCore.Qt.Key


@pytest.fixture
def published(
    sqlite_url: str, tmp_path: Path, axiom_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> Published:
    monkeypatch.setenv("AXIOM_USER", LEAD)
    settings = review_settings(sqlite_url, tmp_path / "publish", axiom_env)
    return publish_all(settings, tmp_path / "media")


def test_space_plays_after_a_click_in_the_queue(
    qtbot: QtBot, make_tab: MakeTab, published: Published
) -> None:
    tab = make_tab(published)
    tab.activateWindow()
    open_row(qtbot, tab, published.sh010_v2)
    view = tab.queue.view
    assert view.hasFocus(), "the click left the focus in the queue"
    controller = tab.player.controller
    with qtbot.waitSignal(controller.playing_changed, timeout=TIMEOUT) as started:
        qtbot.keyClick(view, Key.Key_Space)
    assert started.args == [True] and controller.playing
    with qtbot.waitSignal(controller.playing_changed, timeout=TIMEOUT) as stopped:
        qtbot.keyClick(view, Key.Key_Space)
    assert stopped.args == [False]
    # The other keys too, from the queue: End and Home jump, Right steps.
    last = tab.player.timeline.last
    with qtbot.waitSignal(tab.player.frame_changed, timeout=TIMEOUT) as shown:
        qtbot.keyClick(view, Key.Key_End)
    assert shown.args == [last]
    with qtbot.waitSignal(tab.player.frame_changed, timeout=TIMEOUT) as shown:
        qtbot.keyClick(view, Key.Key_Home)
    first = tab.player.timeline.first
    assert shown.args == [first]
    with qtbot.waitSignal(tab.player.frame_changed, timeout=TIMEOUT) as shown:
        qtbot.keyClick(view, Key.Key_Right)
    assert shown.args == [first + 1]
    assert view.hasFocus() and tab.selection is not None
    assert tab.selection.record.id == published.sh010_v2.id, "the keys did not move the queue"

    # On the picture the keys work as before (one shortcut a key: none is ambiguous).
    tab.player.canvas.setFocus()
    with qtbot.waitSignal(controller.playing_changed, timeout=TIMEOUT) as started:
        qtbot.keyClick(tab.player.canvas, Key.Key_Space)
    assert started.args == [True]
    with qtbot.waitSignal(controller.playing_changed, timeout=TIMEOUT):
        qtbot.keyClick(tab.player.canvas, Key.Key_Space)
    assert not controller.playing


def test_a_space_in_the_note_is_a_space(
    qtbot: QtBot, make_tab: MakeTab, published: Published
) -> None:
    tab = make_tab(published)
    tab.activateWindow()
    open_row(qtbot, tab, published.sh010_v2)
    text = tab.decision.text
    text.setFocus()
    qtbot.waitUntil(text.hasFocus)
    with qtbot.assertNotEmitted(tab.player.controller.playing_changed, wait=200):
        qtbot.keyClicks(text, "fix the key light")
        qtbot.keyClick(text, Key.Key_Space)
        qtbot.keyClick(text, Key.Key_L)  # L: no fast-forward while typing either
    assert text.toPlainText() == "fix the key light l"
    assert not tab.player.controller.playing


def test_every_decision_needs_a_note_in_the_tab_too(
    qtbot: QtBot, make_tab: MakeTab, published: Published
) -> None:
    tab = make_tab(published)
    open_row(qtbot, tab, published.sh010_v2)
    for decision in Decision:
        button = tab.decision.buttons[decision]
        assert button.isEnabled()
        assert "note" in button.toolTip()
        with (
            qtbot.assertNotEmitted(tab.decided, wait=200),
            qtbot.waitSignal(tab.message, timeout=TIMEOUT) as said,
        ):
            qtbot.mouseClick(button, QtCore.Qt.MouseButton.LeftButton)
        assert said.args == [NOTE_NEEDED.format(decision=decision.label)]
        assert tab.decision.text.placeholderText().startswith(decision.label)
    assert review.product_notes(published.settings, published.sh010_v2.id) == []
    qtbot.keyClicks(tab.decision.text, "clean, approved")
    with qtbot.waitSignal(tab.decided, timeout=TIMEOUT) as decided:
        qtbot.mouseClick(tab.decision.buttons[Decision.APPROVED], QtCore.Qt.MouseButton.LeftButton)
    note = decided.args[0].note
    assert (note.decision, note.text) == (Decision.APPROVED, "clean, approved")


def test_the_browser_tree_keeps_its_arrows(
    qtbot: QtBot, make_tab: MakeTab, published: Published
) -> None:
    tab = make_tab(published)
    tab.activateWindow()
    open_row(qtbot, tab, published.sh010_v2)
    tab.set_mode(BROWSE)
    browser = tab.browser
    qtbot.waitUntil(lambda: browser.products.rowCount() > 0, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: tab.player.settled, timeout=TIMEOUT)
    tree = browser.tree
    entity = browser.products.index(0, 0)
    tree.expand(entity)
    tree.setCurrentIndex(entity)
    tree.setFocus()
    qtbot.waitUntil(tree.hasFocus)
    with qtbot.assertNotEmitted(tab.player.frame_changed, wait=200):
        qtbot.keyClick(tree, Key.Key_Left)  # collapses, does not step back a frame
        assert not tree.isExpanded(entity)
        qtbot.keyClick(tree, Key.Key_Right)
        assert tree.isExpanded(entity)
    # Space is no tree key: it plays from there too.
    with qtbot.waitSignal(tab.player.controller.playing_changed, timeout=TIMEOUT) as started:
        qtbot.keyClick(tree, Key.Key_Space)
    assert started.args == [True]
    with qtbot.waitSignal(tab.player.controller.playing_changed, timeout=TIMEOUT):
        qtbot.keyClick(tree, Key.Key_Space)
