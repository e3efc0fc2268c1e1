"""OpenEXR headers: the parts of a file, their channels, windows, tiles and chunk counts.

Parsed from the raw bytes (no library) by `exr_layout`, which then checks the chunk tables.
Every value is bounded here: names and attribute sizes, window coordinates, sizes against
AXIOM's limits (as decode_files.MAX_SIDE / MAX_PIXELS), sampling, tile sizes, known compressions.
"""

from __future__ import annotations

import dataclasses
import mmap
import struct
from collections.abc import Iterator
from dataclasses import dataclass

MAGIC = b"\x76\x2f\x31\x01"
MAX_SIDE = 32768  # pixels, either dimension (as decode_files.MAX_SIDE)
MAX_PIXELS = 1 << 26
TILED, LONG_NAMES, NON_IMAGE, MULTI_PART = 0x200, 0x400, 0x800, 0x1000
_HEADER_LIMIT = 1 << 24  # bytes: a header (metadata, preview) larger than this is refused
_COORDINATE_LIMIT = 1 << 30
# Scanlines per chunk by compression id (none, rle, zips, zip, piz, pxr24, b44, b44a, dwaa,
# dwab, htj2k256, htj2k32); ids missing here are refused as unknown.
BLOCK_LINES = {0: 1, 1: 1, 2: 1, 3: 16, 4: 32, 5: 16, 6: 32, 7: 32, 8: 32, 9: 256, 10: 256, 11: 32}
STORAGES = ("scanlineimage", "tiledimage", "deepscanline", "deeptile")


@dataclass(frozen=True)
class ExrChannel:
    name: str
    pixel_type: int  # 0 uint, 1 half, 2 float
    x_sampling: int
    y_sampling: int


@dataclass(frozen=True)
class ExrPart:
    index: int
    storage: str  # one of STORAGES
    compression: int
    data_window: tuple[int, int, int, int]  # x min, y min, x max, y max (inclusive)
    display_window: tuple[int, int, int, int]
    channels: tuple[ExrChannel, ...]
    tiles: tuple[int, int, int, int] | None  # x size, y size, level mode, rounding mode
    chromaticities: tuple[float, ...] | None  # red, green, blue, white xy
    chunk_count: int

    @property
    def tiled(self) -> bool:
        return self.storage in ("tiledimage", "deeptile")

    @property
    def deep(self) -> bool:
        return self.storage.startswith("deep")


class ExrDamage(Exception):
    """Why the structure is broken (becomes a DecodeError naming the file)."""


def _box(value: bytes) -> tuple[int, int, int, int]:
    if len(value) != 16:
        raise ExrDamage("a window attribute has the wrong size")
    box: tuple[int, int, int, int] = struct.unpack("<iiii", value)
    if any(abs(v) > _COORDINATE_LIMIT for v in box) or box[2] < box[0] or box[3] < box[1]:
        raise ExrDamage(f"its window {box} is invalid")
    return box


def size_of(box: tuple[int, int, int, int]) -> tuple[int, int]:
    return box[2] - box[0] + 1, box[3] - box[1] + 1


def _check_size(box: tuple[int, int, int, int], what: str) -> None:
    width, height = size_of(box)
    if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
        raise ExrDamage(
            f"its {what} is {width}x{height}, larger than AXIOM decodes "
            f"({MAX_SIDE} px a side, {MAX_PIXELS >> 20} Mpixel)"
        )


def _channels(value: bytes, box: tuple[int, int, int, int]) -> tuple[ExrChannel, ...]:
    channels, offset = [], 0
    while offset < len(value) and value[offset] != 0:
        end = value.find(b"\x00", offset)
        if end < 0 or end + 17 > len(value):
            raise ExrDamage("its channel list is cut short")
        name = value[offset:end].decode("utf-8", "replace")
        pixel_type, _, x_sampling, y_sampling = struct.unpack("<iB3xii", value[end + 1 : end + 17])
        if pixel_type not in (0, 1, 2) or x_sampling < 1 or y_sampling < 1:
            raise ExrDamage(f"its channel {name!r} has an invalid type or sampling")
        if box[0] % x_sampling or box[1] % y_sampling or (box[2] - box[0] + 1) % x_sampling:
            raise ExrDamage(f"its channel {name!r} sampling does not fit the data window")
        channels.append(ExrChannel(name, pixel_type, x_sampling, y_sampling))
        offset = end + 17
    if not channels:
        raise ExrDamage("it has no channels")
    return tuple(channels)


