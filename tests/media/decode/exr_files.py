"""EXR files for the decode tests, written with the OpenEXR package (and one by hand).

- `write_exr`: any channels, scanline or tiled, one part or several;
- `write_yc`: a luminance/chroma file (Y full size, RY/BY subsampled 2x2) of a known RGB
  picture, with the RGB it must decode to;
- `write_mipmapped`: a tiled mip-mapped file with every level (the binding writes level 0
  only), assembled by hand from the format's spec, uncompressed.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import OpenEXR
from numpy.typing import NDArray

Array = NDArray[np.generic]


def pattern(height: int, width: int, dtype: str = "f2", seed: int = 0) -> dict[str, Array]:
    """R, G, B planes: smooth ramps plus a little noise, values 0..2."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    base = (x / max(width - 1, 1) + y / max(height - 1, 1)).astype(np.float32)
    return {
        name: (base * (0.5 + 0.25 * i) + rng.random((height, width), np.float32) * 0.1).astype(
            dtype
        )
        for i, name in enumerate("RGB")
    }


def _tiles(mode: object) -> object:
    description = OpenEXR.TileDescription()
    description.xSize, description.ySize, description.mode = 16, 16, mode
    return description


def write_exr(
    path: Path,
    channels: Mapping[str, Array],
    compression: object = OpenEXR.ZIP_COMPRESSION,
    *,
    tiled: bool = False,
    parts: int = 1,
    header: Mapping[str, object] | None = None,
) -> Path:
    """One file; with `parts` > 1, that many parts of the same channels (named view0, ...)."""
    attributes: dict[str, object] = {
        "compression": compression,
        "type": OpenEXR.tiledimage if tiled else OpenEXR.scanlineimage,
        **(header or {}),
    }
    if tiled:
        attributes["tiles"] = _tiles(OpenEXR.ONE_LEVEL)
    if parts == 1:
        OpenEXR.File(attributes, dict(channels)).write(str(path))
    else:
        OpenEXR.File(
            [OpenEXR.Part(dict(attributes), dict(channels), f"view{i}") for i in range(parts)]
        ).write(str(path))
    return path


REC709 = (0.64, 0.33, 0.30, 0.60, 0.15, 0.06, 0.3127, 0.3290)
XYZ = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1 / 3, 1 / 3)  # X, Y, Z as R, G, B (primaries with y = 0)
# The Y row of RGB -> XYZ for each (OpenEXR's RgbaYca weights), from the primaries' XYZ.
LUMINANCE = {REC709: (0.212639, 0.715169, 0.072192), XYZ: (0.0, 1.0, 0.0)}


def write_yc(
    path: Path, height: int, width: int, chromaticities: tuple[float, ...] = REC709
) -> tuple[Path, dict[str, NDArray[np.float32]]]:
    """A YC file whose chroma is a linear ramp (so linear interpolation restores it exactly)
    and the RGB it holds (computed from the stored half values)."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    luma = (0.2 + x / width + 0.5 * y / height).astype(np.float16)
    red_y = (-0.4 + 0.8 * x / width).astype(np.float16)  # exact at the even (sampled) x, y
    blue_y = (0.3 - 0.6 * y / height).astype(np.float16)
    sub_red, sub_blue = red_y[::2, ::2], blue_y[::2, ::2]
    channels = {"Y": OpenEXR.Channel("Y", luma)}
    for name, sub in (("RY", sub_red), ("BY", sub_blue)):
        # The binding takes a subsampled channel's samples from the start of a full-size
        # array, in row order; checked below by reading the file back.
        carrier = np.zeros((height, width), np.float16)
        carrier.ravel()[: sub.size] = sub.ravel()
        channels[name] = OpenEXR.Channel(name, carrier, 2, 2)
    header = {"compression": OpenEXR.PIZ_COMPRESSION, "type": OpenEXR.scanlineimage}
    if chromaticities != REC709:
        header["chromaticities"] = chromaticities
    OpenEXR.File(header, channels).write(str(path))
    stored = OpenEXR.File(str(path), separate_channels=True).channels()
    assert np.array_equal(stored["RY"].pixels, sub_red), "the binding wrote other chroma"
    weights = LUMINANCE[chromaticities]
    lum = luma.astype(np.float32)
    red = (red_y.astype(np.float32) + 1) * lum
    blue = (blue_y.astype(np.float32) + 1) * lum
    green = (lum - red * weights[0] - blue * weights[2]) / weights[1]
    return path, {"R": red, "G": green, "B": blue}


def _attribute(name: str, kind: str, value: bytes) -> bytes:
    return name.encode() + b"\0" + kind.encode() + b"\0" + struct.pack("<i", len(value)) + value


def write_mipmapped(path: Path, rgb: Mapping[str, Array], tile: int = 16) -> Path:
    """A tiled, mip-mapped (round down), uncompressed half RGB file with all its levels.

    Lower levels are box-filtered halvings of level 0; only level 0 is the picture."""
    height, width = next(iter(rgb.values())).shape
    names = sorted(rgb)  # channels are stored in name order
    channel_list = b"".join(n.encode() + b"\0" + struct.pack("<iB3xii", 1, 0, 1, 1) for n in names)
    header = b"".join(
        [
            _attribute("channels", "chlist", channel_list + b"\0"),
            _attribute("compression", "compression", b"\0"),
            _attribute("dataWindow", "box2i", struct.pack("<iiii", 0, 0, width - 1, height - 1)),
            _attribute("displayWindow", "box2i", struct.pack("<iiii", 0, 0, width - 1, height - 1)),
            _attribute("lineOrder", "lineOrder", b"\0"),
            _attribute("pixelAspectRatio", "float", struct.pack("<f", 1.0)),
            _attribute("screenWindowCenter", "v2f", struct.pack("<ff", 0, 0)),
            _attribute("screenWindowWidth", "float", struct.pack("<f", 1.0)),
            _attribute("tiles", "tiledesc", struct.pack("<IIB", tile, tile, 1)),
        ]
    )
    levels = [{n: np.asarray(rgb[n], np.float16) for n in names}]
    while max(levels[-1][names[0]].shape) > 1:
        h, w = levels[-1][names[0]].shape
        levels.append(
            {n: levels[-1][n][: max(h // 2 * 2, 1) : 2, : max(w // 2 * 2, 1) : 2] for n in names}
        )
    chunks: list[bytes] = []
    for level, planes in enumerate(levels):
        h, w = planes[names[0]].shape
        for ty in range(-(-h // tile)):
            for tx in range(-(-w // tile)):
                rows = slice(ty * tile, min((ty + 1) * tile, h))
                cols = slice(tx * tile, min((tx + 1) * tile, w))
                data = b"".join(
                    planes[n][row, cols].astype("<f2").tobytes()
                    for row in range(rows.start, rows.stop)
                    for n in names
                )
                chunks.append(struct.pack("<iiiii", tx, ty, level, level, len(data)) + data)
    head = b"\x76\x2f\x31\x01" + struct.pack("<I", 2 | 0x200) + header + b"\0"
    offset = len(head) + 8 * len(chunks)
    table = []
    for chunk in chunks:
        table.append(struct.pack("<Q", offset))
        offset += len(chunk)
    path.write_bytes(head + b"".join(table) + b"".join(chunks))
    return path
