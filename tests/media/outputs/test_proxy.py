"""The review proxy, checked with ffprobe: H.264 yuv420p, even square-pixel size, short GOP
without B-frames, AAC when the source has audio, moov first, the start timecode kept."""

from __future__ import annotations

import resource
import signal
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from axiom_publisher.core.errors import MediaOutputError
from axiom_publisher.media import synth, synth_pictures
from axiom_publisher.media.colour import DisplayTransform
from axiom_publisher.media.pictures import display_rgb, proxy_size
from axiom_publisher.media.proxy import ProxyEncoder, ProxySettings
from tests.media.outputs.helpers import (
    Probe,
    half_frame,
    linear_rgb,
    make_proxy,
    top_level_atoms,
    video_pictures,
)

ProbeRun = Callable[[Path], Probe]


def assert_review_proxy(info: Probe, *, width: int, height: int, frames: int) -> None:
    """The properties every proxy must have, whatever its source."""
    video = info.video
    assert (video["codec_name"], video["pix_fmt"]) == ("h264", "yuv420p")
    assert (video["width"], video["height"]) == (width, height)
    assert width % 2 == 0 and height % 2 == 0
    assert video.get("sample_aspect_ratio", "1:1") in ("1:1", "N/A")
    assert video["has_b_frames"] == 0
    assert len(info.frames) == frames
    assert "B" not in {frame["pict_type"] for frame in info.frames}
    keys = info.key_times
    assert keys[0] == 0.0
    end = float(info.frames[-1]["pts_time"])
    gaps = [later - earlier for earlier, later in zip(keys, [*keys[1:], end], strict=True)]
    assert max(gaps) <= 1.0 + 1e-6, f"key frames at {keys}"


@pytest.mark.parametrize(
    ("size", "sar", "target", "expected"),
    [
        ((1921, 1081), None, 720, (1280, 720)),
        ((1920, 1080), Fraction(1), 720, (1280, 720)),
        ((960, 540), Fraction(2), 720, (1920, 540)),  # anamorphic 2:1, never upscaled
        ((1921, 1081), None, 2000, (1920, 1080)),
        ((720, 480), Fraction(8, 9), 720, (640, 480)),  # NTSC 4:3
        ((4096, 1716), None, 720, (1718, 720)),
        ((3, 3), None, 720, (2, 2)),
        ((1, 1), None, 720, (2, 2)),
    ],
)
def test_proxy_size_is_even_square_pixel_display_size(
    size: tuple[int, int], sar: Fraction | None, target: int, expected: tuple[int, int]
) -> None:
    assert proxy_size(*size, sar, target) == expected


def test_proxy_of_an_odd_sized_source_with_audio_and_timecode(
    tmp_path: Path, probe: ProbeRun
) -> None:
    source = synth.write_clip(
        tmp_path / "odd.mov", frames=36, width=1921, height=1081, pix_fmt="yuv444p",
        audio=True, timecode="01:02:03:04",
    )  # fmt: skip
    proxy = make_proxy(source, tmp_path / "odd_proxy.mp4")
    info = probe(proxy)
    assert_review_proxy(info, width=1280, height=720, frames=36)
    (audio,) = info.of_type("audio")
    assert (audio["codec_name"], audio["sample_rate"], audio["channels"]) == ("aac", "48000", 2)
    assert info.video["tags"]["timecode"] == "01:02:03:04"
    assert any(s.get("tags", {}).get("timecode") == "01:02:03:04" for s in info.of_type("data"))
    atoms = top_level_atoms(proxy)
    assert atoms.index("moov") < atoms.index("mdat"), atoms  # +faststart
    assert float(info.video["duration"]) == pytest.approx(1.5)


