"""ProxyReader: every frame equals an independent decode, whatever order it is read in."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from axiom_publisher.core.errors import DecodeError
from axiom_publisher.media.reader import ProxyReader
from axiom_publisher.media.synth import write_clip
from tests.media.reader.proxies import (
    FPS,
    FRAMES,
    HEIGHT,
    TIMECODE,
    WIDTH,
    Decoded,
    decode_independently,
    write_proxy,
)


def test_facts_of_the_proxy(proxy: Path) -> None:
    with ProxyReader(proxy) as reader:
        assert reader.path == proxy
        assert (reader.frame_count, reader.width, reader.height) == (FRAMES, WIDTH, HEIGHT)
        assert reader.fps == pytest.approx(FPS)
        assert reader.start_timecode == TIMECODE


def test_no_timecode_gives_none(tmp_path: Path) -> None:
    path = write_proxy(tmp_path / "plain.mp4", frames=6, timecode=None)
    with ProxyReader(path) as reader:
        assert reader.start_timecode is None
        assert reader.frame_count == 6


def test_sequential_reads_match_and_never_seek(
    proxy: Path, decoded: Decoded, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ProxyReader(proxy) as reader:
        assert np.array_equal(reader.read(0), decoded.frames[0])  # positions the decoder
        seeks: list[int] = []
        real_seek = reader._seek
        monkeypatch.setattr(reader, "_seek", lambda index: (seeks.append(index), real_seek(index)))
        for index in range(1, FRAMES):
            frame = reader.read(index)
            assert frame.shape == (HEIGHT, WIDTH, 3) and frame.dtype == np.uint8
            assert np.array_equal(frame, decoded.frames[index]), f"frame {index}"
        assert seeks == []
        reader.read(3)  # backwards: the seek is seen
        assert seeks == [0]


def test_first_and_last_frames(proxy: Path, decoded: Decoded) -> None:
    with ProxyReader(proxy) as reader:
        assert np.array_equal(reader.read(FRAMES - 1), decoded.frames[-1])
        assert np.array_equal(reader.read(0), decoded.frames[0])
        assert np.array_equal(reader.read(FRAMES - 1), decoded.frames[-1])


def test_jumps_forward_and_backward_across_gops(proxy: Path, decoded: Decoded) -> None:
    gop = decoded.keyframes[1]
    jumps = [5, 3, gop, gop - 1, 2 * gop + 7, 1, FRAMES - 2, gop + 1, 0, 3 * gop - 1, 3 * gop]
    rng = random.Random(11)
    jumps += [rng.randrange(FRAMES) for _ in range(40)]
    with ProxyReader(proxy) as reader:
        for index in jumps:
            assert np.array_equal(reader.read(index), decoded.frames[index]), f"frame {index}"


def test_frames_run_and_keyframes(proxy: Path, decoded: Decoded) -> None:
    with ProxyReader(proxy) as reader:
        run = list(reader.frames(FRAMES - 20, FRAMES + 5))  # the end is clipped
        assert [index for index, _ in run] == list(range(FRAMES - 20, FRAMES))
        for index, frame in run:
            assert np.array_equal(frame, decoded.frames[index])
        for index in range(FRAMES):
            expected = max(key for key in decoded.keyframes if key <= index)
            assert reader.keyframe_before(index) == expected


def test_out_of_range_is_an_index_error(proxy: Path) -> None:
    with ProxyReader(proxy) as reader:
        for index in (-1, FRAMES):
            with pytest.raises(IndexError, match=str(index)):
                reader.read(index)


def test_closed_reader_refuses(proxy: Path) -> None:
    reader = ProxyReader(proxy)
    reader.close()
    reader.close()
    with pytest.raises(DecodeError, match="closed"):
        reader.read(0)


def test_unreadable_files_name_the_file(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.mp4"
    garbage.write_bytes(b"not a movie at all" * 100)
    with pytest.raises(DecodeError, match="garbage.mp4"):
        ProxyReader(garbage)
    missing = tmp_path / "missing.mp4"
    with pytest.raises(DecodeError, match="missing.mp4.*does not exist"):
        ProxyReader(missing)


def test_the_index_table_equals_a_demux_of_every_packet(proxy: Path) -> None:
    with ProxyReader(proxy) as reader:
        assert reader._indexed_times() is not None  # mp4 from ProxyEncoder: its index is used
        indexed = (reader._pts, reader._keyframes)
        monkeypatch = pytest.MonkeyPatch()
        with monkeypatch.context() as patch:
            patch.setattr(ProxyReader, "_indexed_times", lambda self: None)
            with ProxyReader(proxy) as demuxed:
                assert (demuxed._pts, demuxed._keyframes) == indexed


def test_a_mov_proxy_reads_exactly(tmp_path: Path) -> None:
    path = write_proxy(tmp_path / "proxy.mov", frames=30)
    reference = decode_independently(path)
    with ProxyReader(path) as reader:
        assert reader.frame_count == 30 and reader.start_timecode == TIMECODE
        for index in (29, 3, 17, 16, 0, 12, 11, 28):
            assert np.array_equal(reader.read(index), reference.frames[index]), index


@pytest.mark.parametrize("suffix", [".ts", ".mkv"])
def test_movies_with_b_frames_read_exactly(tmp_path: Path, suffix: str) -> None:
    """Not proxies, but the reader must not be fooled by them: frames reordered (B-frames,
    the packet table sorted by presentation time), a start time that is not 0 (MPEG-TS)."""
    options = {"preset": "veryfast", "crf": "23", "g": "10", "bf": "2"}
    path = write_clip(tmp_path / f"clip{suffix}", frames=30, options=options)
    reference = decode_independently(path)
    assert len(reference.frames) == 30
    with ProxyReader(path) as reader:
        assert reader._stream.codec_context.has_b_frames
        assert reader.frame_count == 30
        for index in (29, 3, 17, 16, 0, 12, 11, 28, 1, 2, 10, 9):
            assert np.array_equal(reader.read(index), reference.frames[index]), index
