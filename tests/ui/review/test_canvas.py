"""ViewerCanvas: the pixels of every compare mode, toggling, fit and 100% zoom, the wipe drag."""

from __future__ import annotations

import numpy as np
import pytest
from pytestqt.qtbot import QtBot
from qtpy import QtCore, QtGui

from axiom_publisher.ui.review.canvas import ViewerCanvas
from axiom_publisher.ui.review.compare import CompareMode, side_by_side_gap
from tests.ui.qtevents import mouse_move
from tests.ui.review.player_fixtures import OFFSCREEN, image_array, solid

pytestmark = OFFSCREEN

RED = (220, 30, 30)
BLUE = (20, 40, 230)


@pytest.fixture
def canvas(qtbot: QtBot) -> ViewerCanvas:
    widget = ViewerCanvas()
    qtbot.addWidget(widget)
    widget.resize(400, 300)
    widget.set_labels("v003", "v002")
    return widget


def test_a_b_and_toggle(canvas: ViewerCanvas) -> None:
    canvas.set_frames(solid(64, 36, RED), solid(64, 36, BLUE))
    assert canvas.mode is CompareMode.A
    assert (image_array(canvas.render_image(overlay=False)) == RED).all()
    assert canvas.overlay_text() == "A  v003"
    canvas.toggle_ab()
    assert canvas.mode is CompareMode.B
    assert (image_array(canvas.render_image(overlay=False)) == BLUE).all()
    assert canvas.overlay_text() == "B  v002"
    canvas.toggle_ab()
    assert canvas.mode is CompareMode.A
    canvas.set_mode(CompareMode.WIPE)
    canvas.toggle_ab()  # no toggling outside A/B
    assert canvas.mode is CompareMode.WIPE


def test_wipe_splits_a_left_b_right(canvas: ViewerCanvas) -> None:
    canvas.set_frames(solid(64, 36, RED), solid(64, 36, BLUE))
    canvas.set_mode(CompareMode.WIPE)
    pixels = image_array(canvas.render_image(overlay=False))
    assert (pixels[:, :32] == RED).all()
    assert (pixels[:, 32:] == BLUE).all()
    canvas.set_wipe(0.25)
    pixels = image_array(canvas.render_image(overlay=False))
    assert (pixels[:, :16] == RED).all()
    assert (pixels[:, 16:] == BLUE).all()


def test_wipe_follows_the_mouse(qtbot: QtBot, canvas: ViewerCanvas) -> None:
    canvas.set_frames(solid(200, 100, RED), solid(200, 100, BLUE))
    canvas.set_mode(CompareMode.WIPE)
    canvas.show()
    qtbot.waitExposed(canvas)
    rect = canvas.image_rect()  # 400x300 fits 200x100 as 400x200
    assert rect.width() == pytest.approx(400)
    y = int(rect.center().y())
    qtbot.mousePress(canvas, QtCore.Qt.MouseButton.LeftButton, pos=QtCore.QPoint(100, y))
    assert canvas.wipe_position == pytest.approx(0.25)
    mouse_move(canvas, QtCore.QPoint(300, y), QtCore.Qt.MouseButton.LeftButton)
    qtbot.mouseRelease(canvas, QtCore.Qt.MouseButton.LeftButton, pos=QtCore.QPoint(300, y))
    assert canvas.wipe_position == pytest.approx(0.75)
    pixels = image_array(canvas.render_image(overlay=False))
    assert (pixels[:, :150] == RED).all() and (pixels[:, 150:] == BLUE).all()


def test_side_by_side(canvas: ViewerCanvas) -> None:
    canvas.set_frames(solid(64, 36, RED), solid(32, 18, BLUE))  # B at half size: scaled to A
    canvas.set_mode(CompareMode.SIDE_BY_SIDE)
    pixels = image_array(canvas.render_image(overlay=False))
    gap = side_by_side_gap(canvas.picture() or QtGui.QImage())
    assert pixels.shape == (36, 64 + gap + 64, 3)
    assert (pixels[:, :64] == RED).all()
    assert (pixels[:, 64 + gap :] == BLUE).all()
    assert canvas.overlay_text() == "A  v003  |  B  v002"


def test_difference_is_the_absolute_difference(canvas: ViewerCanvas) -> None:
    rng = np.random.default_rng(5)
    first = rng.integers(0, 256, (36, 64, 3), dtype=np.uint8)
    second = rng.integers(0, 256, (36, 64, 3), dtype=np.uint8)
    canvas.set_frames(_image(first), _image(second))
    canvas.set_mode(CompareMode.DIFFERENCE)
    expected = np.abs(first.astype(np.int16) - second.astype(np.int16)).astype(np.uint8)
    assert np.array_equal(image_array(canvas.render_image(overlay=False)), expected)
    canvas.set_frames(_image(first), _image(first))
    assert not image_array(canvas.render_image(overlay=False)).any()


def test_without_b_compare_modes_show_a_and_say_so(canvas: ViewerCanvas) -> None:
    canvas.set_frames(solid(64, 36, RED), None)
    for mode in CompareMode:
        canvas.set_mode(mode)
        assert (image_array(canvas.render_image(overlay=False)) == RED).all()
        if mode is not CompareMode.A:
            assert "no version to compare" in canvas.overlay_text()


