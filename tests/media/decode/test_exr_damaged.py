"""Damaged EXRs, made here from valid files, are refused by name: never read as a picture.

FFmpeg decoded several of these without an error (scrambled chunk tables, a corrupt
compressed block, a lying chunk size); they are now caught by the layout check or by
OpenEXR. pytest-timeout guards against hangs.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from pathlib import Path

import numpy as np
import OpenEXR
import pytest

from axiom_publisher.core.media import ProblemKind
from axiom_publisher.media.synth import write_sequence

from .conftest import assert_names_file, problems_for
from .exr_files import pattern, write_exr

HEIGHT, WIDTH = 100, 64  # ZIP: 7 chunks of 16 lines


def _table(data: bytes, chunks: int) -> int:
    """Where the chunk table of a single-part file starts: its first entry points just
    past the table itself."""
    for start in range(8, len(data) - 8):
        if struct.unpack_from("<Q", data, start)[0] == start + 8 * chunks:
            return start
    raise AssertionError("no chunk table found")


def _offsets(data: bytes, chunks: int) -> tuple[int, list[int]]:
    start = _table(data, chunks)
    return start, list(struct.unpack_from(f"<{chunks}Q", data, start))


def _set_offset(data: bytearray, chunks: int, index: int, value: int) -> None:
    start = _table(bytes(data), chunks)
    struct.pack_into("<Q", data, start + 8 * index, value)


def _valid(
    folder: Path, compression: object = OpenEXR.ZIP_COMPRESSION, **options: object
) -> bytearray:
    path = write_exr(folder / "valid.exr", pattern(HEIGHT, WIDTH), compression, **options)
    return bytearray(path.read_bytes())


Damage = Callable[[Path], bytes]


def cut(keep: float) -> Damage:
    return lambda folder: bytes(_valid(folder)[: int(len(_valid(folder)) * keep)])


def cut_last_bytes(folder: Path) -> bytes:
    return bytes(_valid(folder)[:-7])


def offset_beyond_end(folder: Path) -> bytes:
    data = _valid(folder)
    _set_offset(data, 7, 3, len(data) + 4096)
    return bytes(data)


def offsets_swapped(folder: Path) -> bytes:
    data = _valid(folder)
    start, offsets = _offsets(bytes(data), 7)
    offsets[2], offsets[4] = offsets[4], offsets[2]
    struct.pack_into("<7Q", data, start, *offsets)
    return bytes(data)


def offset_zeroed(folder: Path) -> bytes:
    data = _valid(folder)
    _set_offset(data, 7, 5, 0)
    return bytes(data)


def offset_into_header(folder: Path) -> bytes:
    data = _valid(folder)
    _set_offset(data, 7, 1, 24)
    return bytes(data)


def chunk_size_lies(folder: Path) -> bytes:
    data = _valid(folder)
    _, offsets = _offsets(bytes(data), 7)
    struct.pack_into("<i", data, offsets[3] + 4, 1 << 30)
    return bytes(data)


def compressed_bytes_flipped(compression: object) -> Damage:
    def make(folder: Path) -> bytes:
        data = _valid(folder, compression)
        chunks = -(-HEIGHT // (16 if compression == OpenEXR.ZIP_COMPRESSION else 32))
        _, offsets = _offsets(bytes(data), chunks)
        (size,) = struct.unpack_from("<i", data, offsets[1] + 4)
        body = offsets[1] + 8
        for at in range(body + 2, body + min(size - 2, 40)):
            data[at] ^= 0x5A
        return bytes(data)

    return make


def _replace(data: bytearray, old: bytes, new: bytes) -> bytes:
    assert data.count(old) == 1
    return bytes(data.replace(old, new))


def unknown_compression(folder: Path) -> bytes:
    data = _valid(folder)
    key = b"compression\0compression\0" + struct.pack("<i", 1)
    return _replace(data, key + b"\x03", key + b"\x2a")


def bad_channel_type(folder: Path) -> bytes:
    data = _valid(folder)
    return _replace(data, b"G\0" + struct.pack("<i", 1), b"G\0" + struct.pack("<i", 7))


def taller_data_window(folder: Path) -> bytes:
    data = _valid(folder)
    key = b"dataWindow\0box2i\0" + struct.pack("<i", 16)
    old = key + struct.pack("<iiii", 0, 0, WIDTH - 1, HEIGHT - 1)
    return _replace(data, old, key + struct.pack("<iiii", 0, 0, WIDTH - 1, HEIGHT + 63))


def attribute_size_lies(folder: Path) -> bytes:
    data = _valid(folder)
    key = b"pixelAspectRatio\0float\0"
    return _replace(data, key + struct.pack("<i", 4), key + struct.pack("<i", 1 << 28))


def channels_missing(folder: Path) -> bytes:
    return _replace(_valid(folder), b"channels\0chlist\0", b"chennels\0chlist\0")


def bogus_version_flags(folder: Path) -> bytes:
    data = _valid(folder)
    struct.pack_into("<I", data, 4, 2 | 0x80000)
    return bytes(data)


def tiles_swapped(folder: Path) -> bytes:
    data = _valid(folder, tiled=True)
    chunks = 4 * 7  # 16x16 tiles over 64x100
    start, offsets = _offsets(bytes(data), chunks)
    offsets[0], offsets[9] = offsets[9], offsets[0]
    struct.pack_into(f"<{chunks}Q", data, start, *offsets)
    return bytes(data)


def second_part_cut(folder: Path) -> bytes:
    data = _valid(folder, parts=2)
    return bytes(data[: len(data) - 200])


def ffmpeg_written_cut(folder: Path) -> bytes:
    path = write_sequence(folder / "src", "plate", 1, 1, WIDTH, HEIGHT, "exr")[0]
    data = path.read_bytes()
    return data[: len(data) * 3 // 4]


DAMAGES: dict[str, Damage] = {
    "cut-at-10%": cut(0.1),
    "cut-at-60%": cut(0.6),
    "cut-7-bytes-short": cut_last_bytes,
    "offset-beyond-end": offset_beyond_end,
    "offsets-swapped": offsets_swapped,
    "offset-zeroed": offset_zeroed,
    "offset-into-header": offset_into_header,
    "chunk-size-lies": chunk_size_lies,
    "zip-bytes-flipped": compressed_bytes_flipped(OpenEXR.ZIP_COMPRESSION),
    "piz-bytes-flipped": compressed_bytes_flipped(OpenEXR.PIZ_COMPRESSION),
    "unknown-compression": unknown_compression,
    "bad-channel-type": bad_channel_type,
    "taller-data-window": taller_data_window,
    "attribute-size-lies": attribute_size_lies,
    "channels-missing": channels_missing,
    "bogus-version-flags": bogus_version_flags,
    "tiles-swapped": tiles_swapped,
    "second-part-cut": second_part_cut,
    "ffmpeg-written-cut": ffmpeg_written_cut,
}


@pytest.mark.timeout(60)
@pytest.mark.parametrize("name", sorted(DAMAGES))
def test_a_damaged_exr_is_refused_by_name(tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.exr"
    path.write_bytes(DAMAGES[name](tmp_path))
    problems = problems_for(path, timeout=20.0)
    assert_names_file(problems, path)
    assert [p.kind for p in problems] == [ProblemKind.DECODE]


def test_a_file_that_would_take_too_much_memory_is_refused_before_reading(
    tmp_path: Path,
) -> None:
    """Each part may be as large as AXIOM decodes, but OpenEXR decodes every part and
    channel: 9 float channels of 8192x8192 (2.25 GiB) are refused from the header alone."""
    planes = {f"C{i}": np.zeros((8, 8), np.float32) for i in range(6)}
    data = bytearray(
        write_exr(tmp_path / "src.exr", {**planes, **pattern(8, 8, "f4")}).read_bytes()
    )
    key = b"dataWindow\0box2i\0" + struct.pack("<i", 16)
    old = key + struct.pack("<iiii", 0, 0, 7, 7)
    path = tmp_path / "wide.exr"
    path.write_bytes(_replace(data, old, key + struct.pack("<iiii", 0, 0, 8191, 8191)))
    problems = problems_for(path)
    assert_names_file(problems, path)
    assert "2.2 GiB, more than AXIOM allows (2 GiB)" in problems[0].message


def test_the_message_says_which_chunk_is_wrong(tmp_path: Path) -> None:
    path = tmp_path / "swapped.exr"
    path.write_bytes(offsets_swapped(tmp_path))
    (problem,) = problems_for(path)
    assert problem.message == (
        "swapped.exr is damaged: its chunk table is damaged: chunk 2 (line 32) holds line 64"
    )
