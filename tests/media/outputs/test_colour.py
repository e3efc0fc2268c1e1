"""DisplayTransform: scene-linear to display through OCIO's ACES 2.0 config, never a clamp."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import PyOpenColorIO as ocio
import pytest

from axiom_publisher.core.errors import ConfigError
from axiom_publisher.media.colour import DisplayTransform
from tests.media.outputs.helpers import srgb_encode


def greys(*values: float) -> np.ndarray:
    """A 1xNx3 float32 picture of neutral greys."""
    return np.repeat(np.array(values, dtype=np.float32)[:, None], 3, axis=1)[None]


def test_defaults_are_the_builtin_aces_config(display: DisplayTransform) -> None:
    assert display.description == (
        "ACEScg -> sRGB - Display / ACES 2.0 - SDR 100 nits (Rec.709) (baked 65^3 LUT)"
    )
    assert display.quality == "baked"
    assert (display.source, display.display) == ("ACEScg", "sRGB - Display")


def test_mid_grey_is_a_display_mid_grey(display: DisplayTransform) -> None:
    """ACES 2.0 puts scene 0.18 at 10 nits of 100: sRGB code 0.349 (ACES 1.x gave ~0.40)."""
    (grey,) = display.apply(greys(0.18))[0, :, 0]
    assert 0.30 < grey / 255 < 0.45
    assert grey == pytest.approx(srgb_encode(0.10) * 255, abs=2)
    assert np.ptp(display.apply(greys(0.18))[0, 0]) == 0  # neutral stays neutral


def test_highlights_roll_off_instead_of_clipping(display: DisplayTransform) -> None:
    stops = [0.18, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0]
    codes = display.apply(greys(*stops))[0, :, 0].astype(int)
    assert list(codes) == sorted(codes) and len(set(codes)) == len(codes), codes
    assert codes[2] < 200  # scene 1.0 is far from display white (a clamp would give 255)
    assert codes[4] < 250  # still detail two stops above 1.0
    assert display.apply(greys(1000.0))[0, 0, 0] >= 250


def test_nan_and_inf_do_not_break_it(display: DisplayTransform) -> None:
    picture = greys(np.nan, np.inf, -np.inf, 0.0, 1e30)
    before = picture.copy()
    shown = display.apply(picture)
    assert shown.dtype == np.uint8 and shown.shape == (1, 5, 3)
    assert list(shown[0, :, 0]) == [0, shown[0, 4, 0], 0, 0, shown[0, 4, 0]]
    assert shown[0, 1, 0] >= 250  # +Inf is brighter than anything
    np.testing.assert_array_equal(picture, before)  # the input is not modified


def test_alpha_is_dropped_and_shapes_are_checked(display: DisplayTransform) -> None:
    rgba = np.concatenate([greys(0.18, 1.0), np.full((1, 2, 1), 0.5, np.float32)], axis=2)
    np.testing.assert_array_equal(display.apply(rgba), display.apply(greys(0.18, 1.0)))
    with pytest.raises(ValueError, match="HxWx3"):
        display.apply(np.zeros((4, 4), np.float32))


@pytest.mark.parametrize("quality", ["baked", "exact"])
def test_threaded_bands_give_the_same_pixels_as_one_band(quality: str) -> None:
    rng = np.random.default_rng(3)
    picture = (rng.random((200, 96, 3)) * 6).astype(np.float32)
    threaded, single = DisplayTransform(quality=quality), DisplayTransform(quality=quality)
    single._threads = 1  # comparing against the one-band path
    np.testing.assert_array_equal(threaded.apply(picture), single.apply(picture))


@pytest.mark.parametrize(
    ("names", "listed"),
    [
        ({"display": "sRGB Monitor"}, "'sRGB - Display', 'Display P3 - Display'"),
        ({"view": "Film"}, "'ACES 2.0 - SDR 100 nits (Rec.709)', 'Un-tone-mapped'"),
        ({"source": "linear_srgb_typo"}, "'ACEScg'"),
    ],
)
def test_unknown_names_list_the_valid_ones(names: dict[str, Any], listed: str) -> None:
    with pytest.raises(ConfigError) as raised:
        DisplayTransform(**names)
    message = str(raised.value)
    assert next(iter(names.values())) in message and listed in message
    assert isinstance(raised.value, ValueError)


def test_a_config_file_and_other_names(tmp_path: Path) -> None:
    config_file = tmp_path / "studio.ocio"
    config_file.write_text(ocio.Config.CreateFromBuiltinConfig("default").serialize())
    transform = DisplayTransform(
        str(config_file), source="ACES2065-1", display="Rec.1886 Rec.709 - Display",
        view="Un-tone-mapped",
    )  # fmt: skip
    assert transform.description == (
        "ACES2065-1 -> Rec.1886 Rec.709 - Display / Un-tone-mapped (baked 65^3 LUT)"
    )
    assert transform.apply(greys(0.0))[0, 0, 0] == 0
    with pytest.raises(ConfigError, match="missing.ocio"):
        DisplayTransform(str(tmp_path / "missing.ocio"))
