"""Timeline: click and drag scrub in shot frames, keys, markers, ticks that never overlap."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot
from qtpy import QtCore

from axiom_publisher.core.qc import QCStatus
from axiom_publisher.ui.review.timeline import MARGIN, Timeline, runs, tick_step
from tests.ui.qtevents import mouse_move
from tests.ui.review.player_fixtures import OFFSCREEN, image_array

pytestmark = OFFSCREEN
LEFT = QtCore.Qt.MouseButton.LeftButton


@pytest.fixture
def timeline(qtbot: QtBot) -> Timeline:
    widget = Timeline()
    qtbot.addWidget(widget)
    widget.resize(2 * MARGIN + 480, 46)  # 48 frames of 10 px each
    widget.set_range(1001, 1048)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_click_and_drag_emit_shot_frames(qtbot: QtBot, timeline: Timeline) -> None:
    requested: list[int] = []
    timeline.frame_requested.connect(requested.append)
    y = 30
    qtbot.mousePress(timeline, QtCore.Qt.MouseButton.LeftButton, pos=QtCore.QPoint(MARGIN + 5, y))
    assert requested == [1001]
    mouse_move(timeline, QtCore.QPoint(MARGIN + 8, y), LEFT)  # same cell: nothing new
    mouse_move(timeline, QtCore.QPoint(MARGIN + 105, y), LEFT)
    mouse_move(timeline, QtCore.QPoint(MARGIN + 479, y), LEFT)
    mouse_move(timeline, QtCore.QPoint(MARGIN + 900, y), LEFT)  # past the end: the last frame
    qtbot.mouseRelease(timeline, QtCore.Qt.MouseButton.LeftButton, pos=QtCore.QPoint(0, y))
    assert requested == [1001, 1011, 1048]
    mouse_move(timeline, QtCore.QPoint(MARGIN + 200, y))  # no button: no scrub
    assert requested == [1001, 1011, 1048]
    qtbot.mouseClick(timeline, QtCore.Qt.MouseButton.LeftButton, pos=QtCore.QPoint(0, y))
    assert requested[-1] == 1001


def test_frame_geometry(timeline: Timeline) -> None:
    assert timeline.frame_x(1001) == pytest.approx(MARGIN + 5)
    assert timeline.frame_x(1048) == pytest.approx(MARGIN + 475)
    assert timeline.frame_at(MARGIN + 9.9) == 1001
    assert timeline.frame_at(MARGIN + 10) == 1002


def test_keys_step_within_the_range(qtbot: QtBot, timeline: Timeline) -> None:
    requested: list[int] = []
    timeline.frame_requested.connect(requested.append)
    timeline.set_frame(1010)
    timeline.setFocus()
    for key in (QtCore.Qt.Key.Key_Right, QtCore.Qt.Key.Key_Left, QtCore.Qt.Key.Key_End):
        qtbot.keyClick(timeline, key)
    qtbot.keyClick(timeline, QtCore.Qt.Key.Key_Home)
    timeline.set_frame(1001)
    qtbot.keyClick(timeline, QtCore.Qt.Key.Key_Left)  # clamped at the first frame
    assert requested == [1011, 1009, 1048, 1001, 1001]


def test_markers_and_notes_are_drawn(timeline: Timeline) -> None:
    plain = image_array(timeline.grab().toImage())
    timeline.set_markers([(1020, QCStatus.WARN), (1020, QCStatus.FAIL), (1030, QCStatus.WARN)])
    assert timeline.markers == ((1020, QCStatus.FAIL), (1030, QCStatus.WARN))
    marked = image_array(timeline.grab().toImage())
    x_fail, x_warn = int(timeline.frame_x(1020)), int(timeline.frame_x(1030))
    bottom = marked.shape[0] - 8  # inside the QC strip at the bottom of the track
    assert tuple(marked[bottom, x_fail]) == (0xD9, 0x44, 0x3C)
    assert tuple(marked[bottom, x_warn]) == (0xE0, 0xA0, 0x20)
    assert (marked[bottom] != plain[bottom]).sum() > 0
    timeline.set_note_frames([1040, 1040, 1005])
    assert timeline.note_frames == (1005, 1040)
    noted = image_array(timeline.grab().toImage())
    assert (noted != marked).any()


def test_playhead_follows_the_frame(timeline: Timeline) -> None:
    timeline.set_frame(1024)
    image = image_array(timeline.grab().toImage())
    x = int(timeline.frame_x(1024))
    assert tuple(image[32, x]) == (0xF0, 0xA0, 0x30)  # the accent playhead line


@pytest.mark.parametrize("width", [120, 300, 800, 2400])
def test_tick_labels_never_crowd(width: int) -> None:
    for count in (1, 24, 240, 5000):
        step = tick_step(count, width, 40)
        assert step * width / count >= 40 or step >= count
        assert str(step)[0] in "125" and set(str(step)[1:]) <= {"0"}


def test_cached_ranges_are_drawn_as_a_strip(timeline: Timeline) -> None:
    assert runs([7, 1, 2, 3, 8, 3]) == [(1, 3), (7, 8)] and runs([]) == []
    before = image_array(timeline.grab().toImage())
    timeline.set_cached_ranges([(1001, 1012)])
    assert timeline.cached_ranges == ((1001, 1012),)
    after = image_array(timeline.grab().toImage())
    changed = (after != before).any(axis=2).nonzero()[1]
    assert changed.min() >= MARGIN and changed.max() <= MARGIN + 120  # 12 frames of 10 px
