"""Held frames in lossy movies: found through the single pass at the shot's frame numbers,
while no frame of a slow grainy pan (or a lossless slow fade) is taken for a hold.

The clips are real encodes (320x180, 48 frames) of grainy textured footage panning at
sub-pixel speeds (media/synth_grain.py); a held frame repeats the previous picture, grain
and all, so only the encoder's noise tells them apart.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import pytest

from axiom_publisher.config import load_settings
from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.media import MediaInfo, MediaKind
from axiom_publisher.core.qc import QCSpec, QCStatus
from axiom_publisher.media.analyze import AnalysisOptions, SourceAnalysis, analyze_source
from axiom_publisher.media.holds import is_lossy
from axiom_publisher.media.probe import probe
from axiom_publisher.media.synth import write_sequence
from axiom_publisher.media.synth_grain import decoded_pictures, encode_frames, grainy_pictures
from axiom_publisher.publish.inspect import analysis_options
from axiom_publisher.publish.sources import resolve_source
from axiom_publisher.qc import evaluate

COUNT, WIDTH, HEIGHT = 48, 320, 180
FIRST = 993  # the shot's first frame (cut 1001 with 8 frames of handles): movie frame 0
HELD = (10, 11, 12, 30, 31, 32, 33)  # 0-based: two holds, of 3 and 4 repeated frames
HELD_FRAMES = [FIRST + index for index in HELD]
OPTIONS = AnalysisOptions(proxy=None, thumbnails=False, first_frame=FIRST)
SPEC = QCSpec(width=WIDTH, height=HEIGHT, fps=24.0, frame_range=FrameRange(993, 1040))

X264 = [
    pytest.param({"crf": str(crf), "preset": preset}, id=f"crf{crf}-{preset}")
    for crf in (18, 23, 28)
    for preset in ("medium", "slow")
]


def _analyse(path: Path) -> SourceAnalysis:
    return analyze_source(resolve_source(path), path.parent, options=OPTIONS)


def _frozen(analysis: SourceAnalysis) -> list[int]:
    return [stat.frame for stat in analysis.facts.stats if stat.frozen]


def _clip(path: Path, speed: float, held: Collection[int] = HELD, **encoding: object) -> Path:
    pictures = grainy_pictures(COUNT, WIDTH, HEIGHT, speed=speed, held=held)
    return encode_frames(path, list(pictures), **encoding)  # type: ignore[arg-type]


@pytest.mark.parametrize("options", X264)
def test_held_frames_in_h264_are_found_at_the_shot_frames(
    tmp_path: Path, options: dict[str, str]
) -> None:
    """A pan of 0.5 px/frame stops twice (3 and 4 repeated frames): exactly those frames."""
    analysis = _analyse(_clip(tmp_path / "held.mov", 0.5, options=options))
    assert [stat.frame for stat in analysis.facts.stats] == list(range(FIRST, FIRST + COUNT))
    assert _frozen(analysis) == HELD_FRAMES
    check = next(c for c in evaluate(analysis.facts, SPEC).checks if c.id == "frozen_frames")
    assert check.status is QCStatus.WARN
    assert check.frames == tuple(HELD_FRAMES)
    assert "1003-1005 repeat frame 1002" in check.message
    assert "1023-1026 repeat frame 1022" in check.message


@pytest.mark.parametrize("profile", ["proxy", "standard", "hq", "4444"])
def test_held_frames_in_prores_made_from_an_h264_master_are_found(
    tmp_path: Path, profile: str
) -> None:
    """A ProRes delivery transcoded from an H.264 master: its held frames carry the master's
    encoder noise, so they are not identical either."""
    master = _clip(tmp_path / "master.mp4", 0.5, options={"crf": "23", "preset": "medium"})
    pix_fmt = "yuv444p10le" if profile == "4444" else "yuv422p10le"
    prores = encode_frames(
        tmp_path / "delivery.mov", list(decoded_pictures(master)), codec="prores_ks",
        pix_fmt=pix_fmt, options={"profile": profile},
    )  # fmt: skip
    assert _frozen(_analyse(prores)) == HELD_FRAMES


@pytest.mark.parametrize("speed", [0.1, 0.25])
@pytest.mark.parametrize("options", X264)
def test_no_frame_of_a_slow_grainy_h264_pan_is_frozen(
    tmp_path: Path, options: dict[str, str], speed: float
) -> None:
    analysis = _analyse(_clip(tmp_path / "pan.mov", speed, held=(), options=options))
    assert len(analysis.facts.stats) == COUNT
    assert all(stat.hold_score is not None for stat in analysis.facts.stats[1:])
    assert _frozen(analysis) == []
    check = next(c for c in evaluate(analysis.facts, SPEC).checks if c.id == "frozen_frames")
    assert check.status is QCStatus.PASS


@pytest.mark.parametrize("profile", ["proxy", "hq"])
def test_no_frame_of_a_slow_grainy_prores_pan_is_frozen(tmp_path: Path, profile: str) -> None:
    path = _clip(
        tmp_path / "pan.mov", 0.1, held=(), codec="prores_ks", pix_fmt="yuv422p10le",
        options={"profile": profile},
    )  # fmt: skip
    assert _frozen(_analyse(path)) == []


def test_a_lossless_slow_fade_keeps_the_exact_test(tmp_path: Path) -> None:
    """FFV1 is lossless: frames that differ by a hair (a 0.05%-per-frame fade of a static
    picture, far below the lossy threshold) are not holds; an identical frame is."""
    path = encode_frames(
        tmp_path / "fade.mkv",
        list(grainy_pictures(24, WIDTH, HEIGHT, speed=0.0, grain=0.0, fade=0.0005, held=[12])),
        codec="ffv1", pix_fmt="yuv444p",
    )  # fmt: skip
    analysis = _analyse(path)
    assert analysis.facts.info.compression == "lossless"
    assert _frozen(analysis) == [FIRST + 12]
    assert all(stat.hold_score is None for stat in analysis.facts.stats)


def test_which_sources_are_lossy(tmp_path: Path) -> None:
    """mediainfo's compression mode decides; movies it cannot classify count as lossy."""
    jpeg = write_sequence(tmp_path / "jpg", "p", 1, 1, 64, 36, "jpg")[0]
    png = write_sequence(tmp_path / "png", "p", 1, 1, 64, 36, "png")[0]
    assert probe(jpeg).compression == "lossy" and probe(png).compression == "lossless"
    assert is_lossy(MediaKind.SEQUENCE, "jpg", probe(jpeg))
    assert not is_lossy(MediaKind.SEQUENCE, "png", probe(png))
    h264 = _clip(tmp_path / "a.mov", 0.5, held=(), options={"crf": "23"})
    assert probe(h264).compression is None and is_lossy(MediaKind.MOVIE, "mov", probe(h264))
    assert not is_lossy(MediaKind.MOVIE, "mkv", MediaInfo(codec="FFV1"))
    assert not is_lossy(MediaKind.SEQUENCE, "exr", MediaInfo())


def test_a_zero_threshold_keeps_only_identical_frames(tmp_path: Path) -> None:
    """[qc] frozen_threshold = 0: near-identical held frames of H.264 are not holds."""
    path = _clip(tmp_path / "held.mov", 0.5, options={"crf": "23", "preset": "medium"})
    options = AnalysisOptions(proxy=None, thumbnails=False, first_frame=FIRST, frozen_threshold=0)
    exact = [
        s.frame
        for s in analyze_source(resolve_source(path), tmp_path, options=options).facts.stats
        if s.frozen
    ]
    assert set(exact) < set(HELD_FRAMES)  # x264 repeats some held frames exactly, not all
    assert _frozen(_analyse(path)) == HELD_FRAMES


def test_the_qc_setting_reaches_the_analysis(axiom_env: dict[str, str], tmp_path: Path) -> None:
    studio = tmp_path / "studio.toml"
    studio.write_text("[qc]\nfrozen_threshold = 0.0005\n", encoding="utf-8")
    settings = load_settings(dict(axiom_env, AXIOM_STUDIO_CONFIG=str(studio)))
    assert analysis_options(settings, None, None).frozen_threshold == 0.0005
    assert analysis_options(load_settings(axiom_env), None, None).frozen_threshold == 0.0014
