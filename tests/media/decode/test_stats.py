"""Frame statistics find black frames, NaN/Inf pixels, frozen runs and hard cuts."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np

from axiom_publisher.core.media import FrameStats
from axiom_publisher.core.types import Source
from axiom_publisher.media.decode import DecodedFrame
from axiom_publisher.media.framehash import frame_md5
from axiom_publisher.media.stats import FrameStatistics
from axiom_publisher.media.synth import write_clip, write_sequence

from .conftest import decode_all, movie_source, sequence_source


def measure(source: Source, first_frame: int = 1) -> list[FrameStats]:
    statistics = FrameStatistics()
    _, decoded = decode_all(source, first_frame=first_frame)
    return [statistics.measure(item, frame_md5(item.frame)) for item in decoded]


def frames_where(stats: list[FrameStats], attribute: str) -> list[int]:
    return [s.frame for s in stats if getattr(s, attribute)]


def cuts(stats: list[FrameStats], threshold: float = 0.25) -> list[int]:
    return [s.frame for s in stats if s.cut_score > threshold]


def test_exr_sequence_events(tmp_path: Path) -> None:
    files = write_sequence(
        tmp_path, "plate", 1001, 1012, 64, 36, "exr",
        black={1003}, frozen={1006, 1007}, cut_at=1010, nan={1002: 5, 1008: 1}, inf={1004: 3},
    )  # fmt: skip
    stats = measure(sequence_source(files, 1001))
    assert [s.frame for s in stats] == list(range(1001, 1013))
    assert frames_where(stats, "black") == [1003]
    assert {s.frame: s.nan_count for s in stats if s.nan_count} == {1002: 5, 1008: 1}
    assert {s.frame: s.inf_count for s in stats if s.inf_count} == {1004: 3}
    assert frames_where(stats, "frozen") == [1006, 1007]
    # the black frame is a cut in and out; the scene change at 1010 is the real one
    assert cuts(stats) == [1003, 1004, 1010]
    assert stats[0].cut_score == 0.0
    normal = stats[0]
    assert normal.minimum >= 0.0 and 1.9 < normal.maximum <= 2.0  # scene-linear, not clamped
    assert all(np.isfinite([s.minimum, s.maximum, s.mean]).all() for s in stats)


def test_half_exr_nan_inf_counts_are_exact_at_1080p(tmp_path: Path) -> None:
    """Counts come from the full planes even where levels are subsampled."""
    files = write_sequence(
        tmp_path, "big", 1, 1, 1920, 1080, "exr", nan={1: 7}, inf={1: 11}
    )  # one NaN pixel per odd position would be missed by every-2nd-pixel sampling
    stats = measure(sequence_source(files, 1))
    assert (stats[0].nan_count, stats[0].inf_count) == (7, 11)


def test_movie_events_by_frame_number(tmp_path: Path) -> None:
    path = write_clip(
        tmp_path / "clip.mov", 14, 64, 36, options={"qp": "0", "preset": "ultrafast"},
        black={2}, frozen={6, 7, 8}, cut_at=11,
    )  # fmt: skip
    stats = measure(movie_source(path), first_frame=1001)
    assert [s.frame for s in stats] == list(range(1001, 1015))
    assert frames_where(stats, "black") == [1003]
    assert frames_where(stats, "frozen") == [1007, 1008, 1009]
    assert cuts(stats) == [1003, 1004, 1012]
    black = stats[2]
    assert black.maximum < 0.02 and black.mean < 0.02  # limited-range Y=16 is black
    assert max(s.maximum for s in stats) <= 1.0 and min(s.minimum for s in stats) >= 0.0


def test_integer_formats_normalise_to_unit_range(tmp_path: Path) -> None:
    for extension, pix_fmt in (("dpx", "gbrp10le"), ("dpx", "rgb48le"), ("png", "rgb24")):
        folder = tmp_path / f"{extension}_{pix_fmt}"
        files = write_sequence(folder, "p", 1, 2, 64, 36, extension, pix_fmt=pix_fmt, black={2})
        stats = measure(sequence_source(files, 1))
        assert 0.9 < stats[0].maximum <= 1.0, pix_fmt
        assert 0.0 <= stats[0].minimum < 0.1, pix_fmt
        assert stats[1].black and not stats[0].black
        assert stats[0].nan_count == stats[0].inf_count == 0


def test_black_level_is_configurable() -> None:
    grey = np.full((36, 64, 3), 10, dtype=np.uint8)  # 10/255 = 0.039
    frame = av.VideoFrame.from_ndarray(grey, format="rgb24")
    decoded = DecodedFrame(1, frame, Path("grey.png"))
    assert not FrameStatistics().measure(decoded, "x").black
    assert FrameStatistics(black_level=0.05).measure(decoded, "x").black
