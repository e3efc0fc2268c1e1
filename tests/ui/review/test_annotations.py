"""Drawing on the review frame end to end: every tool with real mouse events and the drawing
keys, saved to the database, found again at the same picture positions after reopening the
version at two zoom levels and in fullscreen, and burned into the exported PNG."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from pytestqt.qtbot import QtBot
from qtpy import QtCore, QtGui, QtWidgets
from qtpy.QtTest import QTest

from axiom_publisher.core.annotation import Point, Tool
from axiom_publisher.publish.review import annotation as drawn
from axiom_publisher.ui.review.compare import CompareMode
from axiom_publisher.ui.review.tab import ReviewTab
from tests.ui.review import tab_fixtures
from tests.ui.review.player_fixtures import OFFSCREEN, image_array
from tests.ui.review.tab_fixtures import LEAD, TIMEOUT, MakeTab, Published, goto, open_row

pytestmark = OFFSCREEN
published, make_tab = tab_fixtures.published, tab_fixtures.make_tab  # fixtures

GREEN = (0x30, 0xE0, 0x60)
FRAME = 1005
# tool key, the drag (normalised picture points), a point the drawn mark covers
DRAWINGS: list[tuple[Tool, str, list[Point], Point]] = [
    (Tool.PEN, "P", [(0.1, 0.62), (0.2, 0.7), (0.3, 0.62)], (0.2, 0.7)),
    (Tool.LINE, "U", [(0.1, 0.3), (0.25, 0.3), (0.4, 0.3)], (0.25, 0.3)),
    (Tool.ARROW, "A", [(0.1, 0.5), (0.25, 0.5), (0.4, 0.5)], (0.25, 0.5)),
    (Tool.RECTANGLE, "R", [(0.55, 0.1), (0.7, 0.3), (0.9, 0.4)], (0.725, 0.1)),
    (Tool.ELLIPSE, "O", [(0.55, 0.55), (0.7, 0.7), (0.9, 0.9)], (0.55, 0.725)),
    (Tool.TEXT, "X", [(0.1, 0.9)], (0.1, 0.9)),
]
LEFT = QtCore.Qt.MouseButton.LeftButton


def widget_point(tab: ReviewTab, point: Point) -> QtCore.QPoint:
    canvas = tab.player.canvas
    rect = canvas.a_rect(canvas.image_rect())
    return QtCore.QPoint(
        round(rect.left() + point[0] * rect.width()), round(rect.top() + point[1] * rect.height())
    )


def draw(qtbot: QtBot, tab: ReviewTab, key: str, drag: list[Point]) -> None:
    canvas = tab.player.canvas
    qtbot.keyClick(canvas, key)
    positions = [widget_point(tab, p) for p in drag]
    QTest.mousePress(canvas, LEFT, QtCore.Qt.KeyboardModifier.NoModifier, positions[0])
    for position in positions[1:]:
        QTest.mouseMove(canvas, position)
    QTest.mouseRelease(canvas, LEFT, QtCore.Qt.KeyboardModifier.NoModifier, positions[-1])


def wheel(tab: ReviewTab, steps: int) -> None:
    canvas = tab.player.canvas
    centre = QtCore.QPointF(canvas.width() / 2, canvas.height() / 2)
    event = QtGui.QWheelEvent(
        centre,
        QtCore.QPointF(canvas.mapToGlobal(centre.toPoint())),
        QtCore.QPoint(),
        QtCore.QPoint(0, 120 * steps),
        QtCore.Qt.MouseButton.NoButton,
        QtCore.Qt.KeyboardModifier.NoModifier,
        QtCore.Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QtWidgets.QApplication.sendEvent(canvas, event)


def near_green(pixel: np.ndarray) -> bool:
    return bool(np.abs(pixel.astype(int) - np.array(GREEN)).max() <= 40)


def covered(tab: ReviewTab, point: Point) -> bool:
    """Whether the canvas, as shown on screen, has the green mark at a picture point."""
    canvas = tab.player.canvas
    shown = image_array(canvas.grab().toImage().scaled(canvas.size()))
    where = widget_point(tab, point)
    return near_green(shown[where.y(), where.x()])


def test_draw_every_tool_save_reopen_zoom_fullscreen_and_export(
    qtbot: QtBot, make_tab: MakeTab, published: Published, tmp_path: Path
) -> None:
    tab = make_tab(published)
    link = tab.annotation_link
    with qtbot.waitSignal(link.loaded, timeout=TIMEOUT):
        open_row(qtbot, tab, published.sh010_v2)
    goto(qtbot, tab, FRAME)
    canvas, bar = tab.player.canvas, tab.player.annotation_bar
    canvas.setFocus()
    qtbot.mouseClick(bar.colours["#30e060"], LEFT)
    qtbot.keyClick(canvas, "]")
    qtbot.keyClick(canvas, "]")  # heavy
    bar.text_edit.setText("edge")
    for _tool, key, drag, _mark in DRAWINGS:
        draw(qtbot, tab, key, drag)
    # A tool in hand never takes the player's keys.
    goto(qtbot, tab, FRAME + 1, lambda: qtbot.keyClick(canvas, QtCore.Qt.Key.Key_Right))
    goto(qtbot, tab, FRAME, lambda: qtbot.keyClick(canvas, QtCore.Qt.Key.Key_Left))
    assert tab.player.annotations.tool is Tool.TEXT
    qtbot.keyClick(canvas, "V")  # put the tool down: the player keeps its keys
    assert tab.player.annotations.tool is None
    qtbot.waitUntil(lambda: link.idle, timeout=TIMEOUT)
    assert FRAME in tab.player.timeline.note_frames  # the timeline marks the frame

    stored = drawn.version_annotations(published.settings, published.sh010_v2.id)
    assert [(a.frame, a.author, a.stroke.tool) for a in stored] == [
        (FRAME, LEAD, tool) for tool, *_ in DRAWINGS
    ]
    for annotation, (tool, _key, drag, _mark) in zip(stored, DRAWINGS, strict=True):
        ends = [annotation.stroke.points[0], annotation.stroke.points[-1]]
        assert np.allclose(ends, [drag[0], drag[-1]], atol=0.01), tool
        assert annotation.stroke.colour == "#30e060" and annotation.stroke.width == 0.02
    assert stored[-1].stroke.text == "edge"
    assert len(stored[0].stroke.points) == 3  # the pen keeps every point it went through

    # Undo, redo and erase change the database too.
    qtbot.keyClick(canvas, "Z", QtCore.Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: link.idle, timeout=TIMEOUT)
    assert len(drawn.version_annotations(published.settings, published.sh010_v2.id)) == 5
    redo = QtCore.Qt.KeyboardModifier.ControlModifier | QtCore.Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(canvas, "Z", redo)
    qtbot.waitUntil(lambda: link.idle, timeout=TIMEOUT)
    assert len(drawn.version_annotations(published.settings, published.sh010_v2.id)) == 6

    # The eraser takes the stroke clicked on; undo brings it back.
    qtbot.keyClick(canvas, "E")
    QTest.mouseClick(
        canvas, LEFT, QtCore.Qt.KeyboardModifier.NoModifier, widget_point(tab, (0.725, 0.1))
    )
    assert [s.tool for s in tab.player.annotations.shown()][3:] == [Tool.ELLIPSE, Tool.TEXT]
    qtbot.keyClick(canvas, "Z", QtCore.Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(canvas, "V")
    qtbot.waitUntil(lambda: link.idle, timeout=TIMEOUT)
    assert len(drawn.version_annotations(published.settings, published.sh010_v2.id)) == 6

    # Reopen: another version, then this one again.
    with qtbot.waitSignal(link.loaded, timeout=TIMEOUT):
        open_row(qtbot, tab, published.sh020_v1)
    assert tab.player.annotations.shown() == []
    with qtbot.waitSignal(link.loaded, timeout=TIMEOUT):
        open_row(qtbot, tab, published.sh010_v2)
    goto(qtbot, tab, FRAME)
    assert [s.tool for s in tab.player.annotations.shown()] == [t for t, *_ in DRAWINGS]
    marks = [mark for tool, _key, _drag, mark in DRAWINGS if tool is not Tool.TEXT]
    canvas.fit()
    assert all(covered(tab, mark) for mark in marks)
    canvas.actual_size()
    wheel(tab, steps=5)  # a second zoom level: about 3 device pixels per picture pixel
    assert canvas.zoom is not None and canvas.zoom > 2.5
    assert all(covered(tab, mark) for mark in marks)
    tab.player.set_fullscreen(True)
    qtbot.waitUntil(lambda: tab.player.stage.isFullScreen() or tab.player.is_fullscreen)
    canvas.fit()
    assert all(covered(tab, mark) for mark in marks)
    tab.player.set_fullscreen(False)
    tab.player.set_mode(CompareMode.SIDE_BY_SIDE)  # compare modes show them on the A side
    assert all(covered(tab, mark) for mark in marks)
    tab.player.set_mode(CompareMode.A)
    goto(qtbot, tab, FRAME + 1)  # the strokes belong to their frame only
    assert not any(covered(tab, mark) for mark in marks)
    goto(qtbot, tab, FRAME)

    # A note written at the frame takes the strokes drawn there.
    tab.decision.text.setPlainText("this edge, see the drawing")
    with qtbot.waitSignal(tab.annotation_link.tied, timeout=TIMEOUT):
        qtbot.mouseClick(tab.decision.note_button, LEFT)
    (note,) = [row.note for row in tab.selection.notes] if tab.selection else []
    assert note.frame == FRAME
    tied = drawn.version_annotations(published.settings, published.sh010_v2.id)
    assert {a.note_id for a in tied} == {note.id}

    # The exported PNG holds them, at the same picture positions.
    target = tmp_path / "frame.png"
    tab.exports.choose_path = lambda parent, caption, suggested, kind: target
    with qtbot.waitSignal(tab.exported, timeout=TIMEOUT):
        qtbot.mouseClick(tab.notes.png_button, LEFT)
    saved = image_array(QtGui.QImage(str(target)))
    picture = canvas.picture()
    assert picture is not None
    width, height = picture.width(), picture.height()
    left = (saved.shape[1] - width) // 2
    for mark in marks:
        x, y = min(width - 1, int(mark[0] * width)), min(height - 1, int(mark[1] * height))
        around = saved[max(0, y - 1) : y + 2, left + max(0, x - 1) : left + x + 2]
        assert any(near_green(pixel) for pixel in around.reshape(-1, 3)), mark  # antialiased
