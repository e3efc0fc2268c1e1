"""ReviewPlayer on real proxies: shot frames, timecode, the exact pixels of each frame against
an independent PyAV decode, B aligned by shot frame in every compare mode, keys, QC markers,
the empty state and fullscreen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray
from pytestqt.qtbot import QtBot
from qtpy import QtCore

from axiom_publisher.core.qc import QCStatus
from axiom_publisher.core.types import VersionRecord
from axiom_publisher.ui.icons import icon, icon_path
from axiom_publisher.ui.review.compare import CompareMode
from axiom_publisher.ui.review.player import ReviewPlayer
from tests.ui.review.player_fixtures import (
    OFFSCREEN,
    Proxies,
    decode_rgb,
    image_array,
    make_proxies,
    version,
)

pytestmark = OFFSCREEN
TIMEOUT = 10_000
TRANSPORT_ICONS = (
    "play",
    "pause",
    "step-back",
    "step-forward",
    "first",
    "last",
    "fullscreen",
    "zoom-fit",
    "zoom-actual",
)


@pytest.fixture(scope="module")
def proxies(tmp_path_factory: pytest.TempPathFactory) -> Proxies:
    return make_proxies(tmp_path_factory.mktemp("player-proxies"))


@pytest.fixture(scope="module")
def decoded(proxies: Proxies) -> dict[str, list[NDArray[np.uint8]]]:
    """Every frame of both proxies, decoded independently of the player (PyAV, rgb24)."""
    return {"a": decode_rgb(proxies.a), "b": decode_rgb(proxies.b)}


@pytest.fixture
def player(qtbot: QtBot) -> Iterator[ReviewPlayer]:
    widget = ReviewPlayer()
    qtbot.addWidget(widget)
    widget.resize(900, 560)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.clear()
    widget.controller._pool.wait(5_000)


def goto(qtbot: QtBot, player: ReviewPlayer, frame: int, action: object = None) -> None:
    """Run `action` (default: seek_frame(frame)) and wait until `frame` is shown."""
    with qtbot.waitSignal(
        player.frame_changed, timeout=TIMEOUT, check_params_cb=lambda shown: shown == frame
    ):
        if action is None:
            player.seek_frame(frame)
        else:
            assert callable(action)
            action()


def shown(player: ReviewPlayer) -> NDArray[np.uint8]:
    return image_array(player.canvas.render_image(overlay=False))


def load(qtbot: QtBot, player: ReviewPlayer, a: VersionRecord, b: VersionRecord | None) -> None:
    with qtbot.waitSignal(player.frame_changed, timeout=TIMEOUT):
        player.load(a, b)


def test_frames_are_the_proxy_frames(
    qtbot: QtBot, player: ReviewPlayer, proxies: Proxies, decoded: dict[str, list]
) -> None:
    load(qtbot, player, proxies.version_a, None)
    assert player.current_frame() == 1001
    assert (player.timeline.first, player.timeline.last) == (1001, 1048)
    assert player.transport.frame == 1001 and player.transport.timecode == "01:00:00:00"
    assert np.array_equal(shown(player), decoded["a"][0])

    goto(qtbot, player, 1030)
    assert player.transport.frame == 1030 and player.timeline.frame == 1030
    assert player.transport.timecode == "01:00:01:05"
    assert np.array_equal(shown(player), decoded["a"][29])

    player.canvas.setFocus()
    goto(qtbot, player, 1031, lambda: qtbot.keyClick(player.canvas, QtCore.Qt.Key.Key_Right))
    assert player.transport.frame == 1031
    assert np.array_equal(shown(player), decoded["a"][30])
    goto(qtbot, player, 1030, lambda: qtbot.keyClick(player.canvas, QtCore.Qt.Key.Key_Left))
    goto(qtbot, player, 1048, lambda: qtbot.keyClick(player.canvas, QtCore.Qt.Key.Key_End))
    assert np.array_equal(shown(player), decoded["a"][47])
    goto(qtbot, player, 1001, lambda: qtbot.keyClick(player.canvas, QtCore.Qt.Key.Key_Home))

    # At 100% the widget shows the frame's pixels one to one.
    goto(qtbot, player, 1012)
    player.canvas.actual_size()
    rect = player.canvas.image_rect()
    ratio = player.canvas.devicePixelRatioF()
    grabbed = image_array(player.canvas.grab().toImage())
    top, left = round(rect.top() * ratio), round(rect.left() * ratio)
    assert np.array_equal(grabbed[top : top + 180, left : left + 320], decoded["a"][11])


def test_b_is_aligned_by_shot_frame_in_every_mode(
    qtbot: QtBot, player: ReviewPlayer, proxies: Proxies, decoded: dict[str, list]
) -> None:
    load(qtbot, player, proxies.version_a, proxies.version_b)  # B starts at 995
    goto(qtbot, player, 1010)
    a, b = decoded["a"][9], decoded["b"][15]  # shot frame 1010 of each
    assert not np.array_equal(a, b)
    player.set_mode(CompareMode.B)
    assert player.transport.mode is CompareMode.B
    assert np.array_equal(shown(player), b)
    player.set_mode(CompareMode.DIFFERENCE)
    assert np.array_equal(shown(player), np.abs(a.astype(int) - b.astype(int)).astype(np.uint8))
    player.set_mode(CompareMode.WIPE)
    player.canvas.set_wipe(0.5)
    wiped = shown(player)
    assert np.array_equal(wiped[:, :160], a[:, :160]) and np.array_equal(wiped[:, 160:], b[:, 160:])
    player.set_mode(CompareMode.SIDE_BY_SIDE)
    both = shown(player)
    assert np.array_equal(both[:, :320], a) and np.array_equal(both[:, -320:], b)
    for mode in CompareMode:  # every mode draws (Qt warnings fail the test)
        player.set_mode(mode)
        assert not player.canvas.grab().toImage().isNull()
    player.canvas.setFocus()
    for key, mode in (
        (QtCore.Qt.Key.Key_1, CompareMode.A),
        (QtCore.Qt.Key.Key_5, CompareMode.DIFFERENCE),
    ):
        qtbot.keyClick(player.canvas, key)
        assert player.canvas.mode is mode
    qtbot.keyClick(player.canvas, QtCore.Qt.Key.Key_1)
    qtbot.keyClick(player.canvas, QtCore.Qt.Key.Key_T)
    assert player.canvas.mode is CompareMode.B
    assert "B  v001" in player.canvas.overlay_text()


def test_qc_markers_and_note_frames(qtbot: QtBot, player: ReviewPlayer, proxies: Proxies) -> None:
    load(qtbot, player, proxies.version_a, None)
    assert player.timeline.markers == (  # a frame two checks flag shows the worst status
        (1005, QCStatus.FAIL),
        (1006, QCStatus.WARN),
        (1010, QCStatus.FAIL),
    )
    qtbot.waitUntil(lambda: player.timeline.cached_ranges[:1] == ((1001, 1048),), timeout=TIMEOUT)
    player.set_note_frames([1020, 1003])
    assert player.timeline.note_frames == (1003, 1020)
    requested: list[int] = []
    player.timeline.frame_requested.connect(requested.append)
    x = int(player.timeline.frame_x(1024))
    goto(
        qtbot,
        player,
        1024,
        lambda: qtbot.mouseClick(
            player.timeline, QtCore.Qt.MouseButton.LeftButton, pos=QtCore.QPoint(x, 30)
        ),
    )
    assert requested == [1024] and player.transport.frame == 1024


def test_play_pause_and_fullscreen_keys(
    qtbot: QtBot, player: ReviewPlayer, proxies: Proxies
) -> None:
    load(qtbot, player, proxies.version_a, None)
    player.canvas.setFocus()
    with qtbot.waitSignal(player.controller.playing_changed, timeout=TIMEOUT) as started:
        qtbot.keyClick(player.canvas, QtCore.Qt.Key.Key_Space)
    assert started.args == [True] and player.transport.playing
    with qtbot.waitSignal(player.controller.playing_changed, timeout=TIMEOUT) as stopped:
        qtbot.keyClick(player.canvas, QtCore.Qt.Key.Key_K)
    assert stopped.args == [False] and not player.transport.playing

    qtbot.keyClick(player.canvas, QtCore.Qt.Key.Key_F)
    assert player.is_fullscreen and player.stage.isWindow()
    qtbot.waitUntil(player.stage.isActiveWindow)
    assert player.canvas.hasFocus()
    qtbot.keyClick(player.canvas, QtCore.Qt.Key.Key_Escape)
    assert not player.is_fullscreen and player.stage.parent() is player
    assert player.stage.isVisible()
    assert not player.shortcuts["Esc"].isEnabled()  # Esc is only taken in fullscreen


def test_a_version_without_proxy_is_an_empty_state(
    qtbot: QtBot, player: ReviewPlayer, proxies: Proxies, tmp_path: Path
) -> None:
    load(qtbot, player, proxies.version_a, None)
    player.load(version(number=7, proxy=None), None)
    assert player.canvas.picture() is None
    assert player.transport.timecode == "--:--:--:--"
    assert not player.transport.play_button.isEnabled()
    image = image_array(player.canvas.grab().toImage())
    assert (image != image[0, 0]).any()  # the sentence is drawn
    player.seek_frame(1010)  # nothing to seek: no error, nothing shown
    assert player.current_frame() == 1001
    player.clear()
    assert player.canvas.picture() is None and player.timeline.markers == ()


def test_transport_buttons_readouts_and_tooltips(
    qtbot: QtBot, player: ReviewPlayer, proxies: Proxies
) -> None:
    load(qtbot, player, proxies.version_a, None)
    transport = player.transport
    for button, key in (
        (transport.play_button, "Space"),
        (transport.back_button, "Left"),
        (transport.forward_button, "Right"),
        (transport.first_button, "Home"),
        (transport.last_button, "End"),
        (transport.fullscreen_button, "F"),
        (transport.fit_button, "Ctrl+0"),
        (transport.actual_button, "Ctrl+1"),
    ):
        assert key in button.toolTip()
        assert not button.icon().pixmap(QtCore.QSize(18, 18)).isNull()
    for name in TRANSPORT_ICONS:  # packaged and drawable
        assert icon_path(name).is_file() and not icon(name).pixmap(18, 18).isNull()
    goto(qtbot, player, 1002, transport.forward_button.click)
    goto(qtbot, player, 1048, transport.last_button.click)
    goto(qtbot, player, 1047, transport.back_button.click)
    goto(qtbot, player, 1001, transport.first_button.click)
    transport.frame_box.setValue(1020)
    goto(qtbot, player, 1020, transport.frame_box.editingFinished.emit)
    assert player.transport.timecode == "01:00:00:19"

    player.controller.fps_measured.emit(23.96)
    assert transport.stats_label.text() == "24.0 fps  ·  0 dropped"
    transport.actual_button.click()
    assert player.canvas.zoom == 1.0 and transport.zoom_label.text() == "100%"
    transport.fit_button.click()
    assert player.canvas.zoom is None and transport.zoom_label.text() == "Fit"
    transport.mode_box.setCurrentIndex(2)
    transport.mode_box.activated.emit(2)
    assert player.canvas.mode is CompareMode.WIPE
