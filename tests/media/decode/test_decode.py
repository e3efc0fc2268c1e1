"""FrameSource: what it knows about a source, order, audio, problems, cancel and timeouts."""

from __future__ import annotations

import os
import subprocess
import time
from fractions import Fraction
from pathlib import Path

import pytest

from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.core.errors import CancelledError, DecodeTimeoutError
from axiom_publisher.core.media import MediaKind, MediaProblem, ProblemKind
from axiom_publisher.media import decode, decode_files
from axiom_publisher.media.decode import DecodedFrame, as_error, open_source
from axiom_publisher.media.synth import write_clip, write_sequence

from .conftest import assert_names_file, decode_all, movie_source, sequence_source


def test_movie_properties_audio_and_numbering(tmp_path: Path) -> None:
    path = write_clip(
        tmp_path / "clip.mov", 12, 64, 36, audio=True, timecode="01:00:00:00",
        sample_aspect=Fraction(4, 3), codec="prores_ks",
    )  # fmt: skip
    audio_samples: list[int] = []
    with open_source(movie_source(path), first_frame=1001) as frames:
        assert frames.kind is MediaKind.MOVIE
        assert (frames.width, frames.height, frames.pix_fmt) == (64, 36, "yuv422p10le")
        assert frames.fps == 24 and frames.sample_aspect == Fraction(4, 3)
        assert frames.timecode == "01:00:00:00" and frames.audio and not frames.is_float
        decoded = list(frames.frames(on_audio=lambda a: audio_samples.append(a.samples)))
    assert [d.number for d in decoded] == list(range(1001, 1013))
    assert all(d.path == path and d.frame.format.name == "yuv422p10le" for d in decoded)
    assert sum(audio_samples) >= 48000 * 12 // 24 - 1024  # half a second of sound
    assert frames.problems == []


def test_movie_without_audio_callback_skips_audio(tmp_path: Path) -> None:
    path = write_clip(tmp_path / "clip.mp4", 6, 64, 36, audio=True)
    frames, decoded = decode_all(movie_source(path))
    assert len(decoded) == 6 and frames.audio and frames.problems == []


def test_sequence_in_order_with_corrupt_middle_frame(tmp_path: Path) -> None:
    files = write_sequence(tmp_path, "plate", 1001, 1020, 64, 36, "exr", skip=frozenset({1015}))
    corrupt = files[4]  # 1005
    corrupt.write_bytes(corrupt.read_bytes()[:200] + os.urandom(300))
    frames, decoded = decode_all(sequence_source(files, 1001))
    expected = [n for n in range(1001, 1021) if n not in (1005, 1015)]
    assert [d.number for d in decoded] == expected
    assert frames.kind is MediaKind.SEQUENCE and frames.is_float
    assert (frames.width, frames.height, frames.pix_fmt) == (64, 36, "gbrpf16le")
    assert [(p.kind, p.frames) for p in frames.problems] == [(ProblemKind.DECODE, (1005,))]
    assert_names_file(frames.problems, corrupt)


def test_sequence_with_corrupt_first_frames_learns_format_from_the_next(tmp_path: Path) -> None:
    files = write_sequence(tmp_path, "plate", 1, 6, 48, 20, "dpx")
    for path in files[:2]:
        path.write_bytes(b"SDPX" + os.urandom(100))
    frames, decoded = decode_all(sequence_source(files, 1))
    assert [d.number for d in decoded] == [3, 4, 5, 6]
    assert frames.pix_fmt == "gbrp10le" and frames.width == 48
    assert sorted(f for p in frames.problems for f in p.frames) == [1, 2]


def test_sequence_frame_of_another_size_is_skipped(tmp_path: Path) -> None:
    files = write_sequence(tmp_path, "plate", 1, 4, 64, 36, "png")
    write_sequence(tmp_path / "other", "plate", 3, 3, 32, 18, "png")[0].replace(files[2])
    frames, decoded = decode_all(sequence_source(files, 1))
    assert [d.number for d in decoded] == [1, 2, 4]
    assert [(p.kind, p.frames) for p in frames.problems] == [(ProblemKind.FORMAT, (3,))]


