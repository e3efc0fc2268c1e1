"""What a file is: by its extension (the media kind) and by its first bytes (the format).

A file whose content contradicts its extension (an EXR that is really a PNG, an .abc that is
a PNG) is a FORMAT problem; an empty file is a DECODE problem. Unknown content is not a
problem here: the decoder speaks for media, and other files are only hashed.
"""

from __future__ import annotations

import struct
from pathlib import Path

from axiom_publisher.core.media import MediaKind, MediaProblem, ProblemKind

MOVIE_EXTENSIONS = frozenset({"mov", "mp4", "m4v", "mxf", "mkv", "avi", "webm"})
IMAGE_EXTENSIONS = frozenset({"exr", "dpx", "tif", "tiff", "png", "jpg", "jpeg"})

# Format name -> how people call it.
FORMAT_NAMES: dict[str, str] = {
    "exr": "OpenEXR",
    "dpx": "DPX",
    "tiff": "TIFF",
    "png": "PNG",
    "jpeg": "JPEG",
    "webp": "WebP",
    "quicktime": "QuickTime/MP4",
    "matroska": "Matroska/WebM",
    "mxf": "MXF",
    "avi": "AVI",
    "nuke": "Nuke script",
    "maya-ascii": "Maya ASCII scene",
    "maya-binary": "Maya binary scene",
    "houdini": "Houdini scene",
    "alembic": "Alembic",
    "usdc": "USD crate",
    "usda": "USD ASCII",
    "openvdb": "OpenVDB",
}

# Extension -> the formats its content may have.
EXPECTED_FORMATS: dict[str, frozenset[str]] = {
    "exr": frozenset({"exr"}),
    "dpx": frozenset({"dpx"}),
    "tif": frozenset({"tiff"}),
    "tiff": frozenset({"tiff"}),
    "png": frozenset({"png"}),
    "jpg": frozenset({"jpeg"}),
    "jpeg": frozenset({"jpeg"}),
    "webp": frozenset({"webp"}),
    "mov": frozenset({"quicktime"}),
    "mp4": frozenset({"quicktime"}),
    "m4v": frozenset({"quicktime"}),
    "mkv": frozenset({"matroska"}),
    "webm": frozenset({"matroska"}),
    "mxf": frozenset({"mxf"}),
    "avi": frozenset({"avi"}),
    "nk": frozenset({"nuke"}),
    "ma": frozenset({"maya-ascii"}),
    "mb": frozenset({"maya-binary"}),
    "hip": frozenset({"houdini"}),
    "hipnc": frozenset({"houdini"}),
    "hiplc": frozenset({"houdini"}),
    "abc": frozenset({"alembic"}),
    "usd": frozenset({"usdc", "usda"}),
    "usdc": frozenset({"usdc"}),
    "usda": frozenset({"usda"}),
    "vdb": frozenset({"openvdb"}),
}

