"""The structure of an OpenEXR file, checked before a single pixel is decoded.

Parses the header(s) (`exr_header`) and walks every chunk table: each offset must point
inside the file at the chunk the table says is there (the right part, scanline block or
tile, with a size that fits). FFmpeg skipped chunks it could not read (a truncated or
scrambled file decoded with black lines and no error), and a reader trusting a bogus table
may read or allocate anything. Only the header and the chunk headers are read
(memory-mapped): ~0.2 ms for a 1080p frame.

Sizes are checked before anything is allocated: every part's data window and the first
part's display window must fit AXIOM's limits, and since OpenEXR's reader decodes every part
and channel, all of them together must fit MAX_DECODED_BYTES.
"""

from __future__ import annotations

import mmap
import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from axiom_publisher.core.errors import DecodeError
from axiom_publisher.media.exr_header import (
    BLOCK_LINES,
    LONG_NAMES,
    MAGIC,
    MULTI_PART,
    ExrDamage,
    ExrPart,
    header_attributes,
    part_from_header,
    size_of,
    tile_grid,
)

# OpenEXR's reader decodes every part and channel: refuse files that would take more.
MAX_DECODED_BYTES = 1 << 31


@dataclass(frozen=True)
class ExrLayout:
    parts: tuple[ExrPart, ...]
    multi_part: bool


def _check_chunks(
    data: mmap.mmap, part: ExrPart, offsets: tuple[int, ...], first: int, multi: bool
) -> int:
    """Check that every table entry of `part` points at its own chunk, inside the file.

    Returns the bytes of deep samples the chunks declare (0 for a flat part)."""
    deep_bytes = 0
    size = len(data)
    prefix = 4 if multi else 0
    head = (16 if part.tiled else 4) + (24 if part.deep else 4)
    lines = BLOCK_LINES[part.compression]
    if part.tiled:
        expected: Iterator[tuple[int, ...]] = tile_grid(part)
    else:
        expected = ((part.data_window[1] + i * lines,) for i in range(part.chunk_count))
    what = f" of part {part.index}" if multi else ""
    for index, (offset, where) in enumerate(zip(offsets, expected, strict=True)):
        chunk = f"chunk {index}{what} ({_describe(where)})"
        if offset < first or offset + prefix + head > size:
            raise ExrDamage(
                f"its chunk table is damaged or the file is cut short: {chunk} is at byte "
                f"{offset}, the file has {size} bytes"
            )
        if multi and struct.unpack_from("<i", data, offset)[0] != part.index:
            raise ExrDamage(f"its chunk table is damaged: {chunk} belongs to another part")
        body = offset + prefix
        found = struct.unpack_from("<iiii" if part.tiled else "<i", data, body)
        if found != where:
            raise ExrDamage(f"its chunk table is damaged: {chunk} holds {_describe(found)}")
        body += 16 if part.tiled else 4
        if part.deep:
            table, samples, unpacked = struct.unpack_from("<QQQ", data, body)
            length = table + samples
            deep_bytes += unpacked
        else:
            (length,) = struct.unpack_from("<i", data, body)
            if length <= 0:
                raise ExrDamage(f"{chunk} has an invalid size ({length})")
        end = body + (24 if part.deep else 4) + length
        if end > size:
            raise ExrDamage(
                f"it is cut short: {chunk} ends at byte {end}, the file has {size} bytes"
            )
    return deep_bytes


def _describe(block: tuple[int, ...]) -> str:
    """ "line 32" for a scanline block, "tile (1, 2) of level (0, 0)" for a tile."""
    if len(block) == 1:
        return f"line {block[0]}"
    return f"tile ({block[0]}, {block[1]}) of level ({block[2]}, {block[3]})"


def _layout(data: mmap.mmap) -> ExrLayout:
    if data[:4] != MAGIC:
        raise ExrDamage("it does not start with the OpenEXR magic number")
    (version,) = struct.unpack_from("<I", data, 4)
    if version & 0xFF != 2 or version & ~0x1EFF:
        raise ExrDamage(f"its version field ({version:#x}) is not OpenEXR 2")
    multi = bool(version & MULTI_PART)
    headers: list[dict[str, tuple[str, bytes]]] = []
    offset = 8
    while True:
        attributes, offset = header_attributes(data, offset, bool(version & LONG_NAMES))
        if not attributes:
            if multi and headers:
                break
            raise ExrDamage("its header is empty")
        headers.append(attributes)
        if not multi:
            break
    parts = tuple(part_from_header(index, header, version) for index, header in enumerate(headers))
    decoded = sum(_flat_bytes(part) for part in parts)
    _check_budget(decoded)
    first = offset + 8 * sum(part.chunk_count for part in parts)
    if first > len(data):
        raise ExrDamage(f"it is cut short inside its chunk table (the file has {len(data)} bytes)")
    for part in parts:
        offsets = struct.unpack_from(f"<{part.chunk_count}Q", data, offset)
        offset += 8 * part.chunk_count
        decoded += _check_chunks(data, part, offsets, first, multi)
    _check_budget(decoded)
    return ExrLayout(parts, multi)


def _check_budget(decoded: int) -> None:
    if decoded > MAX_DECODED_BYTES:
        raise ExrDamage(
            f"decoding all its parts and channels would take {decoded / 2**30:.1f} GiB, more "
            f"than AXIOM allows ({MAX_DECODED_BYTES >> 30} GiB)"
        )


def _flat_bytes(part: ExrPart) -> int:
    """Bytes of decoded pixels of a part (for a deep part: its sample counts)."""
    width, height = size_of(part.data_window)
    if part.deep:
        return 4 * width * height
    return sum(
        (width // c.x_sampling) * (height // c.y_sampling) * (2 if c.pixel_type == 1 else 4)
        for c in part.channels
    )


def read_layout(path: Path) -> ExrLayout:
    """The parts of an OpenEXR file, after checking its headers and chunk tables.

    Raises DecodeError naming the file when anything is damaged, cut short or too large.
    """
    try:
        with open(path, "rb") as stream:
            if os.fstat(stream.fileno()).st_size < 8:
                raise ExrDamage("it is too short to be an OpenEXR file")
            with mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ) as data:
                return _layout(data)
    except ExrDamage as damage:
        raise DecodeError(f"{path.name} is damaged: {damage}") from None
    except (struct.error, ValueError, OverflowError) as error:
        raise DecodeError(
            f"{path.name} is damaged: its structure cannot be read ({error})"
        ) from None
    except OSError as error:
        raise DecodeError(f"{path.name} cannot be read: {error.strerror or error}") from None
