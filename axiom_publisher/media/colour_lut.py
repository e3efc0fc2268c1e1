"""How the display transform runs fast: the baked LUT and the row bands.

The "baked" quality (see colour.py's notes) is a shaper (log2 over scene 0.18 * 2^-12 ..
0.18 * 2^+12, with a linear toe through 0 below that) then a size^3 3D LUT sampled once per
process from the exact processor, as a float32 and a half-float input CPU processor, cached
by the exact processor's cache ID and the size. OCIO runs over a picture in row bands on a
shared pool (it releases the GIL).
"""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import PyOpenColorIO as ocio
from numpy.typing import NDArray

DEFAULT_LUT_SIZE = 65
# The shaper: log2 from 0.18 * 2^-12 (its break) to 0.18 * 2^+12 (the top of the LUT), and
# below the break the straight line tangent to it, which meets 0 at scene 0 (so black stays
# exactly black through un-tone-mapped views). Its log side is log2(x) rescaled so that
# SHAPER_LOG2_MIN -> 0 and SHAPER_LOG2_MAX -> 1; SHAPER_LOG2_MIN sits 1/ln(2) stops below the
# break, which is where the tangent line reaches 0.
SHAPER_BREAK = 0.18 * 2.0**-12
SHAPER_LOG2_MIN = math.log2(SHAPER_BREAK) - 1.0 / math.log(2.0)
SHAPER_LOG2_MAX = math.log2(0.18) + 12.0
# Rows per band below which splitting a picture over threads is not worth it.
_MIN_BAND_ROWS = 32
# Baked processors kept per process (a 65^3 LUT is ~3.3 MB), oldest dropped first.
_BAKED_LIMIT = 16

# OCIO input bit depths by name; half planes of EXR are read as they are (no float32 copy).
DEPTHS = {"f32": ocio.BIT_DEPTH_F32, "f16": ocio.BIT_DEPTH_F16}
DTYPE_DEPTHS = {np.dtype(np.float32): "f32", np.dtype(np.float16): "f16"}

_baked: dict[tuple[str, int], dict[str, Any]] = {}
_baked_lock = threading.Lock()
_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def cpu_threads() -> int:
    """Threads for OCIO's row bands: the cores this process may use, at most 8."""
    return min(len(os.sched_getaffinity(0)), 8)


def in_bands(rows: int, threads: int, run: Callable[[int, int], None]) -> None:
    """run(start, end) over row bands, on a shared pool when the picture is worth splitting."""
    global _pool
    bands = min(threads, rows // _MIN_BAND_ROWS)
    if bands <= 1:
        run(0, rows)
        return
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(cpu_threads(), thread_name_prefix="axiom-ocio")
        pool = _pool
    edges = np.linspace(0, rows, bands + 1).astype(int)
    jobs = [
        pool.submit(run, int(start), int(end))
        for start, end in zip(edges[:-1], edges[1:], strict=True)
    ]
    for job in jobs:
        job.result()


def _shaper() -> Any:
    """Scene linear -> [0, 1] for the LUT: see SHAPER_*; NaN, negatives, -Inf -> 0, +Inf -> 1."""
    span = SHAPER_LOG2_MAX - SHAPER_LOG2_MIN
    log2 = ocio.LogCameraTransform([SHAPER_BREAK] * 3)
    log2.setBase(2.0)
    log2.setLogSideSlopeValue([1.0 / span] * 3)
    log2.setLogSideOffsetValue([-SHAPER_LOG2_MIN / span] * 3)
    shaper = ocio.GroupTransform()
    shaper.appendTransform(log2)
    shaper.appendTransform(ocio.RangeTransform(0.0, 1.0, 0.0, 1.0))  # clamps, NaN included
    return shaper


def _shaper_inverse(shaped: NDArray[np.float64]) -> NDArray[np.float64]:
    """The scene-linear values that _shaper() maps to `shaped` (the LUT's nodes)."""
    span = SHAPER_LOG2_MAX - SHAPER_LOG2_MIN
    at_break = (math.log2(SHAPER_BREAK) - SHAPER_LOG2_MIN) / span
    logarithmic = np.exp2(SHAPER_LOG2_MIN + shaped * span)
    return np.where(shaped < at_break, shaped / at_break * SHAPER_BREAK, logarithmic)


def sample_lut(exact: Any, size: int) -> NDArray[np.float32]:
    """`exact` (an OCIO CPU processor) sampled on a size^3 grid of shaper space: display RGB
    as a (size * size, size, 3) float32 array, red slowest and blue fastest."""
    nodes = _shaper_inverse(np.linspace(0.0, 1.0, size)).astype(np.float32)
    red, green, blue = np.meshgrid(nodes, nodes, nodes, indexing="ij")  # blue fastest
    grid = np.ascontiguousarray(np.stack([red, green, blue], axis=-1).reshape(size * size, size, 3))
    in_bands(grid.shape[0], cpu_threads(), lambda start, end: exact.applyRGB(grid[start:end]))
    return grid


def shaper_nodes(points: int) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The shaper as `points` (scene-linear input, shaped output in 0..1) pairs, for tools that
    take it as a piecewise-linear 1D LUT (see lut_export)."""
    shaped = np.linspace(0.0, 1.0, points)
    return _shaper_inverse(shaped), shaped


def bake(exact: Any, size: int) -> dict[str, Any]:
    """Sample `exact` on a size^3 grid in shaper space: float32 -> uint8 and half -> uint8
    CPU processors, by input depth ("f32", "f16")."""
    grid = sample_lut(exact, size)
    lut = ocio.Lut3DTransform(size)
    lut.setInterpolation(ocio.INTERP_TETRAHEDRAL)
    lut.setData(grid.ravel())
    group = ocio.GroupTransform()
    group.appendTransform(_shaper())
    group.appendTransform(lut)
    processor = ocio.Config.CreateRaw().getProcessor(group)
    return {
        name: processor.getOptimizedCPUProcessor(
            depth, ocio.BIT_DEPTH_UINT8, ocio.OPTIMIZATION_DEFAULT
        )
        for name, depth in DEPTHS.items()
    }


def clear_baked_cache() -> None:
    """Forget the baked LUTs of this process (the next DisplayTransform bakes again)."""
    with _baked_lock:
        _baked.clear()


def baked_processors(processor: Any, size: int) -> dict[str, Any]:
    """The process-wide baked processors for this exact transform, baked on first use."""
    key = (str(processor.getCacheID()), size)
    with _baked_lock:  # one bake per key even when publishes start together
        baked = _baked.get(key)
        if baked is None:
            exact = processor.getOptimizedCPUProcessor(ocio.OPTIMIZATION_DEFAULT)
            baked = bake(exact, size)
            while len(_baked) >= _BAKED_LIMIT:
                del _baked[next(iter(_baked))]
            _baked[key] = baked
        return baked
