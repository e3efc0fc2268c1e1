"""The structure of an OpenEXR file, checked before a single pixel is decoded.

Reads the header(s) and walks every chunk table: each offset must point inside the file at
the chunk the table says is there (the right part, scanline block or tile, with a size that
fits). FFmpeg skips chunks it cannot read (a truncated or scrambled file decodes with black
lines and no error), and a reader trusting a bogus table may read or allocate anything, so
every EXR is checked here whichever decoder then reads it. Only the header and the table
entries are read (memory-mapped): ~0.1 ms for a 1080p frame.

Sizes are checked before anything is allocated: every part's data window and the first
part's display window must fit AXIOM's limits (`decode.MAX_SIDE`, `MAX_PIXELS`).
"""

from __future__ import annotations

import dataclasses
import mmap
import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from axiom_publisher.core.errors import DecodeError

MAGIC = b"\x76\x2f\x31\x01"
MAX_SIDE = 32768  # pixels, either dimension (as decode.MAX_SIDE)
MAX_PIXELS = 1 << 26
_TILED, _LONG_NAMES, _NON_IMAGE, _MULTI_PART = 0x200, 0x400, 0x800, 0x1000
_HEADER_LIMIT = 1 << 24  # bytes: a header (metadata, preview) larger than this is refused
_COORDINATE_LIMIT = 1 << 30
# Scanlines per chunk by compression id (none, rle, zips, zip, piz, pxr24, b44, b44a, dwaa,
# dwab, htj2k256, htj2k32); ids missing here are refused as unknown.
BLOCK_LINES = {0: 1, 1: 1, 2: 1, 3: 16, 4: 32, 5: 16, 6: 32, 7: 32, 8: 32, 9: 256, 10: 256, 11: 32}
COMPRESSION_NAMES = {
    0: "none", 1: "rle", 2: "zips", 3: "zip", 4: "piz", 5: "pxr24", 6: "b44", 7: "b44a",
    8: "dwaa", 9: "dwab", 10: "htj2k256", 11: "htj2k32",
}  # fmt: skip
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


@dataclass(frozen=True)
class ExrLayout:
    parts: tuple[ExrPart, ...]
    multi_part: bool


class _Damage(Exception):
    """Why the structure is broken (becomes a DecodeError naming the file)."""


def _box(value: bytes) -> tuple[int, int, int, int]:
    if len(value) != 16:
        raise _Damage("a window attribute has the wrong size")
    box: tuple[int, int, int, int] = struct.unpack("<iiii", value)
    if any(abs(v) > _COORDINATE_LIMIT for v in box) or box[2] < box[0] or box[3] < box[1]:
        raise _Damage(f"its window {box} is invalid")
    return box


def _size_of(box: tuple[int, int, int, int]) -> tuple[int, int]:
    return box[2] - box[0] + 1, box[3] - box[1] + 1


def _check_size(box: tuple[int, int, int, int], what: str) -> None:
    width, height = _size_of(box)
    if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
        raise _Damage(
            f"its {what} is {width}x{height}, larger than AXIOM decodes "
            f"({MAX_SIDE} px a side, {MAX_PIXELS >> 20} Mpixel)"
        )


def _channels(value: bytes, box: tuple[int, int, int, int]) -> tuple[ExrChannel, ...]:
    channels, offset = [], 0
    while offset < len(value) and value[offset] != 0:
        end = value.find(b"\x00", offset)
        if end < 0 or end + 17 > len(value):
            raise _Damage("its channel list is cut short")
        name = value[offset:end].decode("utf-8", "replace")
        pixel_type, _, x_sampling, y_sampling = struct.unpack("<iB3xii", value[end + 1 : end + 17])
        if pixel_type not in (0, 1, 2) or x_sampling < 1 or y_sampling < 1:
            raise _Damage(f"its channel {name!r} has an invalid type or sampling")
        if box[0] % x_sampling or box[1] % y_sampling or (box[2] - box[0] + 1) % x_sampling:
            raise _Damage(f"its channel {name!r} sampling does not fit the data window")
        channels.append(ExrChannel(name, pixel_type, x_sampling, y_sampling))
        offset = end + 17
    if not channels:
        raise _Damage("it has no channels")
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
    width, height = _size_of(part.data_window)
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


