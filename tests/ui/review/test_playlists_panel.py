"""The Review tab's Playlists panel and playing a playlist through, on real publishes (their
proxies made by the real service with PyAV), real widgets and the real database (SQLite and
PostgreSQL): made from the queue's selection, versions dropped in, reordered, removed,
renamed; an artist who does not own it is refused, in red, and nothing changes; played
through three versions to the end without stopping, each version's own frames shown in
order, the decision bar, notes and annotations following the version on screen, a decision
written as it plays landing on that version."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from qtpy import QtCore, QtGui, QtWidgets

from axiom_publisher.core.review import Decision
from axiom_publisher.publish import review
from axiom_publisher.publish.review import playlists
from axiom_publisher.ui.review import loaders
from axiom_publisher.ui.review.playlists_panel import PlaylistsPanel
from axiom_publisher.ui.review.tab import ReviewTab
from tests.ui.review import tab_fixtures
from tests.ui.review.player_fixtures import OFFSCREEN
from tests.ui.review.tab_fixtures import ARTIST, FIRST, FRAMES, LEAD, TIMEOUT, MakeTab, Published

pytestmark = OFFSCREEN
published, make_tab = tab_fixtures.published, tab_fixtures.make_tab  # fixtures
LAST = FIRST + FRAMES - 1
SCREENSHOT = Path("/tmp/axiom/review_playlist.png")


def select_queue_rows(tab: ReviewTab, version_ids: list[int]) -> None:
    view, model = tab.queue.view, tab.queue.model
    chosen = QtCore.QItemSelection()
    for version_id in version_ids:
        index = model.index(model.row_of(version_id), 1)
        chosen.select(index, index)
    flags = QtCore.QItemSelectionModel.SelectionFlag
    view.selectionModel().select(chosen, flags.ClearAndSelect | flags.Rows)


def first_row(panel: PlaylistsPanel) -> QtWidgets.QTreeWidgetItem:
    item = panel.lists.topLevelItem(0)
    assert item is not None
    return item


def wait_written(qtbot: QtBot, panel: PlaylistsPanel, action: object) -> None:
    assert callable(action)
    with qtbot.waitSignal(panel.changed, timeout=TIMEOUT):
        action()
    qtbot.waitUntil(lambda: not panel.pool.running, timeout=TIMEOUT)


def drop_on(qtbot: QtBot, tab: ReviewTab, version_ids: list[int], row: int) -> None:
    """Drop the queue's own drag data for these versions on the panel's row `row`."""
    model = tab.queue.model
    data = model.mimeData([model.index(model.row_of(vid), 1) for vid in version_ids])
    items = tab.playlists.items
    point = items.visualItemRect(items.item(row)).center()
    action = QtCore.Qt.DropAction.CopyAction
    buttons, mods = QtCore.Qt.MouseButton.LeftButton, QtCore.Qt.KeyboardModifier.NoModifier
    enter = QtGui.QDragEnterEvent(point, action, data, buttons, mods)
    QtWidgets.QApplication.sendEvent(items.viewport(), enter)
    assert enter.isAccepted()
    drop = QtGui.QDropEvent(QtCore.QPointF(point), action, data, buttons, mods)
    with qtbot.waitSignal(tab.playlists.changed, timeout=TIMEOUT):
        QtWidgets.QApplication.sendEvent(items.viewport(), drop)


def test_create_add_reorder_remove_rename(
    qtbot: QtBot, make_tab: MakeTab, published: Published
) -> None:
    tab = make_tab(published)
    panel, settings = tab.playlists, published.settings
    v1, v2, other = published.sh010_v1.id, published.sh010_v2.id, published.sh020_v1.id
    select_queue_rows(tab, [v2, v1])
    panel.name.setText("Dailies Tuesday")
    wait_written(qtbot, panel, panel.create_button.click)
    stored = playlists.find(settings, "Dailies Tuesday")
    assert stored.version_ids == (v2, v1)  # queue order: newest first
    assert stored.owner == LEAD and panel.items.ids() == [v2, v1]
    qtbot.waitUntil(lambda: panel.lists.topLevelItemCount() == 1, timeout=TIMEOUT)
    row = first_row(panel)
    assert [row.text(c) for c in (0, 1, 3)] == ["Dailies Tuesday", LEAD, "2"]
    assert row.text(2)  # the date

    drop_on(qtbot, tab, [other], 1)  # dragged in from the queue, between the two
    assert playlists.get(settings, stored.id).version_ids == (v2, other, v1)

    moved = panel.items.model().moveRow(QtCore.QModelIndex(), 2, QtCore.QModelIndex(), 0)
    assert moved and panel.items.ids() == [v1, v2, other]
    wait_written(qtbot, panel, panel.items.reordered.emit)  # as the list's dropEvent does
    assert playlists.get(settings, stored.id).version_ids == (v1, v2, other)

    panel.items.item(1).setSelected(True)
    wait_written(qtbot, panel, panel.remove_button.click)
    assert playlists.get(settings, stored.id).version_ids == (v1, other)
    assert panel.items.ids() == [v1, other] and panel.refusal.isHidden()

    wait_written(qtbot, panel, lambda: first_row(panel).setText(0, "Dailies Wed"))
    assert playlists.get(settings, stored.id).name == "Dailies Wed"


def test_an_artist_who_does_not_own_it_is_refused(
    qtbot: QtBot,
    make_tab: MakeTab,
    published: Published,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ids = [published.sh010_v1.id, published.sh010_v2.id, published.sh020_v1.id]
    stored = playlists.create(published.settings, "Lead's dailies", ids)
    monkeypatch.setenv("AXIOM_USER", ARTIST)
    tab = make_tab(published)
    panel = tab.playlists
    qtbot.waitUntil(lambda: panel.lists.topLevelItemCount() == 1, timeout=TIMEOUT)
    with qtbot.waitSignal(panel.changed, timeout=TIMEOUT):
        panel.lists.setCurrentItem(first_row(panel))
    assert panel.items.ids() == ids  # everyone sees it
    panel.items.item(0).setSelected(True)
    with qtbot.waitSignal(panel.refused, timeout=TIMEOUT) as refused:
        panel.remove_button.click()
    assert "only its owner or a lead" in refused.args[0]
    assert panel.refusal.isVisible() and "Not changed" in panel.refusal.text()
    qtbot.waitUntil(lambda: not panel.pool.running, timeout=TIMEOUT)
    assert panel.items.ids() == ids  # the stored order is back in the view
    with qtbot.waitSignal(panel.refused, timeout=TIMEOUT):
        first_row(panel).setText(0, "Mine now")
    with qtbot.waitSignal(panel.refused, timeout=TIMEOUT):
        panel.delete_button.click()
    qtbot.waitUntil(lambda: not panel.pool.running, timeout=TIMEOUT)
    after = playlists.get(published.settings, stored.id)
    assert after.version_ids == tuple(ids) and after.name == "Lead's dailies"


def test_play_through_three_versions_the_decision_bar_follows(
    qtbot: QtBot, make_tab: MakeTab, published: Published
) -> None:
    settings = published.settings
    v1, v2, other = published.sh010_v1, published.sh010_v2, published.sh020_v1
    review.decide(settings, other.id, Decision.NEEDS_CHANGES, "edge flickers", 1005)
    stored = playlists.create(settings, "Play", [v1.id, other.id, v2.id])
    tab = make_tab(published)
    tab.resize(1600, 900)
    panel, session, controller = tab.playlists, tab.playlist_session, tab.player.controller
    qtbot.waitUntil(lambda: panel.lists.topLevelItemCount() == 1, timeout=TIMEOUT)
    with qtbot.waitSignal(panel.changed, timeout=TIMEOUT):
        panel.lists.setCurrentItem(first_row(panel))

    seen: list[tuple[int, int]] = []  # (version playing, shot frame shown)
    states: dict[int, str] = {}  # version -> the decision bar's text when it came on
    stops: list[bool] = []
    tab.player.frame_changed.connect(
        lambda frame: seen.append((getattr(session.current(), "id", -1), frame))
    )
    controller.playing_changed.connect(stops.append)

    def on_version(position: int) -> None:  # the tab shows this version now
        assert tab.selection is not None
        assert tab.selection.record.id == session.records[position].id
        states[session.records[position].id] = tab.decision.state_label.text()

    done: set[int] = set()  # frames may be dropped: the first shown from FIRST + 12 on

    def on_frame(frame: int) -> None:
        record = session.current()
        if record is None or frame < FIRST + 12 or record.id in done:
            return
        done.add(record.id)
        if record == other:  # the tab as it plays
            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            assert tab.grab().save(str(SCREENSHOT))
        if record == v2:  # decide as it plays
            tab.decide(Decision.APPROVED, "good to go", None)

    session.version_changed.connect(on_version)
    tab.player.frame_changed.connect(on_frame)
    with qtbot.waitSignal(session.ended, timeout=TIMEOUT * 2):
        panel.play_button.click()
    qtbot.waitUntil(lambda: not tab.pool.running, timeout=TIMEOUT)

    assert stops == [True, False]  # played once, stopped once: at the very end
    assert tab.selection is not None and tab.selection.record.id == v2.id
    assert tab.player.current_frame() == LAST and session.position == 2
    for record in (v1, other, v2):  # each version's own frames, in order, to its last
        frames = [frame for vid, frame in seen if vid == record.id]
        assert frames[-1] == LAST and frames == sorted(frames), (record.label, frames)
    order = [vid for vid, _ in seen]
    assert sorted(set(order), key=order.index) == [v1.id, other.id, v2.id]
    assert "Needs changes" in states[other.id] and "Waiting" in states[v2.id]
    assert review.latest_decisions(settings, [v2.id]) == {v2.id: Decision.APPROVED}
    assert "Approved" in tab.decision.state_label.text()  # it stayed on v2, not the queue's
    assert session.active and stored.id == panel.current.playlist.id  # type: ignore[union-attr]
    assert session.strip.isVisible() and session.strip.position == 2
    assert panel.items.currentRow() == 2  # the version playing is the current row


def test_next_review_state_read_late_the_player_waits_for_it(
    qtbot: QtBot, make_tab: MakeTab, published: Published, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The next version's notes and decision are read after its proxy has opened (a loaded
    machine): the player holds the last frame until they are, so from the next version's
    first frame on the tab shows it, version_changed says so, and a decision lands on it."""
    settings = published.settings
    v1, other = published.sh010_v1, published.sh020_v1
    review.decide(settings, other.id, Decision.NEEDS_CHANGES, "edge flickers", 1005)
    playlists.create(settings, "Late", [v1.id, other.id])
    release = threading.Event()
    real_open_job = loaders.open_job

    def open_job(*args: object, **kwargs: object) -> Callable[..., loaders.Selection]:
        job = real_open_job(*args, **kwargs)  # type: ignore[arg-type]
        if getattr(args[1], "id", None) != other.id:
            return job

        def late(*job_args: object) -> loaders.Selection:
            assert release.wait(TIMEOUT / 1000)
            return job(*job_args)  # type: ignore[arg-type]

        return late

    monkeypatch.setattr(loaders, "open_job", open_job)
    tab = make_tab(published)
    panel, session, controller = tab.playlists, tab.playlist_session, tab.player.controller
    qtbot.waitUntil(lambda: panel.lists.topLevelItemCount() == 1, timeout=TIMEOUT)
    with qtbot.waitSignal(panel.changed, timeout=TIMEOUT):
        panel.lists.setCurrentItem(first_row(panel))

    shown: list[tuple[int, int]] = []  # (version on screen, the tab's version) per frame
    changed: list[tuple[int, int, str]] = []  # version_changed: on screen, the tab's, bar

    decided: list[int] = []

    def on_frame(frame: int) -> None:
        on_screen = getattr(session.current(), "id", -1)
        shown.append((on_screen, getattr(tab.selection, "record", v1).id))
        if on_screen == other.id and not decided:  # on its first frame shown
            decided.append(frame)
            tab.decide(Decision.APPROVED, "good to go", None)

    tab.player.frame_changed.connect(on_frame)
    session.version_changed.connect(
        lambda position: changed.append(
            (
                session.records[position].id,
                getattr(tab.selection, "record", v1).id,
                tab.decision.state_label.text(),
            )
        )
    )
    try:
        panel.play_button.click()
        qtbot.waitUntil(lambda: tab.player.current_frame() == LAST, timeout=TIMEOUT)
        qtbot.wait(600)  # longer than the clip's frame interval many times over
        assert session.position == 0 and controller.playing and controller.next_ready
        assert tab.player.current_frame() == LAST and changed == []
        with qtbot.waitSignal(session.ended, timeout=TIMEOUT):
            release.set()
    finally:
        release.set()
    qtbot.waitUntil(lambda: not tab.pool.running, timeout=TIMEOUT)

    assert [(on_screen, tab_id) for on_screen, tab_id, _ in changed] == [(other.id, other.id)]
    assert "Needs changes" in changed[0][2]
    assert (other.id, other.id) in shown and all(a == b for a, b in shown), shown
    assert review.latest_decisions(settings, [v1.id, other.id]) == {other.id: Decision.APPROVED}