def test_fit_and_actual_size(qtbot: QtBot, canvas: ViewerCanvas) -> None:
    rng = np.random.default_rng(7)
    frame = rng.integers(0, 256, (100, 160, 3), dtype=np.uint8)
    canvas.set_frames(_image(frame), None)
    canvas.show()
    qtbot.waitExposed(canvas)
    ratio = canvas.devicePixelRatioF()
    assert canvas.zoom is None
    assert canvas.image_rect().width() == pytest.approx(400)  # 400x300 fits 160x100 at 2.5x
    fitted = image_array(canvas.grab().toImage())
    assert fitted.shape[:2] == (round(300 * ratio), round(400 * ratio))
    canvas.actual_size()
    assert canvas.zoom == 1.0
    rect = canvas.image_rect()
    assert rect.width() * ratio == pytest.approx(160)
    shown = image_array(canvas.grab().toImage())
    top, left = round(rect.top() * ratio), round(rect.left() * ratio)
    assert np.array_equal(shown[top : top + 100, left : left + 160], frame)  # exactly 1:1
    canvas.fit()
    assert canvas.zoom is None and canvas.image_rect().width() == pytest.approx(400)


def test_overlay_is_burned_into_the_export(canvas: ViewerCanvas) -> None:
    canvas.set_frames(solid(320, 180, RED), solid(320, 180, BLUE))
    plain = image_array(canvas.render_image(overlay=False))
    labelled = image_array(canvas.render_image())
    assert (plain == RED).all()
    assert (labelled[:30, :60] != RED).any()  # the label box, top-left
    assert (labelled[100:, 100:] == RED).all()


def test_empty_state_message(qtbot: QtBot, canvas: ViewerCanvas) -> None:
    canvas.set_message("This version has no review proxy")
    canvas.set_frames(None, None)
    assert canvas.render_image().isNull()
    assert canvas.picture() is None
    grabbed = image_array(canvas.grab().toImage())
    assert (grabbed != grabbed[0, 0]).any()  # the message is drawn on the background


def _image(pixels: np.ndarray) -> QtGui.QImage:  # type: ignore[type-arg]
    height, width, _ = pixels.shape
    data = np.ascontiguousarray(pixels)
    return QtGui.QImage(
        data.data, width, height, width * 3, QtGui.QImage.Format.Format_RGB888
    ).copy()


def test_wheel_zoom_and_pan_keep_the_picture_in_view(qtbot: QtBot, canvas: ViewerCanvas) -> None:
    canvas.set_frames(solid(160, 100, RED), None)
    canvas.show()
    qtbot.waitExposed(canvas)
    canvas.actual_size()
    before = canvas.image_rect()
    middle = QtCore.QPoint(200, 150)
    qtbot.mousePress(canvas, QtCore.Qt.MouseButton.MiddleButton, pos=middle)
    mouse_move(canvas, QtCore.QPoint(230, 140), QtCore.Qt.MouseButton.MiddleButton)
    qtbot.mouseRelease(canvas, QtCore.Qt.MouseButton.MiddleButton, pos=QtCore.QPoint(230, 140))
    moved = canvas.image_rect()
    assert (moved.left() - before.left(), moved.top() - before.top()) == (30, -10)
    qtbot.mousePress(canvas, QtCore.Qt.MouseButton.LeftButton, pos=middle)
    mouse_move(canvas, QtCore.QPoint(5000, 5000), QtCore.Qt.MouseButton.LeftButton)  # clamped
    qtbot.mouseRelease(canvas, QtCore.Qt.MouseButton.LeftButton, pos=QtCore.QPoint(5000, 5000))
    assert canvas.rect().intersects(canvas.image_rect().toRect())
    canvas.fit()
    zoomed = canvas.image_rect().width()
    canvas.wheelEvent(_wheel(QtCore.QPointF(200, 150), 120))
    assert canvas.zoom is not None and canvas.image_rect().width() == pytest.approx(zoomed * 1.25)


def _wheel(position: QtCore.QPointF, delta: int) -> QtGui.QWheelEvent:
    return QtGui.QWheelEvent(
        position,
        position,
        QtCore.QPoint(0, 0),
        QtCore.QPoint(0, delta),
        QtCore.Qt.MouseButton.NoButton,
        QtCore.Qt.KeyboardModifier.NoModifier,
        QtCore.Qt.ScrollPhase.NoScrollPhase,
        False,
    )


def test_side_by_side_labels_each_half(canvas: ViewerCanvas) -> None:
    canvas.set_frames(solid(320, 180, RED), solid(320, 180, BLUE))
    canvas.set_mode(CompareMode.SIDE_BY_SIDE)
    labelled = image_array(canvas.render_image())
    b_left = 320 + side_by_side_gap(canvas.picture() or QtGui.QImage())
    assert (labelled[8:24, 8:40] != RED).any(axis=2).any()  # "A  v003" over A
    assert (labelled[8:24, b_left + 8 : b_left + 40] != BLUE).any(axis=2).any()  # "B  v002"
    assert (labelled[100:, 100:300] == RED).all() and (labelled[100:, b_left + 100 :] == BLUE).all()
