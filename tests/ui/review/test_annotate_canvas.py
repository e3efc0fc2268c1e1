"""Drawing on the viewer canvas alone: a tablet pen's pressure, the middle button still pans,
no tool no drawing, undo / redo / clear frame from the bar, strokes kept per frame."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from qtpy import QtCore, QtGui, QtWidgets
from qtpy.QtTest import QTest

from axiom_publisher.core.annotation import Tool
from axiom_publisher.ui.review.annotate import AnnotationEditor
from axiom_publisher.ui.review.annotate_bar import AnnotationBar
from axiom_publisher.ui.review.canvas import ViewerCanvas
from tests.ui.review.player_fixtures import OFFSCREEN, solid

pytestmark = OFFSCREEN
LEFT = QtCore.Qt.MouseButton.LeftButton
NONE = QtCore.Qt.KeyboardModifier.NoModifier


def make(qtbot: QtBot) -> tuple[ViewerCanvas, AnnotationEditor, AnnotationBar]:
    canvas = ViewerCanvas()
    editor = AnnotationEditor(canvas)
    canvas.annotations = editor
    bar = AnnotationBar(editor)
    qtbot.addWidget(canvas)
    qtbot.addWidget(bar)
    canvas.resize(800, 500)
    canvas.set_frames(solid(200, 100, (40, 40, 40)), None)
    canvas.show()
    bar.show()
    editor.set_frame(1001)
    return canvas, editor, bar


def at(canvas: ViewerCanvas, x: float, y: float) -> QtCore.QPointF:
    rect = canvas.a_rect(canvas.image_rect())
    return QtCore.QPointF(rect.left() + x * rect.width(), rect.top() + y * rect.height())


def tablet(
    canvas: ViewerCanvas, kind: QtCore.QEvent.Type, where: QtCore.QPointF, pressure: float
) -> bool:
    device = QtGui.QPointingDevice(
        "test pen",
        7,
        QtGui.QInputDevice.DeviceType.Stylus,
        QtGui.QPointingDevice.PointerType.Pen,
        QtGui.QInputDevice.Capability.Position | QtGui.QInputDevice.Capability.Pressure,
        1,
        3,
    )
    release = kind == QtCore.QEvent.Type.TabletRelease
    event = QtGui.QTabletEvent(
        kind,
        device,
        where,
        QtCore.QPointF(canvas.mapToGlobal(where.toPoint())),
        pressure,
        0.0,
        0.0,
        0.0,
        0.0,
        0.0,
        NONE,
        LEFT if kind != QtCore.QEvent.Type.TabletMove else QtCore.Qt.MouseButton.NoButton,
        QtCore.Qt.MouseButton.NoButton if release else LEFT,
    )
    QtWidgets.QApplication.sendEvent(canvas, event)
    return event.isAccepted()


def test_a_tablet_pen_draws_with_its_pressure(qtbot: QtBot) -> None:
    canvas, editor, bar = make(qtbot)
    qtbot.mouseClick(bar.tools[Tool.PEN], LEFT)
    assert editor.tool is Tool.PEN
    editor.width = 0.02  # 8 px on this 400 px high picture at full pressure
    kinds = QtCore.QEvent.Type
    assert tablet(canvas, kinds.TabletPress, at(canvas, 0.2, 0.5), 0.1)
    assert tablet(canvas, kinds.TabletMove, at(canvas, 0.5, 0.5), 0.1)
    assert tablet(canvas, kinds.TabletRelease, at(canvas, 0.8, 0.5), 1.0)
    (stroke,) = editor.own[1001]
    assert stroke.pressures == (0.1, 0.1, 1.0)
    assert [round(x, 2) for x, _y in stroke.points] == [0.2, 0.5, 0.8]
    # Drawn: the thin start and the thick end differ on screen.
    shown = canvas.grab().toImage()
    thin, thick = at(canvas, 0.3, 0.5), at(canvas, 0.7, 0.5)
    off = QtCore.QPoint(0, 3)  # inside the 8 px end, outside the 1 px start
    assert shown.pixelColor(thick.toPoint() + off).red() > 200  # within the thick half
    assert shown.pixelColor(thin.toPoint() + off).red() < 100  # outside the thin half


def test_no_tool_no_drawing_and_the_middle_button_pans(qtbot: QtBot) -> None:
    canvas, editor, bar = make(qtbot)
    QTest.mousePress(canvas, LEFT, NONE, at(canvas, 0.2, 0.2).toPoint())
    QTest.mouseMove(canvas, at(canvas, 0.6, 0.6).toPoint())
    QTest.mouseRelease(canvas, LEFT, NONE, at(canvas, 0.6, 0.6).toPoint())
    assert editor.own == {}
    editor.set_tool(Tool.RECTANGLE)
    canvas.actual_size()
    canvas.actual_size()
    for _step in range(3):
        QtWidgets.QApplication.sendEvent(
            canvas,
            QtGui.QWheelEvent(
                QtCore.QPointF(400, 250),
                QtCore.QPointF(canvas.mapToGlobal(QtCore.QPoint(400, 250))),
                QtCore.QPoint(),
                QtCore.QPoint(0, 120),
                QtCore.Qt.MouseButton.NoButton,
                NONE,
                QtCore.Qt.ScrollPhase.NoScrollPhase,
                False,
            ),
        )
    before = canvas.image_rect().topLeft()
    middle = QtCore.Qt.MouseButton.MiddleButton
    QTest.mousePress(canvas, middle, NONE, QtCore.QPoint(400, 250))
    QTest.mouseMove(canvas, QtCore.QPoint(440, 270))
    QTest.mouseRelease(canvas, middle, NONE, QtCore.QPoint(440, 270))
    assert canvas.image_rect().topLeft() == before + QtCore.QPointF(40, 20)
    assert editor.own == {}


def test_undo_redo_clear_per_frame(qtbot: QtBot) -> None:
    canvas, editor, bar = make(qtbot)
    edits: list[tuple[int, int]] = []
    editor.frame_edited.connect(lambda frame, strokes: edits.append((frame, len(strokes))))
    qtbot.keyClicks(bar.text_edit, "")  # the bar works without focus in the text field
    editor.set_tool(Tool.LINE)
    for y in (0.3, 0.6):
        QTest.mousePress(canvas, LEFT, NONE, at(canvas, 0.1, y).toPoint())
        QTest.mouseMove(canvas, at(canvas, 0.9, y).toPoint())
        QTest.mouseRelease(canvas, LEFT, NONE, at(canvas, 0.9, y).toPoint())
    editor.set_frame(1002)
    assert editor.shown() == []  # strokes belong to their frame
    editor.set_frame(1001)
    assert len(editor.shown()) == 2
    qtbot.mouseClick(bar.clear_button, LEFT)
    assert editor.shown() == []
    qtbot.mouseClick(bar.undo_button, LEFT)
    qtbot.mouseClick(bar.undo_button, LEFT)
    assert len(editor.shown()) == 1
    qtbot.mouseClick(bar.redo_button, LEFT)
    assert len(editor.shown()) == 2
    assert edits == [(1001, 1), (1001, 2), (1001, 0), (1001, 2), (1001, 1), (1001, 2)]
    assert editor.frames() == [1001]


def test_ghosting_shows_nearby_frames_faded_on_screen_only(qtbot: QtBot) -> None:
    canvas, editor, bar = make(qtbot)
    editor.width = 0.02
    editor.set_tool(Tool.LINE)
    QTest.mousePress(canvas, LEFT, NONE, at(canvas, 0.1, 0.5).toPoint())
    QTest.mouseRelease(canvas, LEFT, NONE, at(canvas, 0.9, 0.5).toPoint())
    middle = at(canvas, 0.5, 0.5).toPoint()

    def red_on_screen() -> int:
        return canvas.grab().toImage().pixelColor(middle).red()

    def red_in_export() -> int:
        image = canvas.render_image(overlay=False)
        return image.pixelColor(image.width() // 2, image.height() // 2).red()

    assert red_on_screen() > 200 and red_in_export() > 200  # on its own frame
    editor.set_frame(1002)
    assert red_on_screen() == 40  # the solid grey: not shown a frame away
    qtbot.mouseClick(bar.ghost_box, LEFT)
    assert editor.ghost
    assert 60 < red_on_screen() < 200  # faded
    assert red_in_export() == 40  # ghosts never go into an export
    editor.set_frame(1004)
    assert red_on_screen() == 40  # beyond the ghosting reach


def test_strokes_stay_put_on_any_proxy_size(qtbot: QtBot) -> None:
    canvas, editor, bar = make(qtbot)  # drawn on a 200 x 100 picture
    editor.width = 0.02
    editor.set_tool(Tool.RECTANGLE)
    QTest.mousePress(canvas, LEFT, NONE, at(canvas, 0.25, 0.25).toPoint())
    QTest.mouseRelease(canvas, LEFT, NONE, at(canvas, 0.75, 0.75).toPoint())
    for width, height in ((200, 100), (640, 320), (96, 48)):  # other proxy resolutions
        canvas.set_frames(solid(width, height, (40, 40, 40)), None)
        image = canvas.render_image(overlay=False)
        assert (image.width(), image.height()) == (width, height)
        corner = image.pixelColor(round(0.25 * width), round(0.5 * height))  # the left edge
        inside = image.pixelColor(round(0.5 * width), round(0.5 * height))
        assert corner.red() > 100, (width, height)  # antialiased at 1 px on the smallest
        assert inside.red() == 40, (width, height)
