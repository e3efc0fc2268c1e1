"""lut_export: AXIOM's review transform as a Cinespace LUT that FFmpeg's lut3d applies alike."""

from __future__ import annotations

import subprocess
from pathlib import Path

import av
import numpy as np
import pytest

from axiom_publisher.media.colour import DisplayTransform
from axiom_publisher.media.lut_export import write_cinespace

HEIGHT, WIDTH = 64, 256


def ramps() -> np.ndarray:
    """Scene-linear rows of greys and colours from 2^-14 to 2^9 (deep shadows to highlights)."""
    stops = np.exp2(np.linspace(-14.0, 9.0, WIDTH)).astype(np.float32)
    rgb = np.zeros((HEIGHT, WIDTH, 3), np.float32)
    for row, weights in enumerate([(1, 1, 1), (1, 0.3, 0.05), (0.1, 0.5, 1), (0, 1, 0.7)]):
        rgb[row * 16 : (row + 1) * 16] = stops[None, :, None] * np.array(weights, np.float32)
    return rgb


def write_exr(path: Path, rgb: np.ndarray) -> Path:
    # PyAV takes planar RGB formats as HxWx3 in R, G, B order.
    frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(rgb), format="gbrpf32le")
    with av.open(str(path), "w", format="image2") as container:
        stream = container.add_stream("exr", rate=24)
        stream.width, stream.height, stream.pix_fmt = WIDTH, HEIGHT, "gbrpf32le"
        stream.codec_context.options = {"format": "float"}
        for packet in [*stream.encode(frame), *stream.encode()]:
            container.mux(packet)
    return path


@pytest.fixture(scope="module")
def lut(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_cinespace(DisplayTransform(), tmp_path_factory.mktemp("lut") / "review.csp")


def test_the_file_is_a_cinespace_lut_with_a_shaper_and_the_cube(lut: Path) -> None:
    lines = lut.read_text(encoding="ascii").splitlines()
    assert lines[:2] == ["CSPLUTV100", "3D"]
    assert "ACEScg -> sRGB - Display" in lines[4]
    shaper_inputs = [float(value) for value in lines[8].split()]
    assert lines[7] == str(len(shaper_inputs)) and shaper_inputs[0] == 0.0
    assert shaper_inputs == sorted(shaper_inputs) and shaper_inputs[-1] > 700  # 0.18 * 2^12
    assert lines[17] == "65 65 65" and len(lines) == 18 + 65**3


def test_ffmpeg_lut3d_with_the_file_matches_the_proxy_transform(
    lut: Path, tmp_path: Path, ffmpeg_tools: tuple[str, str]
) -> None:
    """The same display transform in FFmpeg as in AXIOM's proxy encoder (benchmarks compare
    them doing the same work); FFmpeg resamples the shaper on a uniform grid, so its deepest
    shadows drift a few codes."""
    rgb = ramps()
    source = write_exr(tmp_path / "ramps.exr", rgb)
    command = [ffmpeg_tools[0], "-v", "error", "-i", str(source), "-vf", f"lut3d=file={lut}"]
    command += ["-f", "rawvideo", "-pix_fmt", "rgb24", "-"]
    shown = subprocess.run(command, check=True, capture_output=True).stdout
    theirs = np.frombuffer(shown, np.uint8).reshape(HEIGHT, WIDTH, 3).astype(int)
    ours = DisplayTransform().apply(rgb).astype(int)
    difference = np.abs(theirs - ours)
    assert difference.mean() < 1.0
    assert np.percentile(difference, 99) <= 4 and difference.max() <= 6
    lit = rgb.min(axis=-1) > 2.0**-6  # no channel in the deep shadows: the two agree closely
    assert difference[lit].max() <= 2
    assert ours[:16, -1].min() > 200 and ours[:16, 0].max() < 5  # the ramps span the range
