"""Hand-built media facts and specs for the QC tests (no media files needed)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.media import (
    AudioTrack,
    FrameStats,
    MediaFacts,
    MediaInfo,
    MediaKind,
    MediaProblem,
    ProblemKind,
)
from axiom_publisher.core.qc import QCCheck, QCSpec, QCStatus

CUT = FrameRange(1001, 1010)
HANDLES = 2
SHOT = FrameRange(CUT.first - HANDLES, CUT.last + HANDLES)  # 999-1012


def stats(
    frames: Iterable[int],
    *,
    black: Iterable[int] = (),
    frozen: Iterable[int] = (),
    nan: Iterable[int] = (),
    inf: Iterable[int] = (),
) -> tuple[FrameStats, ...]:
    """Statistics of a lively picture, with the given frames black, frozen, NaN or Inf."""
    black, frozen, nan, inf = set(black), set(frozen), set(nan), set(inf)
    return tuple(
        FrameStats(
            frame=frame,
            minimum=0.0,
            maximum=0.0 if frame in black else 0.85,
            mean=0.0 if frame in black else 0.31,
            black=frame in black,
            nan_count=7 if frame in nan else 0,
            inf_count=2 if frame in inf else 0,
            frozen=frame in frozen,
            cut_score=0.0 if frame in frozen else 0.2,
        )
        for frame in frames
    )


def plate(frames: FrameRange = SHOT, *, missing: Iterable[int] = (), **changes: Any) -> MediaFacts:
    """A clean scene-linear EXR plate sequence 2048x1080 ACEScg over `frames`."""
    gaps = tuple(sorted(missing))
    present = [f for f in range(frames.first, frames.last + 1) if f not in gaps]
    facts = MediaFacts(
        name="sh010_plate.####.exr",
        kind=MediaKind.SEQUENCE,
        extension="exr",
        info=MediaInfo(
            container="OpenEXR",
            codec="EXR",
            width=2048,
            height=1080,
            pixel_aspect=1.0,
            bit_depth=16,
            pix_fmt="gbrapf16le",
            fps=24.0,
            frame_count=len(present),
        ),
        frame_range=frames,
        missing_frames=gaps,
        decoded_frames=len(present),
        is_float=True,
        colorspace="ACEScg",
        stats=stats(present),
    )
    return dataclasses.replace(facts, **changes)


def movie(frame_count: int = SHOT.count, **changes: Any) -> MediaFacts:
    """A clean 8-bit H.264 review movie 2048x1080 at 24 fps with one AAC track."""
    facts = MediaFacts(
        name="sh010_review.mov",
        kind=MediaKind.MOVIE,
        extension="mov",
        info=MediaInfo(
            container="QuickTime",
            codec="AVC",
            width=2048,
            height=1080,
            pixel_aspect=1.0,
            bit_depth=8,
            pix_fmt="yuv420p",
            fps=24.0,
            duration=frame_count / 24.0,
            frame_count=frame_count,
            audio=(AudioTrack(codec="AAC", channels=2, sample_rate=48000),),
        ),
        frame_range=FrameRange(0, frame_count - 1),
        decoded_frames=frame_count,
        colorspace="ACEScg",
        stats=stats(range(frame_count)),
    )
    return dataclasses.replace(facts, **changes)


def work_file(**changes: Any) -> MediaFacts:
    """A file that is not media (a Nuke script)."""
    return dataclasses.replace(
        MediaFacts(name="sh010_comp_v003.nk", kind=MediaKind.OTHER, extension="nk"), **changes
    )


def spec(**changes: Any) -> QCSpec:
    """The project's spec: 2048x1080, 24 fps, ACEScg, the shot 1001-1010 with handles 2."""
    base = QCSpec(
        width=2048,
        height=1080,
        fps=24.0,
        colorspace="ACEScg",
        frame_range=SHOT,
        min_duration=0.25,
        max_duration=10.0,
        naming_pattern=r"sh\d{3}_\w+(\.#+)?\.(exr|mov|nk)",
    )
    return dataclasses.replace(base, **changes)


def info(facts: MediaFacts, **changes: Any) -> MediaFacts:
    """`facts` with some MediaInfo fields changed."""
    return dataclasses.replace(facts, info=dataclasses.replace(facts.info, **changes))


def problem(kind: ProblemKind, path: str, message: str, *frames: int) -> MediaProblem:
    return MediaProblem(kind=kind, path=path, message=message, frames=tuple(frames))


def assert_status(check: QCCheck, status: QCStatus, *words: str) -> None:
    """The check has `status` and its message mentions every word (case-insensitive)."""
    assert check.status is status, f"{check.id}: {check.status.value}: {check.message}"
    for word in words:
        assert word.lower() in check.message.lower(), f"{word!r} not in {check.message!r}"