def test_new_from_query_waiting_and_latest(
    qtbot: QtBot, make_tab: MakeTab, published: Published
) -> None:
    tab = make_tab(published)
    panel, settings = tab.playlists, published.settings
    v1, v2, other = published.sh010_v1.id, published.sh010_v2.id, published.sh020_v1.id
    panel.name.setText("Waiting")
    wait_written(qtbot, panel, panel.waiting_action.trigger)
    waiting = playlists.find(settings, "Waiting")
    assert waiting.version_ids == tuple(playlists.waiting_versions(settings))
    assert set(waiting.version_ids) == {v1, v2, other}  # all waiting, oldest first
    assert panel.items.ids() == list(waiting.version_ids)

    panel.scope = lambda: (published.sh010_v1.project, None)
    panel.name.setText("Latest")
    wait_written(qtbot, panel, panel.latest_action.trigger)
    latest = playlists.find(settings, "Latest")
    assert latest.version_ids == (v2, other), "the newest of each shot, in edit order"

    panel.scope = lambda: (None, None)
    panel.latest_action.trigger()  # no project to take the shots of: refused, nothing made
    qtbot.waitUntil(lambda: panel.refusal.isVisible(), timeout=TIMEOUT)
    assert "choose a project" in panel.refusal.text()
    assert len(playlists.list_all(settings)) == 2
    qtbot.waitUntil(lambda: not tab.pool.running, timeout=TIMEOUT)
