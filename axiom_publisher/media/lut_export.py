"""The review display transform as a LUT file other tools can apply (FFmpeg's lut3d, RV, Nuke).

`write_cinespace` writes the same shaper + 3D LUT that the baked DisplayTransform runs (see
media.colour): the shaper as a piecewise-linear 1D pre-LUT per channel over scene-linear
input, then the size^3 cube sampled from the exact transform. Cinespace (.csp) is the common
format that carries a pre-LUT (FFmpeg's lut3d reads it since 4.3), so a scene-linear EXR goes
through the file exactly as through AXIOM's proxy encoder, up to the pre-LUT's sampling.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import PyOpenColorIO as ocio
from numpy.typing import NDArray

from axiom_publisher.media.colour import DisplayTransform
from axiom_publisher.media.colour_lut import sample_lut, shaper_nodes

DEFAULT_SHAPER_POINTS = 4096


def _row(values: NDArray[np.float64]) -> str:
    return " ".join(f"{value:.9g}" for value in values)


def write_cinespace(
    transform: DisplayTransform, path: Path, shaper_points: int = DEFAULT_SHAPER_POINTS
) -> Path:
    """Write `transform` (source -> display / view) as a Cinespace LUT at `path`."""
    size = transform.lut_size
    exact = transform.processor.getOptimizedCPUProcessor(ocio.OPTIMIZATION_DEFAULT)  # as baked
    cube = sample_lut(exact, size).reshape(size, size, size, 3)  # [red][green][blue]
    linear, shaped = shaper_nodes(shaper_points)
    lines = ["CSPLUTV100", "3D", "", "BEGIN METADATA", transform.description, "END METADATA", ""]
    for _ in range(3):
        lines += [str(shaper_points), _row(linear), _row(shaped)]
    lines += ["", f"{size} {size} {size}"]
    # Cinespace lists the cube with red fastest, then green, then blue.
    ordered = np.clip(cube.transpose(2, 1, 0, 3).reshape(-1, 3), 0.0, 1.0)
    lines += [f"{r:.6f} {g:.6f} {b:.6f}" for r, g, b in ordered.tolist()]
    path.write_text("\n".join(lines) + "\n", encoding="ascii")
    return path