def test_proxy_of_an_anamorphic_source_is_square_pixel_without_audio(
    tmp_path: Path, probe: ProbeRun
) -> None:
    source = synth.write_clip(
        tmp_path / "anamorphic.mov", frames=30, width=160, height=90, sample_aspect=Fraction(2)
    )
    proxy = make_proxy(source, tmp_path / "anamorphic.mov.proxy.mov")
    info = probe(proxy)
    assert_review_proxy(info, width=320, height=90, frames=30)
    assert info.of_type("audio") == []
    assert top_level_atoms(proxy).index("moov") < top_level_atoms(proxy).index("mdat")
    # The picture is stretched to the display width, not cropped: the bar of the first
    # frame (x 0..9 of 160) covers x 0..19 of 320.
    first = video_pictures(proxy)[0].astype(int)
    assert first[:, 2:17].mean() > 200 and first[:, 24:40].mean() < 200


def test_24_frames_give_24_frames_of_one_second(tmp_path: Path, probe: ProbeRun) -> None:
    source = synth.write_clip(tmp_path / "one_second.mp4", frames=24, width=320, height=180)
    info = probe(make_proxy(source, tmp_path / "proxy.mp4"))
    assert_review_proxy(info, width=320, height=180, frames=24)
    assert float(info.video["duration"]) == pytest.approx(1.0)
    assert info.video["avg_frame_rate"] == "24/1"
    assert [float(frame["pts_time"]) for frame in info.frames] == pytest.approx(
        [index / 24 for index in range(24)], abs=1e-6
    )


def test_prores_422_10bit_source(tmp_path: Path, probe: ProbeRun) -> None:
    source = synth.write_clip(
        tmp_path / "prores.mov", frames=12, width=320, height=180, codec="prores_ks"
    )
    proxy = make_proxy(source, tmp_path / "prores_proxy.mp4")
    assert_review_proxy(probe(proxy), width=320, height=180, frames=12)
    for original, shown in zip(video_pictures(source), video_pictures(proxy), strict=True):
        assert np.abs(original.astype(int) - shown.astype(int)).mean() < 4


@pytest.mark.parametrize("exr_format", ["half", "float"])
def test_exr_source_goes_through_the_display_transform(
    tmp_path: Path, probe: ProbeRun, display: DisplayTransform, exr_format: str
) -> None:
    files = synth.write_sequence(
        tmp_path / "plate", "plate", 1001, 1012, width=320, height=180, codec="exr",
        exr_format=exr_format, nan={1003: 50}, inf={1004: 50},
    )  # fmt: skip
    proxy = make_proxy(files, tmp_path / "plate_proxy.mp4", display=display)
    assert_review_proxy(probe(proxy), width=320, height=180, frames=12)
    # Each proxy frame is the display transform of the linear frame (tone-mapped, not clamped).
    shown = video_pictures(proxy)
    with av.open(str(files[0])) as container:
        linear = linear_rgb(next(container.decode(video=0)))  # up to 2.0, unclipped
    expected = display.apply(linear).astype(int)
    assert np.abs(shown[0].astype(int) - expected).mean() < 4
    clamped = (np.clip(linear, 0, 1) * 255).astype(int)
    assert np.abs(shown[0].astype(int) - clamped).mean() > 3 * np.abs(shown[0] - expected).mean()


@pytest.mark.parametrize("pix_fmt", ["gbrpf16le", "gbrpf32le"])
def test_scaled_float_highlights_are_tone_mapped_not_clipped(
    tmp_path: Path, display: DisplayTransform, pix_fmt: str
) -> None:
    """Scene values 1, 4 and 16 stay apart in a downscaled proxy (swscale scaling floats
    would clip them all to 1.0 first); NaN and Inf pixels are safe there too."""
    levels = (1.0, 4.0, 16.0)
    picture = np.zeros((180, 320, 3), np.float32)
    for index, level in enumerate(levels):
        picture[:, index * 100 : index * 100 + 100] = (level, level * 0.5, level * 0.25)
    picture[10:20, 310:] = np.nan
    picture[30:40, 310:] = np.inf
    encoder = ProxyEncoder(
        tmp_path / "bright.mp4", width=320, height=180, fps=Fraction(24), display=display,
        settings=ProxySettings(height=90, crf=10),
    )  # fmt: skip
    for _ in range(3):
        encoder.add(half_frame(picture, pix_fmt))
    shown = video_pictures(encoder.close())[0].astype(int)
    assert shown.shape == (90, 160, 3)
    expected = display.apply(picture[::2, ::2]).astype(int)
    middle = [shown[40:50, 50 * i + 20 : 50 * i + 30].mean(axis=(0, 1)) for i in range(3)]
    wanted = [expected[40:50, 50 * i + 20 : 50 * i + 30].mean(axis=(0, 1)) for i in range(3)]
    assert np.abs(np.array(middle) - np.array(wanted)).max() < 4, (middle, wanted)
    assert middle[0][0] + 10 < middle[1][0] and middle[1][1] + 10 < middle[2][1]


