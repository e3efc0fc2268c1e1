"""media.compat on whichever PyAV is installed (18 here; tests/run-compat runs PyAV 17):
BT.2020 sources convert with the BT.2020 matrix, constant-luminance tags included, and an
unknown stream pixel format is "" instead of a crash."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest
from av.video.frame import VideoFrame
from av.video.reformatter import ColorRange, Colorspace, VideoReformatter

from axiom_publisher.media.compat import BT2020, codec_pix_fmt, reformat
from axiom_publisher.media.pictures import source_colorspace
from axiom_publisher.media.synth import write_clip

Y, U, V = 100, 90, 180  # video range; strong chroma so the matrices differ by several levels


def _flat_frame(colorspace: int) -> VideoFrame:
    frame = VideoFrame(32, 32, "yuv420p")
    for plane, value in zip(frame.planes, (Y, U, V), strict=True):
        plane.update(bytes([value]) * plane.buffer_size)
    frame.colorspace = colorspace
    frame.color_range = 1  # MPEG
    return frame


def _expected_rgb(kr: float, kb: float) -> np.ndarray:
    """Full-range 8-bit RGB of (Y, U, V) by the textbook equations for the matrix (kr, kb)."""
    luma, cb, cr = (Y - 16) / 219, (U - 128) / 224, (V - 128) / 224
    red = luma + 2 * (1 - kr) * cr
    blue = luma + 2 * (1 - kb) * cb
    green = (luma - kr * red - kb * blue) / (1 - kr - kb)
    return np.clip(np.round(np.array([red, green, blue]) * 255), 0, 255)


def _to_rgb(frame: VideoFrame) -> np.ndarray:
    rgb = reformat(
        VideoReformatter(),
        frame,
        format="rgb24",
        src_colorspace=source_colorspace(frame),
        dst_colorspace=Colorspace.ITU709,
        src_color_range=ColorRange.MPEG,
        dst_color_range=ColorRange.JPEG,
    )
    return rgb.to_ndarray()[16, 16].astype(float)


@pytest.mark.parametrize("tag", [9, 10], ids=["bt2020-ncl", "bt2020-cl"])
def test_bt2020_frames_convert_with_the_bt2020_matrix(tag: int) -> None:
    frame = _flat_frame(tag)
    assert int(source_colorspace(frame)) == 9  # swscale's BT.2020, member or number
    got = _to_rgb(frame)
    bt2020, bt601 = _expected_rgb(0.2627, 0.0593), _expected_rgb(0.299, 0.114)
    assert np.abs(bt2020 - bt601).max() >= 4  # the check below can tell them apart
    assert np.abs(got - bt2020).max() <= 1.5, (got, bt2020)
    assert int(frame.colorspace) == tag  # the source frame's tag is left as it was


def test_bt2020_is_the_enum_member_where_pyav_has_one() -> None:
    member = getattr(Colorspace, "BT2020", None)
    assert BT2020 is member if member is not None else BT2020 == 9


def test_codec_pix_fmt_names_the_format_or_is_empty(tmp_path: Path) -> None:
    clip = write_clip(tmp_path / "clip.mkv", 12, 64, 36)
    with av.open(str(clip)) as container:
        assert codec_pix_fmt(container.streams.video[0].codec_context) == "yuv420p"
    cut = tmp_path / "cut.mkv"
    cut.write_bytes(clip.read_bytes()[: clip.stat().st_size // 5])  # no frame: format unknown
    with av.open(str(cut)) as container:
        assert codec_pix_fmt(container.streams.video[0].codec_context) == ""
