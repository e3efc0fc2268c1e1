"""GopCache: exact frames after seeks and across GOP boundaries, the GOPs around the playhead
filled after a seek, bytes bounded, least recently used GOPs dropped by a far seek.

A real 96-frame proxy (8 GOPs of 12 frames, written by the project's ProxyEncoder) against a
plain sequential PyAV decode of it, compared by SHA-256 of the rgb24 pixels. No timing
assertion: the waits are generous deadlines on a shared machine.
"""

from __future__ import annotations

import hashlib
import random
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from axiom_publisher.media.frame_cache import GopCache
from tests.media.reader.proxies import HEIGHT, WIDTH, Decoded, decode_independently, write_proxy

FRAMES, GOP = 96, 12
FRAME_BYTES = WIDTH * HEIGHT * 3
WAIT = 20.0


def digest(frame: NDArray[np.uint8]) -> str:
    return hashlib.sha256(np.ascontiguousarray(frame).tobytes()).hexdigest()


@pytest.fixture(scope="module")
def long_proxy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_proxy(tmp_path_factory.mktemp("gops") / "proxy.mp4", frames=FRAMES, seed=9)


@pytest.fixture(scope="module")
def hashes(long_proxy: Path) -> list[str]:
    reference: Decoded = decode_independently(long_proxy)
    assert reference.keyframes == list(range(0, FRAMES, GOP))
    return [digest(frame) for frame in reference.frames]


def settle(done: Callable[[], bool]) -> None:
    deadline = time.monotonic() + WAIT
    while not done():
        assert time.monotonic() < deadline, "the decode thread did not get there"
        time.sleep(0.01)


def idle(cache: GopCache) -> None:
    """Wait until the read-ahead stopped adding frames for a while."""
    seen, quiet = -1, 0
    deadline = time.monotonic() + WAIT
    while quiet < 15:
        assert time.monotonic() < deadline
        now = len(cache.cached_indices())
        quiet = quiet + 1 if now == seen else 0
        seen = now
        time.sleep(0.02)


def test_frames_at_gop_boundaries_and_random_seeks_are_exact(
    long_proxy: Path, hashes: list[str]
) -> None:
    rng = random.Random(4)
    boundaries = [i for key in range(GOP, FRAMES, GOP) for i in (key - 1, key, key + 1)]
    seeks = [0, FRAMES - 1, *boundaries, *(rng.randrange(FRAMES) for _ in range(40))]
    rng.shuffle(seeks)
    with GopCache(long_proxy, around_seconds=1.0) as cache:
        for index in seeks:
            cache.request(index)
            frame = cache.get(index, timeout=WAIT)
            assert frame is not None and digest(frame) == hashes[index], index
            for near in (index - 1, index + 1):  # whatever is in memory around it is exact
                if 0 <= near < FRAMES and (found := cache.get(near)) is not None:
                    assert digest(found) == hashes[near], (index, near)
        idle(cache)
        for index in cache.cached_indices():
            frame = cache.get(index)
            assert frame is not None and digest(frame) == hashes[index], index


def test_a_seek_fills_the_gops_either_side(long_proxy: Path, hashes: list[str]) -> None:
    """A FrameServer reads ahead only: here the frames before the playhead (its own GOP,
    decoded on the way, and the GOPs up to a second back) come into memory too."""
    with GopCache(long_proxy, around_seconds=1.0, read_ahead=12) as cache:
        cache.request(50)
        assert cache.get(50, timeout=WAIT) is not None
        wanted = set(range(24, 84))  # the GOPs holding 50 - 24 .. 50 + 24
        settle(lambda: wanted <= set(cache.cached_indices()))
        for index in (49, 48, 47, 36, 24, 23 + 1, 83):  # steps and jumps back are in memory
            frame = cache.get(index)
            assert frame is not None and digest(frame) == hashes[index], index
        assert cache.gop_of(50) == (48, 60) and cache.gop_of(95) == (84, 96)