@pytest.mark.parametrize(
    "pix_fmt",
    ["gbrpf16le", "gbrapf32le", "gbrpf32be", "rgbf32le", "rgbaf16le", "grayf32le", "yaf16le"],
)
def test_float_planes_read_every_float_layout(display: DisplayTransform, pix_fmt: str) -> None:
    """Planar, packed, grey and big-endian float frames give their R, G, B values unclipped."""
    layout = pix_fmt.split("f")[0]
    dtype = np.dtype(
        ("<" if pix_fmt.endswith("le") else ">") + ("f2" if "f16" in pix_fmt else "f4")
    )
    rng = np.random.default_rng(8)
    picture = (rng.random((9, 13, 3)) * 8).astype(dtype)
    if layout in ("gray", "ya"):
        picture[:, :, 0] = picture[:, :, 2] = picture[:, :, 1]
    frame = av.VideoFrame(13, 9, pix_fmt)
    channels = {"gbrp": 1, "gbrap": 1, "rgb": 3, "rgba": 4, "gray": 1, "ya": 2}[layout]
    sources = {"gbrp": (1, 2, 0), "gbrap": (1, 2, 0, 0)}.get(layout, (0,))
    for index, channel in enumerate(sources):
        plane = frame.planes[index]
        per_row = plane.line_size // dtype.itemsize
        rows = np.frombuffer(memoryview(plane), dtype=dtype, count=per_row * 9)
        pixels = np.ones((9, 13, channels), dtype)
        pixels[:, :, : min(channels, 3)] = picture[:, :, channel : channel + min(channels, 3)]
        if layout == "ya":
            pixels[:, :, 0] = picture[:, :, 1]
        rows.reshape(9, per_row)[:, : 13 * channels] = pixels.reshape(9, -1)
    np.testing.assert_array_equal(linear_rgb(frame), picture.astype(np.float32))
    shown = display_rgb(display, frame).to_ndarray()
    assert np.abs(shown.astype(int) - display.apply(picture).astype(int)).max() <= 1


def test_proxy_of_an_all_intra_source_is_not_all_intra(tmp_path: Path, probe: ProbeRun) -> None:
    """Decoded frames carry pict_type I; handed on as they are, x264 would obey them."""
    common = {"frames": 48, "width": 320, "height": 180}
    intra = synth.write_clip(
        tmp_path / "intra.mp4", **common, options={"preset": "ultrafast", "x264-params": "keyint=1"}
    )
    normal = synth.write_clip(tmp_path / "normal.mp4", **common)
    with av.open(str(intra)) as container:
        assert {frame.pict_type for frame in container.decode(video=0)} == {1}  # all I
    intra_proxy = make_proxy(intra, tmp_path / "intra_proxy.mp4")
    normal_proxy = make_proxy(normal, tmp_path / "normal_proxy.mp4")
    info = probe(intra_proxy)
    assert_review_proxy(info, width=320, height=180, frames=48)
    types = [frame["pict_type"] for frame in info.frames]
    assert types.count("P") > 40, types
    assert intra_proxy.stat().st_size < 1.5 * normal_proxy.stat().st_size