def test_many_frames_decode_in_order_with_bounded_read_ahead(tmp_path: Path) -> None:
    files = write_sequence(tmp_path, "plate", 1, 60, 32, 18, "png")
    held: list[int] = []
    with open_source(sequence_source(files, 1)) as frames:
        for item in frames.frames():
            time.sleep(0.002)  # a slow consumer: workers must wait, not run ahead
            held.append(item.number)
    assert held == list(range(1, 61))


def test_still_image(tmp_path: Path) -> None:
    path = write_sequence(tmp_path, "still", 1, 1, 40, 30, "jpg")[0]
    from axiom_publisher.core.types import Source, SourceFile

    frames, decoded = decode_all(Source((SourceFile(path),), path.name, "jpg"), first_frame=7)
    assert frames.kind is MediaKind.STILL
    assert [d.number for d in decoded] == [7] and frames.pix_fmt == "yuvj444p"


@pytest.mark.parametrize("container", ["mov", "mp4_faststart", "mkv"])
@pytest.mark.parametrize("keep", [0.15, 0.5, 0.85])
def test_truncated_movie_is_a_decode_problem(
    tmp_path: Path, ffmpeg_tools: tuple[str, str], container: str, keep: float
) -> None:
    source = write_clip(tmp_path / "source.mov", 48, 64, 36, cut_at=24)
    path = tmp_path / f"clip.{container.split('_')[0]}"
    flags = ["-movflags", "+faststart"] if "faststart" in container else []
    subprocess.run(
        [ffmpeg_tools[0], "-v", "error", "-i", str(source), "-c", "copy", *flags, str(path)],
        check=True,
    )
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    frames, decoded = decode_all(movie_source(path))
    assert len(decoded) < 48
    assert any(p.kind is ProblemKind.DECODE for p in frames.problems)
    assert_names_file(frames.problems, path)


def test_open_that_hangs_becomes_a_timeout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_clip(tmp_path / "clip.mov", 4, 32, 18)
    real = decode_files.open_video

    def slow(path: Path) -> object:
        time.sleep(3)
        return real(path)

    monkeypatch.setattr(decode_files, "open_video", slow)
    started = time.monotonic()
    frames, decoded = decode_all(movie_source(path), timeout=0.3)
    assert time.monotonic() - started < 2
    assert decoded == [] and [p.kind for p in frames.problems] == [ProblemKind.TIMEOUT]
    assert_names_file(frames.problems, path)


def test_frame_decode_that_hangs_becomes_a_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = write_sequence(tmp_path, "plate", 1, 8, 32, 18, "png")
    real = decode.decode_image

    def stuck_on_five(path: Path, number: int) -> DecodedFrame | MediaProblem:
        if number == 5:
            time.sleep(3)
        return real(path, number)

    monkeypatch.setattr(decode, "decode_image", stuck_on_five)
    started = time.monotonic()
    frames, decoded = decode_all(sequence_source(files, 1), timeout=0.3)
    assert time.monotonic() - started < 2
    assert [d.number for d in decoded] == [1, 2, 3, 4]
    assert [(p.kind, p.frames) for p in frames.problems] == [(ProblemKind.TIMEOUT, (5,))]
    assert isinstance(as_error(frames.problems[0]), DecodeTimeoutError)


@pytest.mark.parametrize("kind", ["movie", "sequence"])
def test_cancel_between_frames(tmp_path: Path, kind: str) -> None:
    if kind == "movie":
        source = movie_source(write_clip(tmp_path / "clip.mkv", 24, 32, 18))
    else:
        source = sequence_source(write_sequence(tmp_path, "p", 1, 24, 32, 18, "png"), 1)
    cancel = CancelToken()
    seen = []
    with open_source(source) as frames, pytest.raises(CancelledError):
        for item in frames.frames(cancel):
            seen.append(item.number)
            if len(seen) == 3:
                cancel.cancel()
    assert seen == [1, 2, 3]


def test_frames_iterate_once_and_not_after_close(tmp_path: Path) -> None:
    path = write_clip(tmp_path / "clip.mov", 4, 32, 18)
    with open_source(movie_source(path)) as frames:
        assert len(list(frames.frames())) == 4
        assert list(frames.frames()) == []
    closed = open_source(movie_source(path))
    closed.close()
    assert list(closed.frames()) == []
