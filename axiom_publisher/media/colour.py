"""Scene-linear pictures to display-referred 8-bit RGB through an OpenColorIO display/view.

Never a naive clamp: the picture goes through the config's display/view transform (with the
built-in ACES 2.0 config, its tone scale maps scene 0.18 to a display mid grey and rolls the
highlights off smoothly). Pixels are processed by OCIO in C++ over the numpy buffer (in row
bands on all cores, OCIO releases the GIL), never per pixel in Python.

Two qualities:

- "exact": the config's full display/view processor. The ACES 2.0 output transform is costly.
- "baked" (the default): a shaper (log2 over scene 0.18 * 2^-12 .. 0.18 * 2^+12, i.e. 4.4e-5 ..
  737, with a linear toe through 0 below that; negatives, -Inf and NaN land on 0, +Inf on the
  top) then a 65^3 3D LUT sampled ONCE per process from the exact processor (cached by the
  exact processor's cache ID and the LUT size, so any config, source, display, view), run by
  OCIO's own CPU processor, tetrahedral interpolation, straight to uint8 (no numpy passes).
  The exact path clamps negative ACEScg to 0 too, so the shaper loses nothing there.
  The baked LUT has a float32 and a half-float input processor: `apply_planes` reads a decoded
  frame's planes in place (gbrpf16le EXR as half, padded rows, interleaved channels), ~11-13
  ns/pixel on this busy machine (1920x1080 in ~22-29 ms, one band or two alike under load),
  within 1 code value of the float32 path.

Measured on the 2-core machine of DESIGN.md, 1280x720 float32 in, uint8 out, all of apply()
(benchmarks/bench_colour.py):

    exact:  480-550 ns/pixel on 1 thread, 255-295 ns/pixel in 2 row bands (~0.25 s / frame)
    baked:  ~16 ns/pixel on 1 thread, 9-11 ns/pixel in 2 row bands (~9 ms / frame, ~30x)
    bake:   0.10-0.15 s once per process (65^3 samples of the exact processor, in 2 bands)

Baked vs exact through ACES 2.0 SDR, in 8-bit code values: grey ramp 2^-10..2^10 within 1;
colours inside the Rec.709 gamut (as ACEScg 0..16): mean 0.18, p99 2, p99.9 3, worst 17;
uniform random ACEScg 0..16 (mostly very saturated): mean 0.25, p99 3, p99.9 10, worst ~60, at
bright saturated cyans / yellows on the display gamut boundary, where the gamut compression
bends sharply between two LUT nodes. A 33^3 LUT is ~3x worse (Rec.709 set: mean 0.65, p99 5)
for no speed gain. Views with a hard clip (the built-in "Un-tone-mapped") bake worse: greys
within 1, but over-range saturated colours up to ~130 codes off; use quality="exact" there and
for anything graded.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import PyOpenColorIO as ocio
from numpy.typing import NDArray

from axiom_publisher.core.errors import ConfigError
from axiom_publisher.media.colour_lut import (
    DEFAULT_LUT_SIZE,
    DEPTHS,
    DTYPE_DEPTHS,
    baked_processors,
    cpu_threads,
    in_bands,
)

# +Inf becomes this (the largest half float): far above any display's white, still finite.
LARGEST_FINITE = 65504.0
QUALITIES = ("baked", "exact")


def _names(values: Any) -> list[str]:
    return [str(value) for value in values]


def _listing(names: list[str], limit: int = 40) -> str:
    shown = ", ".join(repr(name) for name in names[:limit])
    return shown + (f", ... ({len(names) - limit} more)" if len(names) > limit else "")


class DisplayTransform:
    """An OCIO source colour space -> display / view transform to 8-bit display RGB.

    `config_path` None uses OCIO's built-in default config (the ACES 2.0 CG config);
    `source` None the config's scene_linear role; `display` / `view` None the config's
    default display and that display's default view. Unknown names raise ConfigError
    listing the valid ones. `quality` "baked" (default) runs a shaper + `lut_size`^3 3D LUT
    baked once per process from the exact transform (~30x faster, see the module notes);
    "exact" runs the config's full processor.
    """

    def __init__(
        self,
        config_path: str | None = None,
        *,
        source: str | None = None,
        display: str | None = None,
        view: str | None = None,
        quality: str = "baked",
        lut_size: int = DEFAULT_LUT_SIZE,
    ) -> None:
        if quality not in QUALITIES:
            raise ConfigError(
                f"unknown display quality {quality!r}; qualities: {_listing([*QUALITIES])}"
            )
        if not 2 <= lut_size <= 129:
            raise ConfigError(f"the baked LUT size must be 2..129, got {lut_size}")
        config = self._load_config(config_path)
        self.source = self._source_name(config, source)
        self.display = self._display_name(config, display)
        self.view = self._view_name(config, self.display, view)
        self.quality = quality
        self.lut_size = lut_size
        names = f"{self.source} -> {self.display} / {self.view}"
        mode = "exact" if quality == "exact" else f"baked {lut_size}^3 LUT"
        self.description = f"{names} ({mode})"
        try:
            processor = config.getProcessor(
                self.source, self.display, self.view, ocio.TRANSFORM_DIR_FORWARD
            )
            # The exact processor, kept for exports of the same transform (lut_export).
            self.processor = processor
            if quality == "exact":
                self._cpu = processor.getOptimizedCPUProcessor(ocio.OPTIMIZATION_DEFAULT)
                self._cpus: dict[str, Any] = {}
            else:
                self._cpus = baked_processors(processor, lut_size)
                self._cpu = self._cpus["f32"]
        except ocio.Exception as error:
            raise ConfigError(f"OCIO cannot build {names}: {error}") from error
        self._threads = cpu_threads()

    @staticmethod
    def _load_config(config_path: str | None) -> Any:
        try:
            if config_path is None:
                return ocio.Config.CreateFromBuiltinConfig("default")
            return ocio.Config.CreateFromFile(config_path)
        except (ocio.Exception, ocio.ExceptionMissingFile) as error:
            where = config_path or "the built-in default"
            raise ConfigError(f"cannot load the OCIO config {where}: {error}") from error

    @staticmethod
    def _source_name(config: Any, source: str | None) -> str:
        wanted = source if source is not None else ocio.ROLE_SCENE_LINEAR
        colour_space = config.getColorSpace(wanted)  # names, aliases and roles
        if colour_space is None:
            valid = _names(cs.getName() for cs in config.getColorSpaces())
            what = (
                "has no scene_linear role" if source is None else f"has no colour space {wanted!r}"
            )
            raise ConfigError(f"the OCIO config {what}; colour spaces: {_listing(valid)}")
        return str(colour_space.getName())

    @staticmethod
    def _display_name(config: Any, display: str | None) -> str:
        displays = _names(config.getDisplays())
        if display is None:
            display = str(config.getDefaultDisplay())
        if display not in displays:
            raise ConfigError(f"unknown OCIO display {display!r}; displays: {_listing(displays)}")
        return display

    @staticmethod
    def _view_name(config: Any, display: str, view: str | None) -> str:
        views = _names(config.getViews(display))
        if view is None:
            view = str(config.getDefaultView(display))
        if view not in views:
            raise ConfigError(
                f"unknown OCIO view {view!r} for display {display!r}; views: {_listing(views)}"
            )
        return view

    def apply(self, rgb: NDArray[Any]) -> NDArray[np.uint8]:
        """Scene-linear float HxWx3 (or HxWx4, alpha dropped) -> display uint8 HxWx3.

        The input is not modified. NaN becomes 0, +Inf the largest half float, -Inf 0.
        """
        if rgb.ndim != 3 or rgb.shape[2] not in (3, 4):
            raise ValueError(f"expected an HxWx3 or HxWx4 picture, got shape {rgb.shape}")
        if self.quality == "exact":
            return self._apply_exact(rgb)
        rows, width = rgb.shape[:2]
        shown = np.empty((rows, width, 3), dtype=np.uint8)
        if shown.size == 0:
            return shown
        # Read in place when already contiguous float32 RGB: OCIO writes only to `shown`.
        pixels = np.ascontiguousarray(rgb[:, :, :3], dtype=np.float32)

        def run(start: int, end: int) -> None:
            source = ocio.PackedImageDesc(pixels[start:end], width, end - start, 3)
            target = ocio.PackedImageDesc(
                shown[start:end], width, end - start, 3, ocio.BIT_DEPTH_UINT8, 1, 3, 3 * width
            )
            self._cpu.apply(source, target)

        in_bands(rows, self._threads, run)
        return shown

    def apply_planes(
        self,
        red: NDArray[Any],
        green: NDArray[Any],
        blue: NDArray[Any],
        out: NDArray[np.uint8] | None = None,
    ) -> NDArray[np.uint8]:
        """Scene-linear HxW planes (e.g. the G, B, R planes of a decoded gbrpf16le frame)
        -> display uint8 HxWx3, written into `out` when given (any row stride).

        Half or float32 planes sharing one layout are read in place, strides and all (rows
        padded to a line size, or channels interleaved in one buffer), so a decoded frame goes
        through OCIO with no conversion copy. Same results as `apply` on the stacked planes.
        """
        planes = (red, green, blue)
        shape = red.shape
        if len(shape) != 2 or any(plane.shape != shape for plane in planes):
            raise ValueError(f"expected three HxW planes, got {[p.shape for p in planes]}")
        rows, width = shape
        if out is None:
            out = np.empty((rows, width, 3), dtype=np.uint8)
        elif out.shape != (rows, width, 3) or out.dtype != np.uint8 or out.strides[1:] != (3, 1):
            raise ValueError(f"expected a {rows}x{width}x3 uint8 output with packed pixels")
        if out.size == 0:
            return out
        depth = DTYPE_DEPTHS.get(red.dtype)
        same = all(p.dtype == red.dtype and p.strides == red.strides for p in planes)
        if self.quality == "exact" or depth is None or not same or min(red.strides) <= 0:
            out[...] = self.apply(np.stack(planes, axis=-1))
            return out
        cpu = self._cpus[depth]
        x_stride, y_stride, out_stride = red.strides[1], red.strides[0], out.strides[0]
        bit_depth = DEPTHS[depth]

        def run(start: int, end: int) -> None:
            source = ocio.PlanarImageDesc(
                red[start:end], green[start:end], blue[start:end], width, end - start,
                bit_depth, x_stride, y_stride,
            )  # fmt: skip
            target = ocio.PackedImageDesc(
                out[start:end], width, end - start, 3, ocio.BIT_DEPTH_UINT8, 1, 3, out_stride
            )
            cpu.apply(source, target)

        in_bands(rows, self._threads, run)
        return out

    def _apply_exact(self, rgb: NDArray[Any]) -> NDArray[np.uint8]:
        pixels = np.array(rgb[:, :, :3], dtype=np.float32, order="C", copy=True)
        np.nan_to_num(pixels, copy=False, nan=0.0, posinf=LARGEST_FINITE, neginf=0.0)
        in_bands(
            pixels.shape[0], self._threads, lambda start, end: self._cpu.applyRGB(pixels[start:end])
        )
        np.multiply(pixels, 255.0, out=pixels)
        np.add(pixels, 0.5, out=pixels)
        np.clip(pixels, 0.0, 255.0, out=pixels)
        return pixels.astype(np.uint8)
