"""The lead's hands in the Review tab of the real main window, for the tracker tests: open a
version from the queue, go to a frame, write a note there, draw on the frame, decide with a
button or a key; and waiting (with the event loop running) for things on the tracker."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot
from qtpy import QtCore
from qtpy.QtTest import QTest

from axiom_publisher.config import Settings
from axiom_publisher.core.annotation import Point
from axiom_publisher.core.outbox import EventStatus
from axiom_publisher.publish.tracker.outbox import version_states
from axiom_publisher.ui.main_window import MainWindow
from axiom_publisher.ui.review.tab import ReviewTab
from tests.ui.review.tab_fixtures import TIMEOUT, goto

LEFT = QtCore.Qt.MouseButton.LeftButton
NO_KEYS = QtCore.Qt.KeyboardModifier.NoModifier
SHOWN_FRAME = re.compile(r"At frame (\d+)\s+\u00b7\s+(\d\d:\d\d:\d\d[:;]\d\d)")


def review_window(qtbot: QtBot, settings: Settings, folder: Path) -> MainWindow:
    """The app's review window (its outbox pump runs) with the queue and the lead's
    permission loaded."""
    state = QtCore.QSettings(str(folder / "state.ini"), QtCore.QSettings.Format.IniFormat)
    window = MainWindow(settings, state=state, review_only=True)
    qtbot.addWidget(window)
    window.resize(1500, 900)
    window.show()
    tab = window.review
    qtbot.waitUntil(lambda: tab.permission is not None, timeout=TIMEOUT)
    return window


def poll(
    qtbot: QtBot, check: Callable[[], bool], seconds: float, what: str, every_ms: int = 250
) -> float:
    """Wait (the event loop running) until `check()`; the seconds it took. A check that asks
    zou should use one logged-in client: a login is costly there and zou serves one request
    at a time, so a login per check would slow the delivery being waited for."""
    began = time.monotonic()
    while not check():
        if time.monotonic() - began > seconds:
            raise AssertionError(f"{what} did not happen within {seconds:.0f} s")
        qtbot.wait(every_ms)
    return time.monotonic() - began


def all_sent(settings: Settings, version_ids: list[int]) -> Callable[[], bool]:
    def check() -> bool:
        states = version_states(settings, version_ids)
        return len(states) == len(version_ids) and all(
            s.status is EventStatus.SENT for s in states.values()
        )

    return check


def open_from_queue(qtbot: QtBot, tab: ReviewTab, version_id: int) -> None:
    """Click the version's row in the queue (unless it is open already); wait until it is
    open, its first frame shown and its annotations loaded."""
    link = tab.annotation_link

    def ready() -> bool:
        selection = tab.selection
        return (
            selection is not None
            and selection.record.id == version_id
            and tab.decision.frame_check.isEnabled()  # the player shows one of its frames
        )

    if not ready():
        qtbot.waitUntil(lambda: tab.queue.model.row_of(version_id) >= 0, timeout=TIMEOUT)
        view = tab.queue.view
        rect = view.visualRect(tab.queue.model.index(tab.queue.model.row_of(version_id), 1))
        with qtbot.waitSignal(
            link.loaded, timeout=TIMEOUT, check_params_cb=lambda v: v == version_id
        ):
            qtbot.mouseClick(view.viewport(), LEFT, pos=rect.center())
    qtbot.waitUntil(ready, timeout=TIMEOUT)


def at_frame(qtbot: QtBot, tab: ReviewTab, frame: int) -> str:
    """Show `frame`; the timecode the decision bar shows for it."""
    goto(qtbot, tab, frame)
    shown = SHOWN_FRAME.search(tab.decision.frame_check.text())
    assert shown is not None and int(shown[1]) == frame, tab.decision.frame_check.text()
    assert tab.decision.frame() == frame
    return shown[2]


def type_note(qtbot: QtBot, tab: ReviewTab, text: str) -> None:
    field = tab.decision.text
    field.setFocus()
    field.clear()
    qtbot.keyClicks(field, text)
    assert field.toPlainText() == text


def add_note(qtbot: QtBot, tab: ReviewTab, text: str) -> None:
    """Type the note and click Add note; wait until it is written."""
    type_note(qtbot, tab, text)
    with qtbot.waitSignal(tab.note_added, timeout=TIMEOUT):
        qtbot.mouseClick(tab.decision.note_button, LEFT)


def _widget_point(tab: ReviewTab, point: Point) -> QtCore.QPoint:
    canvas = tab.player.canvas
    rect = canvas.a_rect(canvas.image_rect())
    return QtCore.QPoint(
        round(rect.left() + point[0] * rect.width()), round(rect.top() + point[1] * rect.height())
    )


def draw_rectangle(qtbot: QtBot, tab: ReviewTab, colour: str, corners: tuple[Point, Point]) -> None:
    """Pick the colour, the thickest line and the rectangle tool (R), drag it on the canvas,
    put the tool down (V); wait until the strokes are saved."""
    canvas, bar = tab.player.canvas, tab.player.annotation_bar
    qtbot.mouseClick(bar.colours[colour], LEFT)
    canvas.setFocus()
    qtbot.keyClick(canvas, "R")
    for _ in range(4):
        qtbot.keyClick(canvas, "]")  # as thick as it goes
    start, end = (_widget_point(tab, p) for p in corners)
    middle = QtCore.QPoint((start.x() + end.x()) // 2, (start.y() + end.y()) // 2)
    QTest.mousePress(canvas, LEFT, NO_KEYS, start)
    QTest.mouseMove(canvas, middle)
    QTest.mouseMove(canvas, end)
    QTest.mouseRelease(canvas, LEFT, NO_KEYS, end)
    qtbot.keyClick(canvas, "V")
    qtbot.waitUntil(lambda: tab.annotation_link.idle, timeout=TIMEOUT)