def _part(index: int, attributes: dict[str, tuple[str, bytes]], flags: int) -> ExrPart:
    def value(name: str) -> bytes:
        if name not in attributes:
            raise _Damage(f"its header has no {name!r} attribute")
        return attributes[name][1]

    multi = bool(flags & _MULTI_PART)
    if multi or "type" in attributes:
        storage = value("type").rstrip(b"\x00").decode("ascii", "replace")
        if storage not in STORAGES:
            raise _Damage(f"its part type {storage!r} is unknown")
    else:
        storage = "tiledimage" if flags & _TILED else "scanlineimage"
    data_window = _box(value("dataWindow"))
    display_window = _box(value("displayWindow"))
    _check_size(data_window, "data window")
    if index == 0:
        _check_size(display_window, "display window")
    compression = value("compression")[:1]
    if not compression or compression[0] not in BLOCK_LINES:
        raise _Damage(f"it uses an unknown compression ({compression.hex() or 'none given'})")
    channels = _channels(value("channels"), data_window)
    tiles = None
    if storage in ("tiledimage", "deeptile"):
        raw = value("tiles")
        if len(raw) != 9:
            raise _Damage("its tile description is invalid")
        tile_x, tile_y, mode = struct.unpack("<IIB", raw)
        if not (1 <= tile_x <= MAX_SIDE and 1 <= tile_y <= MAX_SIDE) or mode & 0x0F > 2:
            raise _Damage(f"its tile description ({tile_x}x{tile_y}, mode {mode}) is invalid")
        tiles = (tile_x, tile_y, mode & 0x0F, mode >> 4)
    chroma = attributes.get("chromaticities")
    chromaticities = struct.unpack("<8f", chroma[1]) if chroma and len(chroma[1]) == 32 else None
    part = ExrPart(index, storage, compression[0], data_window, display_window, channels,
                   tiles, chromaticities, 0)  # fmt: skip
    if tiles is not None:
        count = _tile_count(part)
    else:
        count = -(-_size_of(data_window)[1] // BLOCK_LINES[compression[0]])
    if "chunkCount" in attributes:
        (declared,) = struct.unpack("<i", value("chunkCount")[:4].ljust(4, b"\x00"))
        if declared != count:
            raise _Damage(f"its chunk count ({declared}) does not match its size ({count})")
    return dataclasses.replace(part, chunk_count=count)


def _attributes(
    data: mmap.mmap, offset: int, long_names: bool
) -> tuple[dict[str, tuple[str, bytes]], int]:
    """The attributes of the header at `offset` and the offset after its terminating 0."""
    limit = 256 if long_names else 32
    attributes: dict[str, tuple[str, bytes]] = {}
    while True:
        if offset >= len(data):
            raise _Damage("its header is cut short")
        if offset > _HEADER_LIMIT:
            raise _Damage(f"its header is larger than {_HEADER_LIMIT >> 20} MiB")
        if data[offset] == 0:
            return attributes, offset + 1
        name_end = data.find(b"\x00", offset, offset + limit)
        type_end = data.find(b"\x00", name_end + 1, name_end + 1 + limit)
        if name_end < 0 or type_end < 0 or type_end + 5 > len(data):
            raise _Damage("its header is cut short or has an attribute name that is too long")
        (size,) = struct.unpack_from("<i", data, type_end + 1)
        if size < 0 or type_end + 5 + size > len(data):
            raise _Damage("its header is cut short or has an attribute of invalid size")
        name = data[offset:name_end].decode("utf-8", "replace")
        kind = data[name_end + 1 : type_end].decode("utf-8", "replace")
        attributes[name] = (kind, data[type_end + 5 : type_end + 5 + size])
        offset = type_end + 5 + size


def _check_chunks(
    data: mmap.mmap, part: ExrPart, offsets: tuple[int, ...], first: int, multi: bool
) -> None:
    """Every table entry of `part` points at its own chunk, which lies inside the file."""
    size = len(data)
    prefix = 4 if multi else 0
    head = (16 if part.tiled else 4) + (24 if part.deep else 4)
    lines = BLOCK_LINES[part.compression]
    if part.tiled:
        expected: Iterator[tuple[int, ...]] = tile_grid(part)
    else:
        expected = ((part.data_window[1] + i * lines,) for i in range(part.chunk_count))
    what = f"part {part.index} " if multi else ""
    for index, (offset, where) in enumerate(zip(offsets, expected, strict=True)):
        chunk = f"chunk {index} of {what}(" + ("tile" if part.tiled else "line") + f" {where})"
        if offset < first or offset + prefix + head > size:
            raise _Damage(
                f"its chunk table is damaged or the file is cut short: {chunk} is at byte "
                f"{offset}, the file has {size} bytes"
            )
        if multi and struct.unpack_from("<i", data, offset)[0] != part.index:
            raise _Damage(f"its chunk table is damaged: {chunk} belongs to another part")
        body = offset + prefix
        found = struct.unpack_from("<iiii" if part.tiled else "<i", data, body)
        if found != where:
            raise _Damage(f"its chunk table is damaged: {chunk} holds {found} instead")
        body += 16 if part.tiled else 4
        if part.deep:
            table, samples, _ = struct.unpack_from("<QQQ", data, body)
            length = table + samples
        else:
            (length,) = struct.unpack_from("<i", data, body)
            if length <= 0:
                raise _Damage(f"{chunk} has an invalid size ({length})")
        end = body + (24 if part.deep else 4) + length
        if end > size:
            raise _Damage(f"it is cut short: {chunk} ends at byte {end}, the file has {size} bytes")


def _layout(data: mmap.mmap) -> ExrLayout:
    if data[:4] != MAGIC:
        raise _Damage("it does not start with the OpenEXR magic number")
    (version,) = struct.unpack_from("<I", data, 4)
    if version & 0xFF != 2 or version & ~0x1EFF:
        raise _Damage(f"its version field ({version:#x}) is not OpenEXR 2")
    multi = bool(version & _MULTI_PART)
    headers: list[dict[str, tuple[str, bytes]]] = []
    offset = 8
    while True:
        attributes, offset = _attributes(data, offset, bool(version & _LONG_NAMES))
        if not attributes:
            if multi and headers:
                break
            raise _Damage("its header is empty")
        headers.append(attributes)
        if not multi:
            break
    parts = tuple(_part(index, header, version) for index, header in enumerate(headers))
    first = offset + 8 * sum(part.chunk_count for part in parts)
    if first > len(data):
        raise _Damage(f"it is cut short inside its chunk table (the file has {len(data)} bytes)")
    for part in parts:
        offsets = struct.unpack_from(f"<{part.chunk_count}Q", data, offset)
        offset += 8 * part.chunk_count
        _check_chunks(data, part, offsets, first, multi)
    return ExrLayout(parts, multi)


def read_layout(path: Path) -> ExrLayout:
    """The parts of an OpenEXR file, after checking its headers and chunk tables.

    Raises DecodeError naming the file when anything is damaged, cut short or too large.
    """
    try:
        with open(path, "rb") as stream:
            if os.fstat(stream.fileno()).st_size < 8:
                raise _Damage("it is too short to be an OpenEXR file")
            with mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ) as data:
                return _layout(data)
    except _Damage as damage:
        raise DecodeError(f"{path.name} is damaged: {damage}") from None
    except (struct.error, ValueError, OverflowError) as error:
        raise DecodeError(
            f"{path.name} is damaged: its structure cannot be read ({error})"
        ) from None
    except OSError as error:
        raise DecodeError(f"{path.name} cannot be read: {error.strerror or error}") from None