def test_pts_come_from_the_frame_count_at_23_976(tmp_path: Path, probe: ProbeRun) -> None:
    """Irregular source timestamps still give a constant-rate proxy; 23.976 fps gets a key
    frame at least every 23 frames (24 would be 1.001 s apart)."""
    fps = Fraction(24000, 1001)
    encoder = ProxyEncoder(tmp_path / "vfr.mp4", width=64, height=36, fps=fps)
    for index in range(60):
        picture = synth_pictures.test_pattern(64, 36, index, 60)
        frame = av.VideoFrame.from_ndarray(picture, format="rgb24")
        frame.pts, frame.time_base = index * 7 + (index % 3) * 5, Fraction(1, 1000)
        encoder.add(frame)
    info = probe(encoder.close())
    assert_review_proxy(info, width=64, height=36, frames=60)
    times = [float(frame["pts_time"]) for frame in info.frames]
    assert times == pytest.approx([index / fps for index in range(60)], abs=1e-4)
    assert info.video["avg_frame_rate"] == "24000/1001"


def test_frames_handed_in_are_not_changed(tmp_path: Path) -> None:
    """A yuv420p source at the proxy size is encoded as it is: its pts and type come back."""
    encoder = ProxyEncoder(tmp_path / "same.mp4", width=64, height=36, fps=Fraction(24))
    frame = av.VideoFrame.from_ndarray(synth_pictures.test_pattern(64, 36, 0, 1), format="rgb24")
    frame = frame.reformat(format="yuv420p", dst_colorspace="ITU709", dst_color_range="MPEG")
    frame.pts, frame.time_base, frame.pict_type = 1234, Fraction(1, 90000), 1
    encoder.add(frame)
    assert (frame.pts, frame.time_base, frame.pict_type) == (1234, Fraction(1, 90000), 1)
    assert encoder.close().stat().st_size > 0


def test_abort_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "aborted.mp4"
    encoder = ProxyEncoder(target, width=64, height=36, fps=Fraction(24), audio_rate=48000)
    for index in range(40):  # enough to pass x264's look-ahead: packets reach the file
        encoder.add(
            av.VideoFrame.from_ndarray(synth_pictures.test_pattern(64, 36, index, 40), "rgb24")
        )
    assert target.stat().st_size > 0
    encoder.abort()
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(MediaOutputError, match="already closed"):
        encoder.add(av.VideoFrame(64, 36, "yuv420p"))


def test_closing_without_frames_is_an_error_and_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "empty.mp4"
    encoder = ProxyEncoder(target, width=64, height=36, fps=Fraction(24))
    with pytest.raises(MediaOutputError, match="empty.mp4.*no frames"):
        encoder.close()
    assert not target.exists()


def test_a_full_disk_raises_a_typed_error_naming_the_file(tmp_path: Path) -> None:
    """RLIMIT_FSIZE makes writes past 64 KiB fail with EFBIG, as a full disk would."""
    target = tmp_path / "full.mp4"
    noise = np.random.default_rng(7)
    previous_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    encoder = ProxyEncoder(target, width=320, height=180, fps=Fraction(24))
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, hard))
    try:
        with pytest.raises(MediaOutputError, match="full.mp4") as raised:
            for _ in range(48):
                picture = noise.integers(0, 255, (180, 320, 3), dtype=np.uint8)
                encoder.add(av.VideoFrame.from_ndarray(picture, format="rgb24"))
            encoder.close()
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous_handler)
    assert isinstance(raised.value, OSError)
    assert not target.exists()


def test_keyframe_interval_follows_the_settings(tmp_path: Path, probe: ProbeRun) -> None:
    source = synth.write_clip(tmp_path / "gop.mp4", frames=48, width=128, height=72, cut_at=30)
    settings = ProxySettings(height=36, keyframe_seconds=0.5, crf=30, preset="ultrafast")
    info = probe(make_proxy(source, tmp_path / "gop_proxy.mp4", settings=settings))
    assert_review_proxy(info, width=64, height=36, frames=48)
    keys = info.key_times
    assert max(b - a for a, b in zip(keys, keys[1:], strict=False)) <= 0.5 + 1e-6
