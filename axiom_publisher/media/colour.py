"""Scene-linear pictures to display-referred 8-bit RGB through an OpenColorIO display/view.

Never a naive clamp: the picture goes through the config's display/view transform (with the
built-in ACES 2.0 config, its tone scale maps scene 0.18 to a display mid grey and rolls the
highlights off smoothly). The CPU processor is built once per DisplayTransform; pixels are
processed by OCIO in C++ over the numpy buffer (in row bands on all cores, OCIO releases the
GIL), never per pixel in Python.

Cost measured on the 2-core machine of DESIGN.md: the ACES 2.0 output transform runs ~450 ns
per pixel on one core (~0.45 s for a 1280x720 picture), so callers scale down FIRST and
transform the proxy-sized picture only.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import PyOpenColorIO as ocio
from numpy.typing import NDArray

from axiom_publisher.core.errors import ConfigError

# +Inf becomes this (the largest half float): far above any display's white, still finite.
LARGEST_FINITE = 65504.0
# Rows per band below which splitting a picture over threads is not worth it.
_MIN_BAND_ROWS = 32


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
    listing the valid ones.
    """

    def __init__(
        self,
        config_path: str | None = None,
        *,
        source: str | None = None,
        display: str | None = None,
        view: str | None = None,
    ) -> None:
        config = self._load_config(config_path)
        self.source = self._source_name(config, source)
        self.display = self._display_name(config, display)
        self.view = self._view_name(config, self.display, view)
        self.description = f"{self.source} -> {self.display} / {self.view}"
        try:
            processor = config.getProcessor(
                self.source, self.display, self.view, ocio.TRANSFORM_DIR_FORWARD
            )
            self._cpu = processor.getOptimizedCPUProcessor(ocio.OPTIMIZATION_DEFAULT)
        except ocio.Exception as error:
            raise ConfigError(f"OCIO cannot build {self.description}: {error}") from error
        self._threads = min(len(os.sched_getaffinity(0)), 8)
        self._pool: ThreadPoolExecutor | None = None

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
        pixels = np.array(rgb[:, :, :3], dtype=np.float32, order="C", copy=True)
        np.nan_to_num(pixels, copy=False, nan=0.0, posinf=LARGEST_FINITE, neginf=0.0)
        self._transform(pixels)
        np.multiply(pixels, 255.0, out=pixels)
        np.add(pixels, 0.5, out=pixels)
        np.clip(pixels, 0.0, 255.0, out=pixels)
        return pixels.astype(np.uint8)

    def _transform(self, pixels: NDArray[np.float32]) -> None:
        """OCIO in place, in row bands over the cores for pictures worth splitting."""
        rows = pixels.shape[0]
        bands = min(self._threads, rows // _MIN_BAND_ROWS)
        if bands <= 1:
            self._cpu.applyRGB(pixels)
            return
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self._threads, thread_name_prefix="axiom-ocio")
        edges = np.linspace(0, rows, bands + 1).astype(int)
        jobs = [
            self._pool.submit(self._cpu.applyRGB, pixels[start:end])
            for start, end in zip(edges[:-1], edges[1:], strict=True)
        ]
        for job in jobs:
            job.result()