def _level_sizes(size: int, count: int, round_up: bool) -> list[int]:
    return [
        max(1, -(-size // (1 << level)) if round_up else size >> level) for level in range(count)
    ]


def _level_count(size: int, round_up: bool) -> int:
    floor_log = size.bit_length() - 1
    return floor_log + 1 + (1 if round_up and size != 1 << floor_log else 0)


def tile_levels(part: ExrPart) -> list[tuple[int, int, int, int]]:
    """(level x, level y, width, height) of every level of a tiled part, in table order."""
    assert part.tiles is not None
    _, _, mode, rounding = part.tiles
    width, height = size_of(part.data_window)
    up = rounding == 1
    if mode == 0:
        return [(0, 0, width, height)]
    if mode == 1:
        count = _level_count(max(width, height), up)
        xs, ys = _level_sizes(width, count, up), _level_sizes(height, count, up)
        return [(level, level, xs[level], ys[level]) for level in range(count)]
    xs = _level_sizes(width, _level_count(width, up), up)
    ys = _level_sizes(height, _level_count(height, up), up)
    return [(lx, ly, xs[lx], ys[ly]) for ly in range(len(ys)) for lx in range(len(xs))]


def _tile_count(part: ExrPart) -> int:
    assert part.tiles is not None
    tile_x, tile_y = part.tiles[:2]
    return sum(-(-w // tile_x) * -(-h // tile_y) for _, _, w, h in tile_levels(part))


def tile_grid(part: ExrPart) -> Iterator[tuple[int, int, int, int]]:
    """(tile x, tile y, level x, level y) of every chunk of a tiled part, in table order."""
    assert part.tiles is not None
    tile_x, tile_y = part.tiles[:2]
    for lx, ly, level_w, level_h in tile_levels(part):
        for ty in range(-(-level_h // tile_y)):
            for tx in range(-(-level_w // tile_x)):
                yield tx, ty, lx, ly


def part_from_header(index: int, attributes: dict[str, tuple[str, bytes]], flags: int) -> ExrPart:
    def value(name: str) -> bytes:
        if name not in attributes:
            raise ExrDamage(f"its header has no {name!r} attribute")
        return attributes[name][1]

    multi = bool(flags & MULTI_PART)
    if multi or "type" in attributes:
        storage = value("type").rstrip(b"\x00").decode("ascii", "replace")
        if storage not in STORAGES:
            raise ExrDamage(f"its part type {storage!r} is unknown")
    else:
        storage = "tiledimage" if flags & TILED else "scanlineimage"
    data_window = _box(value("dataWindow"))
    display_window = _box(value("displayWindow"))
    _check_size(data_window, "data window")
    if index == 0:
        _check_size(display_window, "display window")
    compression = value("compression")[:1]
    if not compression or compression[0] not in BLOCK_LINES:
        raise ExrDamage(f"it uses an unknown compression ({compression.hex() or 'none given'})")
    channels = _channels(value("channels"), data_window)
    tiles = None
    if storage in ("tiledimage", "deeptile"):
        raw = value("tiles")
        if len(raw) != 9:
            raise ExrDamage("its tile description is invalid")
        tile_x, tile_y, mode = struct.unpack("<IIB", raw)
        if not (1 <= tile_x <= MAX_SIDE and 1 <= tile_y <= MAX_SIDE) or mode & 0x0F > 2:
            raise ExrDamage(f"its tile description ({tile_x}x{tile_y}, mode {mode}) is invalid")
        tiles = (tile_x, tile_y, mode & 0x0F, mode >> 4)
    chroma = attributes.get("chromaticities")
    chromaticities = struct.unpack("<8f", chroma[1]) if chroma and len(chroma[1]) == 32 else None
    part = ExrPart(index, storage, compression[0], data_window, display_window, channels,
                   tiles, chromaticities, 0)  # fmt: skip
    if tiles is not None:
        count = _tile_count(part)
    else:
        count = -(-size_of(data_window)[1] // BLOCK_LINES[compression[0]])
    if "chunkCount" in attributes:
        (declared,) = struct.unpack("<i", value("chunkCount")[:4].ljust(4, b"\x00"))
        if declared != count:
            raise ExrDamage(f"its chunk count ({declared}) does not match its size ({count})")
    return dataclasses.replace(part, chunk_count=count)


def header_attributes(
    data: mmap.mmap, offset: int, long_names: bool
) -> tuple[dict[str, tuple[str, bytes]], int]:
    """The attributes of the header at `offset` and the offset after its terminating 0."""
    limit = 256 if long_names else 32
    attributes: dict[str, tuple[str, bytes]] = {}
    while True:
        if offset >= len(data):
            raise ExrDamage("its header is cut short")
        if offset > _HEADER_LIMIT:
            raise ExrDamage(f"its header is larger than {_HEADER_LIMIT >> 20} MiB")
        if data[offset] == 0:
            return attributes, offset + 1
        name_end = data.find(b"\x00", offset, offset + limit)
        type_end = data.find(b"\x00", name_end + 1, name_end + 1 + limit)
        if name_end < 0 or type_end < 0 or type_end + 5 > len(data):
            raise ExrDamage("its header is cut short or has an attribute name that is too long")
        (size,) = struct.unpack_from("<i", data, type_end + 1)
        if size < 0 or type_end + 5 + size > len(data):
            raise ExrDamage("its header is cut short or has an attribute of invalid size")
        name = data[offset:name_end].decode("utf-8", "replace")
        kind = data[name_end + 1 : type_end].decode("utf-8", "replace")
        attributes[name] = (kind, data[type_end + 5 : type_end + 5 + size])
        offset = type_end + 5 + size
