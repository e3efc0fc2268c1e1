"""Approve and "Needs changes" in the Review tab of the app land on the real Kitsu.

A film of 3 sequences / 30 shots / 60 tasks is synced from the test run's zou; two comps are
published from the CLI into their Kitsu tasks. The app's review window is opened as the
lead: its own outbox pump delivers the publishes. In the Review tab the lead opens the first
version from the queue, notes a frame, draws a rectangle on another and approves there with
the Approve button; the next version opens, gets a note and "Needs changes" by its key
(Ctrl+Shift+C). Nobody pushes: the app's pump carries each decision to Kitsu, where the task
has the status [tracker.statuses] maps the decision to (short names here, and not Kitsu's
defaults), the decision's comment names the frame and its timecode as the tab showed them,
the note before it is a comment with its frame and timecode, and the drawn frame is the
decision comment's PNG attachment with the stroke burnt in. Another pump pass sends nothing
again, and the Info page's Tracker box says sent.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import av
import gazu
import numpy as np
import pytest
from pytestqt.qtbot import QtBot
from qtpy import QtCore

from axiom_publisher.config import Settings
from axiom_publisher.core.outbox import EventStatus
from axiom_publisher.core.review import Decision
from axiom_publisher.publish import review
from axiom_publisher.publish.tracker.drain import DrainReport
from axiom_publisher.ui.review.tab import ReviewTab
from tests.tracker.kitsu_data import admin_client
from tests.tracker.outbox_data import LEAD, TaskOnKitsu, on_kitsu, studio
from tests.tracker.review_ui_data import (
    LEFT,
    add_note,
    all_sent,
    at_frame,
    draw_rectangle,
    open_from_queue,
    poll,
    review_window,
    type_note,
)
from tests.tracker.zou_server import ZouServer
from tests.ui.review.player_fixtures import OFFSCREEN
from tests.ui.review.tab_fixtures import TIMEOUT

pytestmark = OFFSCREEN
SHOTS = Path("/tmp/axiom")
# A studio's own mapping, by Kitsu's short names (Kitsu's stock would be Done / Retake).
STATUSES = '[tracker.statuses]\napprove = "done"\nchanges = "wip"\n'
APPROVED, CHANGES = "Done", "Work In Progress"
RED = "#ff3030"
CORNERS = ((0.2, 0.2), (0.8, 0.8))
CTRL_SHIFT = QtCore.Qt.KeyboardModifier.ControlModifier | QtCore.Qt.KeyboardModifier.ShiftModifier
DELIVERY_SECONDS = 90  # a pass already running (a preview upload) finishes first


def _red(image: np.ndarray) -> np.ndarray:
    """Where a picture is the stroke's red (within what PNG / YUV rounding leaves)."""
    pixels = image.astype(int)
    return (pixels[..., 0] > 200) & (pixels[..., 1] < 110) & (pixels[..., 2] < 110)


def _picture(path: Path) -> np.ndarray:
    with av.open(str(path)) as container:
        return next(container.decode(video=0)).to_ndarray(format="rgb24")


