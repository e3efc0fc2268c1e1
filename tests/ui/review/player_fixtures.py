"""Helpers of the player widget tests: images as arrays, real proxies and their versions."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
from numpy.typing import NDArray
from qtpy import QtGui

from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.media import MediaInfo
from axiom_publisher.core.qc import QCCheck, QCReport, QCStatus
from axiom_publisher.core.types import EntityKind, VersionRecord, VersionStatus
from axiom_publisher.media.proxy import ProxyEncoder
from axiom_publisher.media.synth_pictures import Events, event_picture

# Qt's offscreen platform warns whenever a shown top-level window's size limits change
# (QPlatformWindow::propagateSizeHints is not implemented there). Not a problem of ours.
OFFSCREEN = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


def solid(width: int, height: int, rgb: tuple[int, int, int]) -> QtGui.QImage:
    image = QtGui.QImage(width, height, QtGui.QImage.Format.Format_RGB32)
    image.fill(QtGui.QColor(*rgb))
    return image


def image_array(image: QtGui.QImage) -> NDArray[np.uint8]:
    """The RGB pixels of `image` as a (height, width, 3) array."""
    rgb = image.convertToFormat(QtGui.QImage.Format.Format_RGB888)
    line = rgb.bytesPerLine()
    data = np.frombuffer(rgb.constBits(), dtype=np.uint8, count=line * rgb.height())
    return (
        data.reshape(rgb.height(), line)[:, : rgb.width() * 3]
        .reshape(rgb.height(), rgb.width(), 3)
        .copy()
    )


# ---- real proxies and versions for the player tests -----------------------------------------

A_FIRST, B_FIRST = 1001, 995  # B starts six frames earlier: aligned by shot frame
FRAMES, WIDTH, HEIGHT = 48, 320, 180
START_TIMECODE = "01:00:00:00"


@dataclass(frozen=True)
class Proxies:
    a: Path
    b: Path
    version_a: VersionRecord
    version_b: VersionRecord


def write_proxy(path: Path, events: Events, *, timecode: str | None = None) -> Path:
    """A review proxy as the publish makes it (media.proxy), of distinct test-pattern frames."""
    encoder = ProxyEncoder(path, width=WIDTH, height=HEIGHT, fps=Fraction(24), timecode=timecode)
    for index in range(FRAMES):
        picture = event_picture(WIDTH, HEIGHT, index, FRAMES, events)
        encoder.add(av.VideoFrame.from_ndarray(picture, format="rgb24"))
    return encoder.close()


def decode_rgb(path: Path) -> list[NDArray[np.uint8]]:
    """Every frame of a movie in presentation order as rgb24 arrays (PyAV, no player code)."""
    with av.open(str(path)) as container:
        frames = sorted(container.decode(video=0), key=lambda frame: frame.pts or 0)
        return [frame.to_ndarray(format="rgb24") for frame in frames]


def version(
    *,
    number: int,
    proxy: Path | None,
    first: int = A_FIRST,
    qc: QCReport | None = None,
) -> VersionRecord:
    return VersionRecord(
        id=number,
        project="proj",
        entity="sh010",
        entity_kind=EntityKind.SHOT,
        task="comp",
        product="comp",
        number=number,
        status=VersionStatus.PUBLISHED,
        path=Path("/nowhere") / f"v{number:03d}",
        frame_range=FrameRange(first, first + FRAMES - 1),
        proxy=proxy,
        qc=qc,
        media=MediaInfo(fps=24.0, timecode=START_TIMECODE, width=WIDTH, height=HEIGHT),
    )


def make_proxies(folder: Path) -> Proxies:
    a = write_proxy(folder / "a.mp4", Events(), timecode=START_TIMECODE)
    b = write_proxy(folder / "b.mp4", Events(cut_at=0))
    qc = QCReport(
        (
            QCCheck("decode", QCStatus.PASS, "decoded", frames=(1001,)),
            QCCheck("black_frames", QCStatus.WARN, "black", frames=(1005, 1006)),
            QCCheck("frozen_frames", QCStatus.FAIL, "frozen", frames=(1010, 1005)),
        )
    )
    return Proxies(
        a=a,
        b=b,
        version_a=version(number=2, proxy=a, qc=qc),
        version_b=version(number=1, proxy=b, first=B_FIRST),
    )