def test_playing_on_reads_ahead_only(long_proxy: Path) -> None:
    with GopCache(long_proxy, around_seconds=2.0, read_ahead=6) as cache:
        cache.request(40)
        assert cache.get(40, timeout=WAIT) is not None
        idle(cache)
        before = set(cache.cached_indices())
        assert min(before) < 40  # the seek filled behind the playhead
        for index in range(41, 44):  # playing on, a frame at a time
            cache.request(index)
            assert cache.get(index, timeout=WAIT) is not None
        idle(cache)
        assert set(cache.cached_indices()) - before <= set(range(41, 44 + 6 + 1))


def test_the_cache_stays_within_its_bytes(long_proxy: Path, hashes: list[str]) -> None:
    limit = 30 * FRAME_BYTES + FRAME_BYTES // 2
    rng = random.Random(8)
    with GopCache(long_proxy, cache_bytes=limit, around_seconds=3.0) as cache:
        for _ in range(25):
            index = rng.randrange(FRAMES)
            cache.request(index, direction=rng.choice((1, -1)))
            frame = cache.get(index, timeout=WAIT)
            assert frame is not None and digest(frame) == hashes[index], index
            for _ in range(5):
                assert cache.cache_bytes_used <= limit and cache.cached() <= 30
                time.sleep(0.005)
        idle(cache)
        assert cache.cache_bytes_used == cache.cached() * FRAME_BYTES <= limit


def test_a_far_seek_drops_the_old_gops(long_proxy: Path) -> None:
    with GopCache(long_proxy, cache_bytes=36 * FRAME_BYTES, around_seconds=0.5) as cache:
        cache.request(6)
        assert cache.get(6, timeout=WAIT) is not None
        idle(cache)
        assert 0 in cache.cached_gops()
        cache.request(90)
        assert cache.get(90, timeout=WAIT) is not None
        idle(cache)
        gops = cache.cached_gops()  # 0 .. 30 were in memory, 72 .. 95 needed room
        assert {72, 84} <= set(gops) and not {0, 12} & set(gops), gops
        assert set(range(72, 96)) <= set(cache.cached_indices())
        assert cache.cache_bytes_used <= 36 * FRAME_BYTES


def test_the_least_recently_used_gop_goes_first(long_proxy: Path) -> None:
    with GopCache(
        long_proxy, cache_bytes=4 * GOP * FRAME_BYTES, read_ahead=0, around_seconds=0.0
    ) as cache:
        for index in (6, 18, 30, 42):  # one whole GOP each: the cache is full
            cache.request(index)
            assert cache.get(index, timeout=WAIT) is not None
            idle(cache)
        assert cache.cached_gops() == [0, 12, 24, 36]
        assert cache.get(3) is not None  # shown again: GOP 0 is now the most recently used
        cache.request(54)
        assert cache.get(54, timeout=WAIT) is not None
        idle(cache)
        assert cache.cached_gops() == [24, 36, 0, 48]  # 12 went, then 24 for the rest of 48
        assert cache.cached() == 4 * GOP


def test_playing_on_never_seeks(long_proxy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A request arriving while the read-ahead decodes (here: made by the listener, after
    every frame cached, so always mid-work) keeps the decoder's place: no frame is decoded,
    dropped and fetched again by a seek back to its keyframe."""
    playhead = [24]
    seeks: list[int] = []

    def listener(index: int) -> None:  # on the decode thread: the playhead plays on behind
        if index > playhead[0] + 1 and playhead[0] < FRAMES - 20:
            playhead[0] += 1
            cache.request(playhead[0])

    cache = GopCache(long_proxy, around_seconds=0.0, read_ahead=24, listener=listener)
    with cache:
        real_seek = cache._reader._seek

        def seek(keyframe: int, offset: int | None = None) -> None:
            seeks.append(keyframe)
            real_seek(keyframe, offset)

        monkeypatch.setattr(cache._reader, "_seek", seek)
        cache.request(24)
        settle(lambda: FRAMES - 1 in cache.cached_indices())
        assert playhead[0] == FRAMES - 20
        assert seeks == [24]  # the first, to frame 24's keyframe
