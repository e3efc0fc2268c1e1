"""OpenEXR pictures read with the OpenEXR library, the format's reference implementation.

FFmpeg decodes many damaged EXRs without complaint and cannot read luminance/chroma (YC)
files at all. Here every EXR is first checked by `exr_layout` (headers, chunk tables, sizes),
then its picture is read by OpenEXR. OpenEXR is faster than FFmpeg for every compression
measured (benchmarks/bench_exr.py, 1080p half and float, zip/piz/dwaa: 0.2-0.8x the time),
and FFmpeg 8.1 even decodes some valid PIZ and DWAA files wrongly (zeroed blocks with only a
log line, approximate DWA), so FFmpeg never reads an EXR. The frame comes out exactly as
FFmpeg (PyAV's) produces it where FFmpeg reads the file right, so frame hashes equal its
framemd5:

- the picture is the first part's R, G, B (and A) channels, else its Y (and A) channels,
  or Y, RY, BY for a YC file (converted to RGB as OpenEXR's RgbaInputFile does, with the
  file's chromaticities; chroma is interpolated linearly);
- half -> gbrpf16le / gbrapf16le / grayf16le / yaf16le; float -> the f32 formats; uint
  -> rgb48le / rgba64le / gray16le / ya16le (the high 16 bits); channels of mixed types
  (which FFmpeg refuses) -> float32;
- the frame is the display window; the data window is placed in it, zeros elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import OpenEXR
from av.video.frame import VideoFrame
from numpy.typing import NDArray

from axiom_publisher.core.errors import DecodeError
from axiom_publisher.media.exr_header import MAGIC, ExrPart
from axiom_publisher.media.exr_layout import ExrLayout, read_layout
from axiom_publisher.media.exr_output import kept_output

_REC709 = (0.64, 0.33, 0.30, 0.60, 0.15, 0.06, 0.3127, 0.3290)
_FORMATS = {  # (layout, pixel type) -> pix_fmt; pixel type 0 uint, 1 half, 2 float
    ("rgb", 0): "rgb48le", ("rgb", 1): "gbrpf16le", ("rgb", 2): "gbrpf32le",
    ("rgba", 0): "rgba64le", ("rgba", 1): "gbrapf16le", ("rgba", 2): "gbrapf32le",
    ("y", 0): "gray16le", ("y", 1): "grayf16le", ("y", 2): "grayf32le",
    ("ya", 0): "ya16le", ("ya", 1): "yaf16le", ("ya", 2): "yaf32le",
}  # fmt: skip


@dataclass(frozen=True)
class Plan:
    """How one EXR file's picture is read."""

    layout: ExrLayout
    pix_fmt: str
    channels: tuple[str, ...]  # the source channels, in the frame's plane/interleave order
    yc: bool  # Y, RY, BY (and A): converted to RGB

    @property
    def part(self) -> ExrPart:
        return self.layout.parts[0]


def is_exr(path: Path) -> bool:
    """True when the file's content starts with the OpenEXR magic number."""
    try:
        with open(path, "rb") as stream:
            return stream.read(4) == MAGIC
    except OSError:
        return False


def plan(path: Path) -> Plan:
    """Check the file's structure and choose its picture; DecodeError names what is wrong."""
    layout = read_layout(path)
    part = layout.parts[0]
    if part.deep:
        raise DecodeError(f"{path.name} is a deep OpenEXR: it has no flat picture to check")
    types = {channel.name: channel.pixel_type for channel in part.channels}
    alpha = ("A",) if "A" in types else ()
    if {"R", "G", "B"} <= types.keys():
        kind, yc = "rgb", False
        channels: tuple[str, ...] = ("G", "B", "R", *alpha)
    elif {"Y", "RY", "BY"} <= types.keys():
        kind, yc, channels = "rgb", True, ("Y", "RY", "BY", *alpha)
    elif "Y" in types:
        kind, yc, channels = "y", False, ("Y", *alpha)
    else:
        names = ", ".join(sorted(types)[:8]) + (", ..." if len(types) > 8 else "")
        raise DecodeError(
            f"{path.name} has no picture channels (R, G, B or Y) in its first part, only "
            f"{names}: export the picture as RGB(A) in the first part"
        )
    used = {types[name] for name in channels}
    pixel_type = next(iter(used)) if len(used) == 1 else 2
    if yc:
        pixel_type = max(pixel_type, 1)  # RgbaInputFile gives half; float stays float
    if kind == "rgb" and pixel_type == 0:
        channels = ("R", "G", "B", *alpha)  # packed rgb48le / rgba64le
    pix_fmt = _FORMATS[(kind + ("a" if alpha else ""), pixel_type)]
    return Plan(layout, pix_fmt, channels, yc)


def read(path: Path, plan: Plan) -> VideoFrame:
    """The picture of a planned file, decoded by OpenEXR (DecodeError names the file)."""
    try:
        with kept_output() as printed:
            exr = OpenEXR.File(str(path), separate_channels=True)
        parts = [part for part in exr.parts if part.part_index == 0]
        pixels = (
            {name: channel.pixels for name, channel in parts[0].channels.items()} if parts else {}
        )
    except Exception as error:  # every library error of bad data becomes a DecodeError
        raise DecodeError(f"{path.name} cannot be decoded by OpenEXR: {error}") from None
    if not parts or any(name not in pixels for name in plan.channels):
        said = "".join(printed).strip().rpartition(" - ")[2]
        raise DecodeError(
            f"{path.name} is damaged: OpenEXR cannot decode the pixels of its first part"
            + (f" ({said})" if said else "")
        )
    part = plan.part
    width, height = (
        part.data_window[2] - part.data_window[0] + 1,
        part.data_window[3] - part.data_window[1] + 1,
    )
    samplings = {c.name: (c.x_sampling, c.y_sampling) for c in part.channels}
    full = {
        name: _stretch(pixels[name], samplings[name], width, height, name) for name in plan.channels
    }
    if plan.yc:
        luminance = _luminance_weights(part.chromaticities or _REC709)
        if luminance is None:
            raise DecodeError(
                f"{path.name} is a luminance/chroma file whose chromaticities "
                f"{part.chromaticities} define no luminance: fix its chromaticities attribute"
            )
        full = _yc_to_rgb(full, luminance, plan.pix_fmt)
    return _frame(plan, [full[name] for name in _plane_order(plan)])


