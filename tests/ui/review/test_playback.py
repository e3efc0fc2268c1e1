"""PlaybackController on real proxies: the exact frame after a seek or a step (compared with an
independent PyAV decode), playing to the end and backwards to the start, B aligned with an
offset, J/K/L, and a clear error for a file that is not a movie."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from pytestqt.qtbot import QtBot
from qtpy import QtGui

from axiom_publisher.media.frame_server import FrameServer
from axiom_publisher.ui.review.playback import PlaybackController, to_qimage
from tests.media.reader.proxies import FPS, FRAMES, TIMECODE
from tests.ui.review.playback_fixtures import B_FRAMES, Clips, make_clips, pixels

TIMEOUT = 10_000  # ms: generous, the machine is shared (never a timing assertion)
Shown = tuple[int, QtGui.QImage, "QtGui.QImage | None"]


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> Clips:
    return make_clips(tmp_path_factory.mktemp("playback"))


@pytest.fixture
def controller(qtbot: QtBot) -> Iterator[PlaybackController]:
    player = PlaybackController()
    yield player
    servers = [player.server_a, player.server_b]
    player.close()
    for server in servers:
        if server is not None:
            server.close()  # joins its thread: nothing runs on after the test
    player._pool.wait(5_000)


def show(qtbot: QtBot, controller: PlaybackController, index: int, action: object) -> Shown:
    """Run `action` and return what frame_shown gives for `index`."""
    with qtbot.waitSignal(
        controller.frame_shown, timeout=TIMEOUT, check_params_cb=lambda i, a, b: i == index
    ) as blocker:
        assert callable(action)
        action()
    index_shown, image_a, image_b = blocker.args
    return index_shown, image_a, image_b


def opened(qtbot: QtBot, controller: PlaybackController, clips: Clips) -> Shown:
    return show(qtbot, controller, 0, lambda: controller.open(clips.a))


def test_open_shows_the_first_frame_and_the_facts(
    qtbot: QtBot, controller: PlaybackController, clips: Clips
) -> None:
    index, image_a, image_b = opened(qtbot, controller, clips)
    assert index == 0 and image_b is None
    assert np.array_equal(pixels(image_a), clips.frames_a[0])
    assert controller.frame_count == FRAMES and controller.fps == pytest.approx(FPS)
    assert controller.start_timecode == TIMECODE and not controller.playing


def test_seek_shows_that_exact_frame(
    qtbot: QtBot, controller: PlaybackController, clips: Clips
) -> None:
    opened(qtbot, controller, clips)
    for target in (30, 7, FRAMES - 1, 13, 12, 11):
        _, image_a, _ = show(qtbot, controller, target, lambda t=target: controller.seek(t))
        assert controller.index == target
        assert np.array_equal(pixels(image_a), clips.frames_a[target]), target
    show(qtbot, controller, FRAMES - 1, lambda: controller.seek(FRAMES + 50))  # clamped
    assert controller.index == FRAMES - 1


def test_step_is_frame_accurate_and_pauses(
    qtbot: QtBot, controller: PlaybackController, clips: Clips
) -> None:
    opened(qtbot, controller, clips)
    show(qtbot, controller, 13, lambda: controller.seek(13))
    for delta, target in ((-1, 12), (-1, 11), (-5, 6), (1, 7), (10, 17)):
        _, image_a, _ = show(qtbot, controller, target, lambda d=delta: controller.step(d))
        assert np.array_equal(pixels(image_a), clips.frames_a[target]), target
        assert controller.index == target and not controller.playing


def test_play_to_the_end_in_order_then_stop(
    qtbot: QtBot, controller: PlaybackController, clips: Clips
) -> None:
    opened(qtbot, controller, clips)
    show(qtbot, controller, 30, lambda: controller.seek(30))
    shown: list[int] = []
    controller.frame_shown.connect(lambda index, a, b: shown.append(index))
    states: list[bool] = []
    controller.playing_changed.connect(states.append)
    controller.play(1.0)
    assert controller.playing
    qtbot.waitUntil(lambda: not controller.playing, timeout=TIMEOUT)
    assert states == [True, False]
    assert shown == sorted(set(shown)) and shown[-1] == FRAMES - 1
    assert controller.index == FRAMES - 1
    assert controller.shown == len(shown)
    assert controller.shown + controller.dropped == FRAMES - 1 - 30  # every frame accounted


def test_play_backwards_to_the_start(
    qtbot: QtBot, controller: PlaybackController, clips: Clips
) -> None:
    opened(qtbot, controller, clips)
    show(qtbot, controller, 20, lambda: controller.seek(20))
    shown: list[tuple[int, np.ndarray]] = []
    controller.frame_shown.connect(lambda index, a, b: shown.append((index, pixels(a))))
    controller.play(-1.0)
    qtbot.waitUntil(lambda: not controller.playing, timeout=TIMEOUT)
    indices = [index for index, _ in shown]
    assert indices == sorted(set(indices), reverse=True) and indices[-1] == 0
    for index, picture in shown:
        assert np.array_equal(picture, clips.frames_a[index]), index


def test_b_aligned_by_offset_and_none_out_of_range(
    qtbot: QtBot, controller: PlaybackController, clips: Clips
) -> None:
    offset = 5  # B's frame for A's frame i is i + 5
    _, image_a, image_b = show(
        qtbot, controller, 0, lambda: controller.open(clips.a, clips.b, b_offset=offset)
    )
    assert image_b is not None and np.array_equal(pixels(image_b), clips.frames_b[offset])
    for target in (10, B_FRAMES - offset - 1, 2):
        _, image_a, image_b = show(qtbot, controller, target, lambda t=target: controller.seek(t))
        assert np.array_equal(pixels(image_a), clips.frames_a[target])
        assert image_b is not None
        assert np.array_equal(pixels(image_b), clips.frames_b[target + offset]), target
    _, image_a, image_b = show(
        qtbot, controller, B_FRAMES - offset, lambda: controller.step(B_FRAMES - offset - 2)
    )
    assert image_b is None and np.array_equal(pixels(image_a), clips.frames_a[B_FRAMES - offset])


def test_b_before_its_first_frame_is_none(
    qtbot: QtBot, controller: PlaybackController, clips: Clips
) -> None:
    _, image_a, image_b = show(
        qtbot, controller, 0, lambda: controller.open(clips.a, clips.b, b_offset=-3)
    )
    assert image_b is None and np.array_equal(pixels(image_a), clips.frames_a[0])
    _, _, image_b = show(qtbot, controller, 3, lambda: controller.seek(3))
    assert image_b is not None and np.array_equal(pixels(image_b), clips.frames_b[0])


def test_jkl_shuttle_states(qtbot: QtBot, controller: PlaybackController, clips: Clips) -> None:
    opened(qtbot, controller, clips)
    show(qtbot, controller, 24, lambda: controller.seek(24))
    states = []
    for key in "lllljjkjjjkl":
        controller.jkl(key)
        states.append((key, controller.playing, controller.speed if controller.playing else 0))
    assert states == [
        ("l", True, 1.0),
        ("l", True, 2.0),
        ("l", True, 4.0),
        ("l", True, 4.0),
        ("j", True, -1.0),
        ("j", True, -2.0),
        ("k", False, 0),
        ("j", True, -1.0),
        ("j", True, -2.0),
        ("j", True, -4.0),
        ("k", False, 0),
        ("l", True, 1.0),
    ]
    controller.toggle()
    assert not controller.playing
    controller.toggle()
    assert controller.playing and controller.speed == 1.0
    with pytest.raises(ValueError, match="'x'"):
        controller.jkl("x")


def test_play_at_the_end_starts_again_from_the_first_frame(
    qtbot: QtBot, controller: PlaybackController, clips: Clips
) -> None:
    opened(qtbot, controller, clips)
    show(qtbot, controller, FRAMES - 1, lambda: controller.seek(FRAMES - 1))
    show(qtbot, controller, 0, lambda: controller.play(1.0))
    assert controller.playing


def test_a_file_that_is_not_a_movie_is_an_error_naming_it(
    qtbot: QtBot, controller: PlaybackController, tmp_path: Path
) -> None:
    broken = tmp_path / "not_a_proxy.mp4"
    broken.write_bytes(b"nothing to see" * 50)
    with qtbot.waitSignal(controller.error, timeout=TIMEOUT) as blocker:
        controller.open(broken)
    assert "not_a_proxy.mp4" in blocker.args[0]
    assert controller.frame_count == 0 and controller.server_a is None


def test_to_qimage_copies_the_pixels(clips: Clips) -> None:
    frame = clips.frames_a[5]
    image = to_qimage(frame)
    assert (image.width(), image.height()) == (frame.shape[1], frame.shape[0])
    assert np.array_equal(pixels(image), frame)
    cropped = frame[10:50, 7:101]  # a view with longer rows than its width
    assert np.array_equal(pixels(to_qimage(cropped)), cropped)


def test_play_asked_before_the_proxy_is_open_plays_it_all(
    qtbot: QtBot, controller: PlaybackController, clips: Clips
) -> None:
    shown: list[int] = []
    controller.frame_shown.connect(lambda index, a, b: shown.append(index))
    rates: list[float] = []
    controller.fps_measured.connect(rates.append)
    controller.open(clips.a)
    controller.play(1.0)  # before the worker opened it: starts when the first frame is there
    qtbot.waitUntil(lambda: bool(shown) and not controller.playing, timeout=TIMEOUT)
    assert shown[0] == 0 and shown[-1] == FRAMES - 1 and shown == sorted(set(shown))
    assert controller.shown + controller.dropped == FRAMES
    assert rates and all(rate > 0 for rate in rates)  # about once a second while playing


def test_a_controller_dropped_without_close_stops_its_threads(qtbot: QtBot, clips: Clips) -> None:
    def open_and_drop() -> FrameServer:
        player = PlaybackController()
        with qtbot.waitSignal(player.frame_shown, timeout=TIMEOUT):
            player.open(clips.a)
        player._pool.wait(5_000)
        qtbot.waitUntil(lambda: not player._pool.running, timeout=TIMEOUT)
        server = player.server_a
        assert server is not None and server.cached() > 0
        return server  # the controller goes with this frame, never closed

    server = open_and_drop()
    gc.collect()
    server._thread.join(timeout=TIMEOUT / 1000)
    assert not server._thread.is_alive() and server.cached() == 0


def test_a_decode_error_reaches_the_error_signal_and_pauses(
    qtbot: QtBot, controller: PlaybackController, clips: Clips, tmp_path: Path
) -> None:
    cut = tmp_path / "cut_short.mp4"
    data = clips.a.read_bytes()
    cut.write_bytes(data[: len(data) * 6 // 10])
    show(qtbot, controller, 0, lambda: controller.open(cut))
    with qtbot.waitSignal(controller.error, timeout=TIMEOUT) as blocker:
        controller.seek(FRAMES - 1)  # paused: the decode thread's error alone is reported
    assert "cut_short.mp4" in blocker.args[0] and not controller.playing
    assert controller.server_a is not None and controller.server_a.error is not None
