"""Example studio plugin (API 1): the studio's product naming, and no "missing texture" magenta.

Two QC checks, run in AXIOM's one analysis pass:

- `studio.naming`: the product name follows the studio convention (a regular expression,
  `[plugins.options.studio_naming] pattern`, default lower case words joined by `_`);
- `studio.magenta`: no frame has more than `magenta_share` (default 1%) of its pixels pure
  magenta, the colour renderers and game engines paint where a texture is missing.

Install: copy this file into a folder named in `[plugins] folders`, or ship it in a package
with an `axiom_publisher.plugins` entry point (see README.md beside it).
"""

from __future__ import annotations

import re
from typing import Any

from axiom_publisher.core.plugin import Finding, FrameView, ItemInfo
from axiom_publisher.core.qc import QCStatus

API = 1
NAME = "studio_naming"
CHECKS = {
    "studio.naming": "the product name follows the studio naming convention",
    "studio.magenta": "no frame shows missing-texture magenta",
}
DEFAULT_PATTERN = r"[a-z][a-z0-9]*(_[a-z0-9]+)*"


class MagentaFrames:
    """Counts, frame by frame, the share of pure magenta pixels (R and B high, G low)."""

    def __init__(self, share: float) -> None:
        self.share = share
        self.frames: list[int] = []

    def frame(self, view: FrameView) -> None:
        rgb: Any = view.rgb()  # float32 (height, width, 3)
        magenta = (rgb[..., 0] > 0.9) & (rgb[..., 2] > 0.9) & (rgb[..., 1] < 0.1)
        if magenta.mean() > self.share:
            self.frames.append(view.number)

    def finish(self) -> list[Finding]:
        return [_magenta(self.frames, self.share)]


def _naming(item: ItemInfo) -> Finding:
    if item.context is None:  # `axiom qc` outside a project: nothing to name yet
        return Finding("studio.naming", QCStatus.SKIP, "no product to check (no context)")
    pattern = str(item.options.get("pattern", DEFAULT_PATTERN))
    product = item.context.product
    if re.fullmatch(pattern, product):
        return Finding("studio.naming", QCStatus.PASS, f"product {product!r} is well named")
    return Finding(
        "studio.naming",
        QCStatus.FAIL,
        f"product {product!r} does not follow the studio naming ({pattern}): use lower case "
        "words joined by '_', e.g. 'bg_plate', and publish again",
    )


def _magenta(frames: list[int], share: float) -> Finding:
    if not frames:
        return Finding("studio.magenta", QCStatus.PASS, "no missing-texture magenta")
    return Finding(
        "studio.magenta",
        QCStatus.FAIL,
        f"{len(frames)} frame(s) are over {share:.0%} missing-texture magenta: check the "
        "texture paths of the render and publish again",
        tuple(frames),
    )


def validate(item: ItemInfo) -> list[Finding | MagentaFrames]:
    # The naming finding depends only on the context: returned at once, so that AXIOM can
    # check it again when the artist changes the product after the analysis. The pixel
    # check sees the frames of the one analysis pass.
    return [_naming(item), MagentaFrames(float(item.options.get("magenta_share", 0.01)))]