def _plane_order(plan: Plan) -> tuple[str, ...]:
    if plan.yc:
        return ("G", "B", "R", *(("A",) if "A" in plan.channels else ()))
    return plan.channels


def _stretch(
    samples: NDArray[np.generic], sampling: tuple[int, int], width: int, height: int, name: str
) -> NDArray[np.generic]:
    """A channel at full resolution: subsampled chroma interpolated, other channels repeated."""
    x_factor, y_factor = sampling
    if (x_factor, y_factor) == (1, 1):
        return samples
    linear = name in ("RY", "BY")
    for axis, factor, size in ((1, x_factor, width), (0, y_factor, height)):
        if factor == 1:
            continue
        count = samples.shape[axis]
        position = np.arange(size) / factor
        low = np.minimum(np.floor(position).astype(np.intp), count - 1)
        if not linear:
            samples = np.take(samples, low, axis=axis)
            continue
        high = np.minimum(low + 1, count - 1)
        weight = (position - low).astype(np.float32)
        shape = (1, size) if axis == 1 else (size, 1)
        a = np.take(samples, low, axis=axis).astype(np.float32)
        b = np.take(samples, high, axis=axis).astype(np.float32)
        samples = a + (b - a) * weight.reshape(shape)
    return samples


def _luminance_weights(chromaticities: tuple[float, ...]) -> NDArray[np.float64] | None:
    """The Y row of the RGB -> XYZ matrix of these primaries and white point (it sums to 1),
    or None when they are degenerate. Primaries may have y = 0 (XYZ as RGB)."""
    x = np.array(chromaticities[0::2], np.float64)
    y = np.array(chromaticities[1::2], np.float64)
    if y[3] <= 0:
        return None
    primaries = np.stack([x[:3], y[:3], 1 - x[:3] - y[:3]])  # XYZ of each, up to a scale
    white = np.array([x[3] / y[3], 1.0, (1 - x[3] - y[3]) / y[3]])
    try:
        weights = y[:3] * np.linalg.solve(primaries, white)
    except np.linalg.LinAlgError:
        return None
    return weights if np.isfinite(weights).all() and weights[1] > 0 else None


def _yc_to_rgb(
    full: dict[str, NDArray[np.generic]], luminance: NDArray[np.float64], pix_fmt: str
) -> dict[str, NDArray[np.generic]]:
    weights = luminance.astype(np.float32)
    luma = full["Y"].astype(np.float32)
    red_y, blue_y = full["RY"].astype(np.float32), full["BY"].astype(np.float32)
    with np.errstate(invalid="ignore", over="ignore"):  # NaN and Inf pixels stay so
        red, blue = (red_y + 1) * luma, (blue_y + 1) * luma
        green = (luma - red * weights[0] - blue * weights[2]) / weights[1]
    grey = (red_y == 0) & (blue_y == 0)  # no chroma: exactly the luminance
    dtype = np.float16 if "f16" in pix_fmt else np.float32
    out: dict[str, NDArray[np.generic]] = {
        "R": np.where(grey, luma, red).astype(dtype),
        "G": np.where(grey, luma, green).astype(dtype),
        "B": np.where(grey, luma, blue).astype(dtype),
    }
    if "A" in full:
        out["A"] = full["A"].astype(dtype)
    return out


def _frame(plan: Plan, channels: list[NDArray[np.generic]]) -> VideoFrame:
    part = plan.part
    dx0, dy0, dx1, dy1 = part.data_window
    wx0, wy0, wx1, wy1 = part.display_window
    frame = VideoFrame(wx1 - wx0 + 1, wy1 - wy0 + 1, plan.pix_fmt)
    x0, y0, x1, y1 = max(dx0, wx0), max(dy0, wy0), min(dx1, wx1), min(dy1, wy1)
    packed = len(frame.planes) == 1 and len(channels) > 1
    if plan.pix_fmt in ("rgb48le", "rgba64le", "gray16le", "ya16le"):
        channels = [(np.asarray(c, dtype=np.uint32) >> 16).astype("<u2") for c in channels]
    elif "f16" in plan.pix_fmt:
        channels = [np.asarray(c, dtype="<f2") for c in channels]
    else:
        channels = [np.asarray(c, dtype="<f4") for c in channels]
    sources = [np.stack(channels, axis=-1)] if packed else [c[..., None] for c in channels]
    for source, plane in zip(sources, frame.planes, strict=True):
        item = source.dtype.itemsize
        target = np.frombuffer(memoryview(plane), dtype=source.dtype)
        target = target.reshape(frame.height, plane.line_size // item)
        width = source.shape[-1]
        if (x0, y0, x1, y1) != (wx0, wy0, wx1, wy1):
            target[:] = 0
        if x1 < x0 or y1 < y0:
            continue
        rows = source[y0 - dy0 : y1 - dy0 + 1, x0 - dx0 : x1 - dx0 + 1]
        target[y0 - wy0 : y1 - wy0 + 1, (x0 - wx0) * width : (x1 - wx0 + 1) * width] = rows.reshape(
            rows.shape[0], -1
        )
    return frame
