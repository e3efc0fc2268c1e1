"""A luminance/chroma (YC) EXR sequence, which FFmpeg cannot read, publishes with a proxy."""

from __future__ import annotations

from pathlib import Path

import av

from axiom_publisher.config import Settings
from axiom_publisher.core.qc import QCStatus
from axiom_publisher.core.types import PublishContext, PublishItem
from axiom_publisher.publish.service import PublishService
from axiom_publisher.publish.sources import resolve_source
from tests.media.decode.exr_files import write_yc

CONTEXT = PublishContext("proj", "sh010", "plate", "plate")


def test_a_yc_exr_sequence_publishes_with_a_proxy(settings: Settings, tmp_path: Path) -> None:
    for frame in (1001, 1002, 1003):
        write_yc(tmp_path / f"plate.{frame}.exr", 36, 64)
    item = PublishItem(CONTEXT, (resolve_source(str(tmp_path / "plate.####.exr")),))
    with PublishService.open(settings) as service:
        record = service.publish(item)
    assert record.qc is not None
    (decode,) = [check for check in record.qc.checks if check.id == "decode"]
    assert decode.status is QCStatus.PASS, decode.message
    assert record.proxy is not None and record.proxy.is_file()
    with av.open(str(record.proxy)) as container:
        frames = [frame.to_ndarray(format="rgb24") for frame in container.decode(video=0)]
    assert len(frames) == 3
    # The chroma came through: red grows left to right, as RY does in the file.
    red_minus_blue = frames[0][..., 0].astype(int) - frames[0][..., 2].astype(int)
    assert red_minus_blue[:, -8:].mean() > red_minus_blue[:, :8].mean() + 20