_QUICKTIME_ATOMS = (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot")
_MXF_KEY = bytes.fromhex("060e2b34020501010d010201")
HEADER_SIZE = 64


def _sniff_bytes(head: bytes) -> str | None:
    """The format of a file from its first bytes, or None when they are not recognised."""
    checks: tuple[tuple[bytes, str], ...] = (
        (b"\x76\x2f\x31\x01", "exr"),
        (b"SDPX", "dpx"),
        (b"XPDS", "dpx"),
        (b"II*\x00", "tiff"),
        (b"MM\x00*", "tiff"),
        (b"II+\x00", "tiff"),
        (b"MM\x00+", "tiff"),
        (b"\x89PNG\r\n\x1a\n", "png"),
        (b"\xff\xd8\xff", "jpeg"),
        (b"\x1a\x45\xdf\xa3", "matroska"),
        (_MXF_KEY, "mxf"),
        (b"//Maya ASCII", "maya-ascii"),
        (b"FOR4", "maya-binary"),
        (b"FOR8", "maya-binary"),
        (b"070707", "houdini"),
        (b"HouLC", "houdini"),
        (b"Ogawa", "alembic"),
        (b"\x89HDF\r\n\x1a\n", "alembic"),
        (b"PXR-USDC", "usdc"),
        (b"#usda", "usda"),
        (b"\x20\x42\x44\x56", "openvdb"),
    )
    for magic, name in checks:
        if head.startswith(magic):
            return name
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return "avi"
    if len(head) >= 8 and head[4:8] in _QUICKTIME_ATOMS:
        return "quicktime"
    text = head.lstrip()
    if text.startswith(b"#!") and b"nuke" in text.split(b"\n", 1)[0].lower():
        return "nuke"
    return None


def sniff_format(path: Path) -> str | None:
    """The format of the file's content (a key of FORMAT_NAMES), or None when unknown."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(HEADER_SIZE)
    except OSError:
        return None
    return _sniff_bytes(head)


def media_kind(path: Path) -> MediaKind:
    """MOVIE, STILL (an image; a sequence when there are numbered frames) or OTHER."""
    extension = path.suffix.lower().lstrip(".")
    if extension in MOVIE_EXTENSIONS:
        return MediaKind.MOVIE
    if extension in IMAGE_EXTENSIONS:
        return MediaKind.STILL
    return MediaKind.OTHER


def check_extension(path: Path) -> MediaProblem | None:
    """A problem when the file is empty, unreadable or its content contradicts the extension."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(HEADER_SIZE)
    except OSError as error:
        reason = error.strerror or str(error)
        return MediaProblem(ProblemKind.DECODE, str(path), f"{path.name} cannot be read: {reason}")
    if not head:
        return MediaProblem(ProblemKind.DECODE, str(path), f"{path.name} is empty (0 bytes)")
    extension = path.suffix.lower().lstrip(".")
    expected = EXPECTED_FORMATS.get(extension)
    found = _sniff_bytes(head)
    if expected is None or found is None or found in expected:
        return None
    wanted = " or ".join(sorted(FORMAT_NAMES[name] for name in expected))
    return MediaProblem(
        ProblemKind.FORMAT,
        str(path),
        f"{path.name} is a {FORMAT_NAMES[found]} file, not {wanted}: rename it or re-export",
    )


def header_dimensions(path: Path) -> tuple[int, int] | None:
    """(width, height) read from a PNG, DPX or OpenEXR header without decoding, or None.

    Lets the decoder refuse absurd sizes before FFmpeg allocates a frame for them.
    """
    try:
        with open(path, "rb") as stream:
            head = stream.read(1 << 16)
    except OSError:
        return None
    if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR":
        width, height = struct.unpack(">II", head[16:24])
        return int(width), int(height)
    if head[:4] in (b"SDPX", b"XPDS") and len(head) >= 780:
        order = ">" if head[:4] == b"SDPX" else "<"
        width, height = struct.unpack(order + "II", head[772:780])
        return int(width), int(height)
    if head.startswith(b"\x76\x2f\x31\x01"):
        return _exr_data_window(head)
    return None


def _exr_data_window(head: bytes) -> tuple[int, int] | None:
    """The size of the first part's dataWindow attribute of an OpenEXR header."""
    offset = 8
    while offset < len(head):
        end = head.find(b"\x00", offset)
        if end <= offset:
            return None
        name = head[offset:end]
        type_end = head.find(b"\x00", end + 1)
        if type_end < 0 or type_end + 5 > len(head):
            return None
        (size,) = struct.unpack("<i", head[type_end + 1 : type_end + 5])
        value = head[type_end + 5 : type_end + 5 + size]
        if name == b"dataWindow" and size == 16 and len(value) == 16:
            x_min, y_min, x_max, y_max = struct.unpack("<iiii", value)
            return x_max - x_min + 1, y_max - y_min + 1
        offset = type_end + 5 + max(size, 0)
    return None


# Scanlines per block of each OpenEXR compression (none, rle, zips, zip, piz, pxr24, b44,
# b44a, dwaa, dwab).
_EXR_BLOCK_LINES = (1, 1, 1, 16, 32, 16, 32, 32, 32, 256)


def exr_incomplete(path: Path) -> str | None:
    """Why a single-part scanline OpenEXR file is cut short, or None when it looks whole.

    FFmpeg's EXR decoder ignores blocks it cannot read (a truncated file decodes with
    black lines and no error), so the line offset table is checked against the file size.
    """
    try:
        size = path.stat().st_size
        with open(path, "rb") as stream:
            head = stream.read(1 << 16)
            if not head.startswith(b"\x76\x2f\x31\x01") or head[5] & 0x1A:
                return None  # not EXR, or tiled / deep / multi-part: not checked here
            attributes = _exr_attributes(head)
            if attributes is None or b"dataWindow" not in attributes:
                return "the header is incomplete"
            _, y_min, _, y_max = struct.unpack("<iiii", attributes[b"dataWindow"][1])
            compression = attributes.get(b"compression", (0, b"\x00"))[1][0]
            if compression >= len(_EXR_BLOCK_LINES):
                return None
            blocks = -(-(y_max - y_min + 1) // _EXR_BLOCK_LINES[compression])
            table_start = attributes[b""][0]
            stream.seek(table_start)
            table = stream.read(8 * blocks)
            if len(table) < 8 * blocks:
                return "the line offset table is cut short"
            offsets = struct.unpack(f"<{blocks}Q", table)
            last = max(offsets)
            if last + 8 > size:
                return f"it ends at byte {size}, its last block starts at byte {last}"
            stream.seek(last + 4)
            (length,) = struct.unpack("<i", stream.read(4))
            if last + 8 + length > size:
                return f"it ends at byte {size}, its last block ends at byte {last + 8 + length}"
    except (OSError, struct.error, IndexError):
        return "its header cannot be read"
    return None


def _exr_attributes(head: bytes) -> dict[bytes, tuple[int, bytes]] | None:
    """name -> (offset, value) of the header attributes; b"" -> (end of header, b"")."""
    attributes: dict[bytes, tuple[int, bytes]] = {}
    offset = 8
    while offset < len(head):
        if head[offset] == 0:
            attributes[b""] = (offset + 1, b"")
            return attributes
        end = head.find(b"\x00", offset)
        type_end = head.find(b"\x00", end + 1)
        if end < 0 or type_end < 0 or type_end + 5 > len(head):
            return None
        (size,) = struct.unpack("<i", head[type_end + 1 : type_end + 5])
        attributes[head[offset:end]] = (type_end + 5, head[type_end + 5 : type_end + 5 + size])
        offset = type_end + 5 + max(size, 0)
    return None
