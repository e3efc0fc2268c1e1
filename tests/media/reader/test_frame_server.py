"""FrameServer: the right frames from its decode thread, a byte-bounded cache, errors kept."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np
import pytest

from axiom_publisher.core.errors import DecodeError
from axiom_publisher.media.frame_server import FrameServer
from tests.media.reader.proxies import FPS, FRAMES, HEIGHT, TIMECODE, WIDTH, Decoded

FRAME_BYTES = WIDTH * HEIGHT * 3
WAIT = 10.0  # seconds: generous, the machine is shared (never a timing assertion)


def test_facts_and_frames_on_request(proxy: Path, decoded: Decoded) -> None:
    with FrameServer(proxy) as server:
        assert (server.frame_count, server.width, server.height) == (FRAMES, WIDTH, HEIGHT)
        assert server.fps == pytest.approx(FPS) and server.start_timecode == TIMECODE
        for index in (30, 2, FRAMES - 1, 13, 0):
            server.request(index)
            frame = server.get(index, timeout=WAIT)
            assert frame is not None and np.array_equal(frame, decoded.frames[index])
        server.request(10)
        for index in range(10, 10 + 12):  # the read-ahead brings the next frames
            frame = server.get(index, timeout=WAIT)
            assert frame is not None and np.array_equal(frame, decoded.frames[index])
        with pytest.raises(ValueError, match="read-only"):
            frame[0, 0, 0] = 1  # cached frames are shared: nobody may change them


def test_get_without_timeout_does_not_wait(proxy: Path) -> None:
    with FrameServer(proxy, read_ahead=0) as server:
        assert server.get(FRAMES - 1) is None  # nothing was asked for
        with pytest.raises(IndexError):
            server.get(FRAMES)


def test_backwards_keeps_the_gop_before(proxy: Path, decoded: Decoded) -> None:
    gop = decoded.keyframes[1]
    playhead = 2 * gop + 3
    with FrameServer(proxy, read_ahead=2 * gop) as server:
        server.request(playhead, direction=-1)
        for index in range(playhead, playhead - 2 * gop, -1):
            frame = server.get(index, timeout=WAIT)
            assert frame is not None and np.array_equal(frame, decoded.frames[index]), index
        assert set(range(gop, playhead + 1)) <= set(server.cached_indices())


def test_the_cache_stays_within_its_bytes(proxy: Path, decoded: Decoded) -> None:
    limit = 5 * FRAME_BYTES + FRAME_BYTES // 2
    with FrameServer(proxy, cache_bytes=limit, read_ahead=12) as server:
        for index in list(range(FRAMES)) + list(range(FRAMES - 1, -1, -7)):
            server.request(index, direction=1 if index % 2 else -1)
            frame = server.get(index, timeout=WAIT)
            assert frame is not None and np.array_equal(frame, decoded.frames[index]), index
            assert server.cache_bytes_used <= limit and server.cached() <= 5
        time.sleep(0.1)  # the read-ahead goes on: still within the limit
        assert server.cache_bytes_used == server.cached() * FRAME_BYTES <= limit
    with pytest.raises(ValueError, match="cannot hold one frame"):
        FrameServer(proxy, cache_bytes=FRAME_BYTES - 1)


def test_far_frames_go_first(proxy: Path) -> None:
    with FrameServer(proxy, cache_bytes=8 * FRAME_BYTES, read_ahead=7) as server:
        server.request(0)
        assert server.get(7, timeout=WAIT) is not None
        server.request(20)
        assert server.get(27, timeout=WAIT) is not None
        assert server.cached_indices() == list(range(20, 28))


def test_close_joins_the_thread(proxy: Path) -> None:
    before = {thread.name for thread in threading.enumerate()}
    server = FrameServer(proxy)
    server.request(0)
    assert server.get(0, timeout=WAIT) is not None
    assert any(thread.name.startswith("axiom-frames") for thread in threading.enumerate())
    server.close()
    server.close()  # idempotent
    assert {thread.name for thread in threading.enumerate()} <= before
    assert server.cached() == 0 and server.cache_bytes_used == 0  # the memory is freed
    assert server.get(0, timeout=WAIT) is None  # closed: no waiting for frames that never come


def test_unreadable_file_is_a_clear_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\xff" * 5000)
    with pytest.raises(DecodeError, match="broken.mp4"):
        FrameServer(broken)


def test_errors_of_the_decode_thread_reach_get(proxy: Path) -> None:
    def listener(index: int) -> None:
        raise RuntimeError(f"the display of frame {index} broke")

    server = FrameServer(proxy, listener=listener)
    try:
        server.request(4)
        with pytest.raises(RuntimeError, match="frame 4 broke"):
            server.get(5, timeout=WAIT)
        assert isinstance(server.error, RuntimeError)
    finally:
        server.close()


def test_a_cut_short_proxy_raises_from_get(tmp_path: Path, proxy: Path) -> None:
    cut = tmp_path / "cut.mp4"
    data = proxy.read_bytes()
    cut.write_bytes(data[: len(data) * 6 // 10])  # the index (moov, at the front) is whole
    heard: list[int] = []
    with FrameServer(cut, read_ahead=0, listener=heard.append) as server:
        assert server.frame_count == FRAMES
        server.request(0)
        assert server.get(0, timeout=WAIT) is not None
        server.request(FRAMES - 1)
        with pytest.raises(DecodeError, match="cut.mp4.*cut short"):
            server.get(FRAMES - 1, timeout=WAIT)
        assert isinstance(server.error, DecodeError)
    assert heard == [0, -1]  # the frame, then the error
