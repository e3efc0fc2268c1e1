"""DisplayTransform quality="baked" (shaper + 3D LUT) against quality="exact" (full ACES 2.0)."""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
import PyOpenColorIO as ocio
import pytest

from axiom_publisher.core.errors import ConfigError
from axiom_publisher.media import colour_lut
from axiom_publisher.media.colour import DisplayTransform

ACES_SDR = ("ACEScg", "sRGB - Display", "ACES 2.0 - SDR 100 nits (Rec.709)")


@pytest.fixture(scope="module")
def exact() -> DisplayTransform:
    return DisplayTransform(quality="exact")


@pytest.fixture(scope="module")
def baked() -> DisplayTransform:
    return DisplayTransform(quality="baked")


def row(values: Any) -> np.ndarray:
    """N x 3 values -> a 1xNx3 float32 picture."""
    return np.ascontiguousarray(np.asarray(values, dtype=np.float32)[None])


def code_errors(baked: DisplayTransform, exact: DisplayTransform, picture: np.ndarray) -> Any:
    return np.abs(baked.apply(picture).astype(int) - exact.apply(picture).astype(int))


def test_grey_ramp_within_one_code_value(baked: DisplayTransform, exact: DisplayTransform) -> None:
    greys = np.exp2(np.linspace(-10.0, 10.0, 4001))
    errors = code_errors(baked, exact, row(np.repeat(greys[:, None], 3, axis=1)))
    assert errors.max() <= 1
    assert (np.ptp(baked.apply(row(np.repeat(greys[:, None], 3, axis=1))), axis=2) == 0).all()


def test_in_gamut_colours_match_closely(baked: DisplayTransform, exact: DisplayTransform) -> None:
    """Colours inside the display's Rec.709 gamut, as ACEScg 0..16, over 10 stops of exposure."""
    rng = np.random.default_rng(11)
    count = 200_000
    linear = rng.random((count, 3)) * np.exp2(rng.uniform(-6.0, 4.0, (count, 1)))
    to_acescg = (
        ocio.Config.CreateFromBuiltinConfig("default")
        .getProcessor("Linear Rec.709 (sRGB)", "ACEScg")
        .getDefaultCPUProcessor()
    )
    picture = row(linear)
    to_acescg.applyRGB(picture)
    np.clip(picture, 0.0, 16.0, out=picture)
    errors = code_errors(baked, exact, picture)
    assert errors.mean() < 0.5  # measured 0.18
    assert np.percentile(errors, 99) < 3  # measured 2
    assert np.percentile(errors, 99.9) <= 5  # measured 3


def test_saturated_acescg_colours_stay_close(
    baked: DisplayTransform, exact: DisplayTransform
) -> None:
    """Uniform ACEScg 0..16 per channel: mostly very saturated colours, the LUT's worst case."""
    rng = np.random.default_rng(12)
    errors = code_errors(baked, exact, row(rng.random((200_000, 3)) * 16.0))
    assert errors.mean() < 0.5  # measured 0.25
    assert np.percentile(errors, 99) <= 4  # measured 3
    assert np.percentile(errors, 99.9) <= 16  # measured 10 (worst ~60, bright cyan/yellow)


def test_nan_inf_and_negatives_like_exact(baked: DisplayTransform, exact: DisplayTransform) -> None:
    nan, inf = np.nan, np.inf
    values = [
        [nan, nan, nan], [inf, inf, inf], [-inf, -inf, -inf], [-1.0, -1.0, -1.0],
        [nan, 0.18, 0.18], [0.0, 0.18, 0.18], [inf, 0.18, 0.18], [65504.0, 0.18, 0.18],
        [-inf, 0.5, 2.0], [-0.3, 0.5, 2.0], [0.0, 0.5, 2.0], [1e30, 0.2, nan],
        [0.5, -0.01, 0.02], [4.0, nan, -inf],
    ]  # fmt: skip
    picture = row(values)
    before = picture.copy()
    shown, expected = baked.apply(picture), exact.apply(picture)
    assert np.abs(shown.astype(int) - expected.astype(int)).max() <= 1
    np.testing.assert_array_equal(shown[0, 4], shown[0, 5])  # NaN is 0
    np.testing.assert_array_equal(shown[0, 8], shown[0, 10])  # -Inf is 0, as is -0.3
    np.testing.assert_array_equal(shown[0, 9], shown[0, 10])
    assert list(shown[0, 0]) == [0, 0, 0] and list(shown[0, 1]) == [255, 255, 255]
    np.testing.assert_array_equal(picture, before)  # the input is not modified


def test_input_layouts_give_the_same_pixels(baked: DisplayTransform) -> None:
    rng = np.random.default_rng(5)
    picture = (rng.random((40, 70, 3)) * 4).astype(np.float32)
    expected = baked.apply(picture)
    rgba = np.concatenate([picture, np.ones((40, 70, 1), np.float32)], axis=2)
    np.testing.assert_array_equal(baked.apply(rgba), expected)
    np.testing.assert_array_equal(baked.apply(picture.astype(np.float64)), expected)
    wide = np.zeros((40, 140, 3), np.float32)
    wide[:, ::2] = picture
    np.testing.assert_array_equal(baked.apply(wide[:, ::2]), expected)  # a strided view
    half = picture.astype(np.float16)
    np.testing.assert_array_equal(baked.apply(half), baked.apply(half.astype(np.float32)))
    assert baked.apply(np.zeros((0, 5, 3), np.float32)).shape == (0, 5, 3)