def _frames(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        return [frame.to_ndarray(format="rgb24") for frame in container.decode(video=0)]


def _texts(kitsu: TaskOnKitsu) -> list[str]:
    return [str(c["text"] or "") for c in kitsu.comments]


def test_approve_and_needs_changes_in_the_review_tab_land_on_kitsu(
    qtbot: QtBot,
    zou: ZouServer,
    db_url: str,
    tmp_path: Path,
    axiom_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    film = studio(zou, db_url, tmp_path, axiom_env, monkeypatch, extra=STATUSES)
    assert film.settings.tracker.statuses["approve"] == "done"
    first = film.publish(capsys, "s1sh010", "--comment", "comp for dailies")
    second = film.publish(capsys, "s1sh020", "--comment", "comp, first pass")
    task_one, task_two = film.task_of("s1sh010"), film.task_of("s1sh020")
    assert first["tracker_task"]["tracker_id"] == task_one
    assert second["tracker_task"]["tracker_id"] == task_two
    monkeypatch.setenv("AXIOM_USER", LEAD)  # the lead reviews ([review] leads)

    window = review_window(qtbot, film.settings, tmp_path)
    tab, pump = window.review, window.outbox
    reports: list[DrainReport] = []
    pump.drained.connect(reports.append)
    try:
        assert tab.permission is not None and tab.permission.may_decide
        # the app's own pump delivers the two publishes (nobody runs `axiom tracker push`)
        poll(qtbot, all_sent(film.settings, [first["id"], second["id"]]), 180, "the publishes")
        assert [len(on_kitsu(zou, t).comments) for t in (task_one, task_two)] == [1, 1]

        # the first version: a note on frame 1003, a rectangle on 1010, approved at 1010
        open_from_queue(qtbot, tab, first["id"])
        code_1003 = at_frame(qtbot, tab, 1003)
        add_note(qtbot, tab, "edges chatter here")
        code_1010 = at_frame(qtbot, tab, 1010)
        draw_rectangle(qtbot, tab, RED, CORNERS)
        type_note(qtbot, tab, "the matte holds now")
        with qtbot.waitSignal(tab.decided, timeout=TIMEOUT) as decided:
            qtbot.mouseClick(tab.decision.buttons[Decision.APPROVED], LEFT)
        assert decided.args[0].note.frame == 1010

        client = admin_client(zou)  # one login for all the checks

        def has_status(task: str, status: str) -> bool:
            return str(gazu.task.get_task(task, client=client)["task_status"]["name"]) == status

        approve_seconds = poll(
            qtbot, lambda: has_status(task_one, APPROVED), DELIVERY_SECONDS, "the approval"
        )

        # the next version opens by itself; a note on 1005, "Needs changes" by key at 1012
        open_from_queue(qtbot, tab, second["id"])
        code_1005 = at_frame(qtbot, tab, 1005)
        add_note(qtbot, tab, "flicker on the left")
        code_1012 = at_frame(qtbot, tab, 1012)
        type_note(qtbot, tab, "fix the flicker, then the grain")
        with qtbot.waitSignal(tab.decided, timeout=TIMEOUT):
            qtbot.keyClick(tab.decision.text, QtCore.Qt.Key.Key_C, CTRL_SHIFT)
        changes_seconds = poll(
            qtbot, lambda: has_status(task_two, CHANGES), DELIVERY_SECONDS, "the retake"
        )
        print(
            f"\n[review->kitsu] approve on zou {approve_seconds:.1f} s after the click, "
            f"needs changes {changes_seconds:.1f} s after the key"
        )

        # on Kitsu: the publish comment, the decision with its frame, the note before it
        one = on_kitsu(zou, task_one)
        assert one.status == APPROVED
        assert len(one.comments) == 3 and len(one.previews) == 1
        decision_text, note_text = _texts(one)[1:]
        assert "film/s1sh010/Compositing/comp/v001: done (approved)" in decision_text
        assert f"{LEAD} at frame 1010 ({code_1010}): the matte holds now" in decision_text
        assert f"Annotated frames (attached): 1010 ({code_1010})" in decision_text
        assert f"by {LEAD} at frame 1003 ({code_1003}): edges chatter here" in note_text
        _check_still(zou, one.comments[1], film.settings.publish_root / first["proxy"], 1010)

        two = on_kitsu(zou, task_two)
        assert two.status == CHANGES
        assert len(two.comments) == 3
        decision_text, note_text = _texts(two)[1:]
        assert "film/s1sh020/Compositing/comp/v001: wip (needs_changes)" in decision_text
        assert f"{LEAD} at frame 1012 ({code_1012}): fix the flicker, then the grain" in (
            decision_text
        )
        assert "Annotated frames" not in decision_text and two.comments[1]["attachment_files"] == []
        assert f"by {LEAD} at frame 1005 ({code_1005}): flicker on the left" in note_text

        # the open version's Tracker box says sent; another pass sends nothing again
        box = tab.side.info.tracker
        tab.side.pages.setCurrentWidget(tab.side.info)
        poll(qtbot, lambda: box.delivery.text().startswith("sent 20"), 30, "the box saying sent")
        assert box.state is not None and box.state.status is EventStatus.SENT
        passes = len(reports)
        pump.kick()
        poll(qtbot, lambda: len(reports) > passes and not pump.running, 60, "one more pass")
        assert all(not report.deliveries for report in reports[passes:])
        assert [len(on_kitsu(zou, t).comments) for t in (task_one, task_two)] == [3, 3]
        if SHOTS.is_dir():
            window.grab().save(str(SHOTS / "tracker_changes_sent.png"))
            # the approved version again (from the catalogue: it left the queue), its frame
            _reopen(qtbot, tab, film.settings, first["id"])
            at_frame(qtbot, tab, 1010)
            poll(qtbot, lambda: box.delivery.text().startswith("sent 20"), 30, "sent")
            window.grab().save(str(SHOTS / "tracker_decision_sent.png"))
    finally:
        window.close()
        assert window.pool.wait(60_000)
    # the closed window sends nothing more: its timers stop and a kick runs no pass
    assert not pump.timer.isActive() and not window.tracker_label.timer.isActive()
    pump.kick()
    assert not pump.running


def _reopen(qtbot: QtBot, tab: ReviewTab, settings: Settings, version_id: int) -> None:
    record = review.version(settings, version_id)  # as the browser has it
    with qtbot.waitSignal(tab.annotation_link.loaded, timeout=TIMEOUT):
        tab.open_version(record)
    qtbot.waitUntil(lambda: tab.decision.frame_check.isEnabled(), timeout=TIMEOUT)


def _check_still(zou: ZouServer, comment: dict[str, Any], proxy: Path, frame: int) -> None:
    """The comment's one attachment is the frame as a PNG with the red rectangle burnt in:
    against the proxy's frame it shows, what changed is red, along the drawn edges; the
    picture inside the rectangle is the proxy's."""
    (attachment,) = comment["attachment_files"]
    assert attachment["name"].endswith(f"_f{frame}.png")
    path = proxy.parent / attachment["name"]
    gazu.files.download_attachment_file(attachment, str(path), client=admin_client(zou))
    assert path.read_bytes().startswith(b"\x89PNG")
    still = _picture(path).astype(int)
    frames = _frames(proxy)
    shown = min(frames, key=lambda f: float(np.abs(f.astype(int) - still).mean())).astype(int)
    assert still.shape == shown.shape
    changed = np.abs(still - shown).max(axis=2) > 60
    red = _red(still)
    assert changed.sum() >= 20 and (red[changed]).mean() > 0.9
    height, width = red.shape
    top, left = round(CORNERS[0][1] * (height - 1)), round(CORNERS[0][0] * (width - 1))
    edge = red[max(0, top - 2) : top + 3, width // 3 : 2 * width // 3]  # the top edge
    assert edge.any(axis=0).mean() > 0.8, "the rectangle's top edge is not in the still"
    assert red[height // 3 : 2 * height // 3, max(0, left - 2) : left + 3].any(axis=1).all()
    inside = (slice(height * 2 // 5, height * 3 // 5), slice(width * 2 // 5, width * 3 // 5))
    assert not changed[inside].any()  # the picture, not the colour, inside the shape
    path.unlink()
