"""ThumbnailPicker: keeps one frame (the target or the nearest), writes JPEG and WebP."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
from numpy.typing import NDArray

from axiom_publisher.core.errors import NoFrameError
from axiom_publisher.media import synth
from axiom_publisher.media.colour import DisplayTransform
from axiom_publisher.media.thumbnail import ThumbnailPicker, middle_frame
from tests.media.outputs.helpers import linear_rgb


def decoded(path: Path) -> list[av.VideoFrame]:
    with av.open(str(path)) as container:
        return list(container.decode(video=0))


def read_still(path: Path) -> NDArray[np.uint8]:
    """A JPEG or WebP decoded back with PyAV, as rgb24."""
    with av.open(str(path)) as container:
        (frame,) = list(container.decode(video=0))
        return frame.to_ndarray(format="rgb24")


def difference(a: NDArray[np.uint8], b: NDArray[np.uint8]) -> float:
    return float(np.abs(a.astype(int) - b.astype(int)).mean())


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> list[av.VideoFrame]:
    """12 decoded yuv420p frames of 320x180 (the bar moves 25 pixels a frame)."""
    folder = tmp_path_factory.mktemp("thumbnail")
    return decoded(synth.write_clip(folder / "clip.mp4", frames=12, width=320, height=180))


def offer_all(picker: ThumbnailPicker, frames: list[av.VideoFrame], first: int = 1001) -> None:
    for offset, frame in enumerate(frames):
        picker.offer(first + offset, frame)


def test_middle_frame() -> None:
    assert [middle_frame(1001, 1100), middle_frame(1, 1), middle_frame(1, 2)] == [1050, 1, 1]
    with pytest.raises(ValueError, match="empty"):
        middle_frame(10, 9)


def test_writes_jpeg_and_webp_of_the_target_frame(
    tmp_path: Path, clip: list[av.VideoFrame]
) -> None:
    picker = ThumbnailPicker(1006, width=160)
    offer_all(picker, clip)
    assert picker.picked == 1006
    jpeg, webp = picker.write(tmp_path, "thumb")
    assert (jpeg.name, webp.name) == ("thumb.jpg", "thumb.webp")
    assert jpeg.read_bytes()[:2] == b"\xff\xd8"
    assert webp.read_bytes()[:4] == b"RIFF" and webp.read_bytes()[8:12] == b"WEBP"
    expected = [frame.to_ndarray(format="rgb24")[::2, ::2] for frame in clip]
    for still in (read_still(jpeg), read_still(webp)):
        assert still.shape == (90, 160, 3)
        errors = [difference(still, picture) for picture in expected]
        assert errors[5] < 6, errors  # frame 1006 is index 5
        assert errors.index(min(errors)) == 5


def test_never_upscales_and_squares_anamorphic_pixels(
    tmp_path: Path, clip: list[av.VideoFrame]
) -> None:
    plain = ThumbnailPicker(1001)
    plain.offer(1001, clip[0])
    assert read_still(plain.write(tmp_path, "plain")[0]).shape == (180, 320, 3)
    anamorphic = ThumbnailPicker(1001, width=480, sample_aspect=Fraction(2))
    anamorphic.offer(1001, clip[0])
    assert read_still(anamorphic.write(tmp_path, "wide")[1]).shape == (136, 480, 3)


@pytest.mark.parametrize(
    ("target", "offered", "expected"),
    [
        (1005, [1001, 1002, 1003, 1004, 1006, 1007], 1004),  # a tie: the earlier frame
        (1005, [1001, 1002, 1003, 1007, 1008], 1003),  # a tie again
        (1005, [1001, 1002, 1003, 1008], 1003),
        (1005, [1001, 1002, 1006, 1009], 1006),
        (1005, [1001, 1002, 1003], 1003),  # the target is after the end
        (900, [1001, 1002], 1001),  # the target is before the start
    ],
)
def test_a_missing_target_falls_back_to_the_nearest_frame(
    tmp_path: Path, clip: list[av.VideoFrame], target: int, offered: list[int], expected: int
) -> None:
    picker = ThumbnailPicker(target, width=160)
    for number in offered:
        picker.offer(number, clip[number - 1001])
    assert picker.picked == expected
    still = read_still(picker.write(tmp_path, "fallback")[0])
    assert difference(still, clip[expected - 1001].to_ndarray(format="rgb24")[::2, ::2]) < 6


def test_without_a_target_it_takes_about_the_middle(clip: list[av.VideoFrame]) -> None:
    picker = ThumbnailPicker(None, width=32)
    for number in range(1, 201):
        picker.offer(number, clip[number % len(clip)])
    assert picker.picked is not None and abs(picker.picked - middle_frame(1, 200)) <= 200 // 16
    assert len(picker._candidates) <= 16  # memory stays bounded


def test_nothing_offered_is_a_typed_value_error(tmp_path: Path) -> None:
    picker = ThumbnailPicker(1001)
    assert picker.picked is None
    with pytest.raises(NoFrameError) as raised:
        picker.write(tmp_path, "none")
    assert isinstance(raised.value, ValueError)
    assert list(tmp_path.iterdir()) == []


def test_float_frames_go_through_the_display(tmp_path: Path, display: DisplayTransform) -> None:
    (exr,) = synth.write_sequence(
        tmp_path / "plate", "plate", 1001, 1001, width=320, height=180, codec="exr",
        nan={1001: 100}, inf={1001: 100},
    )  # fmt: skip
    (frame,) = decoded(exr)
    assert frame.format.name == "gbrpf16le"
    picker = ThumbnailPicker(1001, width=160, display=display)
    picker.offer(1001, frame)
    still = read_still(picker.write(tmp_path, "plate")[1])
    linear = linear_rgb(frame)[::2, ::2]  # up to 2.0, unclipped
    assert still.shape == (90, 160, 3)
    assert difference(still, display.apply(linear)) < 6