def test_exact_quality_gives_the_exact_numbers(exact: DisplayTransform) -> None:
    rng = np.random.default_rng(9)
    picture = (rng.random((64, 64, 3)) ** 2 * 20).astype(np.float32)
    config = ocio.Config.CreateFromBuiltinConfig("default")
    processor = config.getProcessor(*ACES_SDR, ocio.TRANSFORM_DIR_FORWARD)
    reference = picture.copy()
    processor.getDefaultCPUProcessor().applyRGB(reference)
    expected = np.clip(reference * 255.0 + 0.5, 0.0, 255.0).astype(np.uint8)
    np.testing.assert_array_equal(exact.apply(picture), expected)
    assert exact.description.endswith("(Rec.709) (exact)") and exact.quality == "exact"


def test_the_bake_is_done_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    bakes: list[int] = []
    real_bake = colour_lut.bake

    def counting_bake(processor: Any, size: int) -> Any:
        bakes.append(size)
        return real_bake(processor, size)

    monkeypatch.setattr(colour_lut, "bake", counting_bake)
    colour_lut.clear_baked_cache()
    first = DisplayTransform()
    second = DisplayTransform(source="ACEScg")  # the same transform, named explicitly
    assert bakes == [65] and second._cpu is first._cpu
    small = DisplayTransform(lut_size=33)
    other_view = DisplayTransform(view="Un-tone-mapped")
    assert bakes == [65, 33, 65]
    assert small._cpu is not first._cpu and other_view._cpu is not first._cpu
    assert small.description.endswith("(baked 33^3 LUT)")
    DisplayTransform(quality="exact")
    assert len(bakes) == 3  # the exact quality bakes nothing


def test_concurrent_constructions_bake_once(monkeypatch: pytest.MonkeyPatch) -> None:
    bakes: list[int] = []
    real_bake = colour_lut.bake

    def counting_bake(processor: Any, size: int) -> Any:
        bakes.append(size)
        return real_bake(processor, size)

    monkeypatch.setattr(colour_lut, "bake", counting_bake)
    colour_lut.clear_baked_cache()
    built: list[DisplayTransform] = []
    threads = [threading.Thread(target=lambda: built.append(DisplayTransform())) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert bakes == [65] and len({id(transform._cpu) for transform in built}) == 1


def test_a_small_lut_is_still_a_tone_mapped_display() -> None:
    small, exact = DisplayTransform(lut_size=17), DisplayTransform(quality="exact")  # coarse
    greys = row(np.repeat(np.exp2(np.linspace(-6.0, 8.0, 200))[:, None], 3, axis=1))
    assert np.abs(small.apply(greys).astype(int) - exact.apply(greys).astype(int)).max() <= 4


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"quality": "fast"}, "unknown display quality 'fast'; qualities: 'baked', 'exact'"),
        ({"quality": "Exact"}, "qualities: 'baked', 'exact'"),
        ({"lut_size": 1}, "LUT size must be 2..129, got 1"),
        ({"lut_size": 1000}, "got 1000"),
    ],
)
def test_unknown_quality_or_size_is_a_config_error(options: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(".", r"\.")):
        DisplayTransform(**options)


@pytest.mark.parametrize("dtype", [np.float32, np.float16])
def test_planes_give_the_pixels_of_apply(baked: DisplayTransform, dtype: Any) -> None:
    """apply_planes reads half or float planes in place (padded rows, interleaved channels)
    and writes into a padded output; NaN / Inf as apply does. Half input runs OCIO's half
    path, within 1 code value of the float32 one."""
    rng = np.random.default_rng(3)
    picture = (rng.random((50, 70, 3)) ** 2 * 20).astype(np.float32)
    picture[1, 1], picture[2, 2], picture[3, 3] = (np.nan, 1, np.inf), (-np.inf,) * 3, (np.inf,) * 3
    picture = picture.astype(dtype)
    expected = baked.apply(picture.astype(np.float32)).astype(int)
    padded = np.zeros((50, 80), dtype)
    planes = []
    for channel in range(3):
        plane = padded.copy()
        plane[:, :70] = picture[:, :, channel]
        planes.append(plane[:, :70])
    shown = baked.apply_planes(*planes)
    assert np.abs(shown.astype(int) - expected).max() <= (0 if dtype is np.float32 else 1)
    interleaved = baked.apply_planes(picture[:, :, 0], picture[:, :, 1], picture[:, :, 2])
    np.testing.assert_array_equal(interleaved, shown)
    out_rows = np.full((50, 256), 7, np.uint8)
    out = out_rows[:, :210].reshape(50, 70, 3)
    assert baked.apply_planes(*planes, out=out) is out
    np.testing.assert_array_equal(out, shown)
    assert (out_rows[:, 210:] == 7).all()  # the padding is not written
    assert list(shown[2, 2]) == [0, 0, 0] and list(shown[3, 3]) == [255, 255, 255]
    np.testing.assert_array_equal(
        baked.apply_planes(*(plane.astype(np.float64) for plane in planes)),
        baked.apply(picture.astype(np.float64)),
    )  # other types: converted, as apply does


def test_planes_with_exact_quality_and_bad_shapes(exact: DisplayTransform) -> None:
    rng = np.random.default_rng(4)
    picture = (rng.random((20, 30, 3)) * 4).astype(np.float16)
    planes = [picture[:, :, channel] for channel in range(3)]
    np.testing.assert_array_equal(exact.apply_planes(*planes), exact.apply(picture))
    with pytest.raises(ValueError, match="three HxW planes"):
        exact.apply_planes(planes[0], planes[1], planes[2][:10])
    with pytest.raises(ValueError, match="uint8 output"):
        exact.apply_planes(*planes, out=np.zeros((20, 30, 4), np.uint8))
