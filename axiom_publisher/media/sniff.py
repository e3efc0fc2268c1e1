"""What a file is: by its extension (the media kind) and by its first bytes (the format).

A file whose content contradicts its extension (an EXR that is really a PNG, an .abc that is
a PNG) is a FORMAT problem; an empty file is a DECODE problem. Unknown content is not a
problem here: the decoder speaks for media, and other files are only hashed.

A name without a usable extension (`1001`, `plate.1001`, `x_2.2.0_error_1_exr`) says nothing
about the file, so its content decides: an image or movie AXIOM decodes is media (decoded,
QC'd, given a proxy) and is published with the extension of its format; anything else is
only hashed. Either way an EXTENSION problem says plainly what was found (QC warns).
"""

from __future__ import annotations

import re
import struct
from pathlib import Path

from axiom_publisher.core.media import MOVIE_EXTENSIONS, MediaKind, MediaProblem, ProblemKind
from axiom_publisher.media.magic import FORMAT_NAMES, HEADER_SIZE, content_media, sniff_bytes

IMAGE_EXTENSIONS = frozenset({"exr", "dpx", "tif", "tiff", "png", "jpg", "jpeg"})

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

# An extension a published file can carry (as the publish layout allows).
_USABLE_EXTENSION = re.compile(r"[A-Za-z0-9]{1,16}")


def sniff_format(path: Path) -> str | None:
    """The format of the file's content (a key of FORMAT_NAMES), or None when unknown."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(HEADER_SIZE)
    except OSError:
        return None
    return sniff_bytes(head)


def name_extension(path: Path) -> str | None:
    """The extension of the file's name (`exr`), or None when it has no usable one: no
    suffix, a frame number (`plate.1001`) or other characters than ASCII letters and digits
    (`x_2.2.0_error_1_exr`)."""
    extension = path.suffix.lstrip(".")
    if _USABLE_EXTENSION.fullmatch(extension) is None or extension.isdigit():
        return None
    return extension


def _head(path: Path) -> bytes:
    try:
        with open(path, "rb") as stream:
            return stream.read(HEADER_SIZE)
    except OSError:
        return b""


def content_extension(path: Path) -> str | None:
    """For a file whose name has no usable extension: the extension of its content when it
    is an image or movie AXIOM decodes (`png`, `mov`), else None."""
    if name_extension(path) is not None:
        return None
    media = content_media(_head(path))
    return media[2] if media is not None else None


def media_kind(path: Path) -> MediaKind:
    """MOVIE, STILL (an image; a sequence when there are numbered frames) or OTHER: by the
    extension, or by the content when the name has no usable extension."""
    extension = path.suffix.lower().lstrip(".")
    if extension in MOVIE_EXTENSIONS:
        return MediaKind.MOVIE
    if extension in IMAGE_EXTENSIONS:
        return MediaKind.STILL
    if name_extension(path) is None:
        media = content_media(_head(path))
        if media is not None:
            return media[1]
    return MediaKind.OTHER


def _unnamed(path: Path, head: bytes) -> MediaProblem:
    """The EXTENSION problem of a file whose name has no usable extension: what it is."""
    media = content_media(head)
    if media is None:
        return MediaProblem(
            ProblemKind.EXTENSION,
            str(path),
            f"{path.name} has no extension and its content is not an image or movie AXIOM "
            "reads: only its checksum is recorded; a publish needs an extension, so rename it "
            "with the extension of its format",
        )
    found, kind, extension = media
    what = "an image" if kind is MediaKind.STILL else "a movie"
    return MediaProblem(
        ProblemKind.EXTENSION,
        str(path),
        f"{path.name} has no extension: the content is {what} ({FORMAT_NAMES[found]}), so it "
        f"is checked and published as {what} with the .{extension} extension; add "
        f".{extension} to the name",
    )


def check_extension(path: Path) -> MediaProblem | None:
    """A problem when the file is empty, unreadable, its content contradicts the extension,
    or its name has no usable extension (EXTENSION: what the content was found to be)."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(HEADER_SIZE)
    except OSError as error:
        reason = error.strerror or str(error)
        return MediaProblem(ProblemKind.DECODE, str(path), f"{path.name} cannot be read: {reason}")
    if not head:
        return MediaProblem(ProblemKind.DECODE, str(path), f"{path.name} is empty (0 bytes)")
    if name_extension(path) is None:
        return _unnamed(path, head)
    extension = path.suffix.lower().lstrip(".")
    expected = EXPECTED_FORMATS.get(extension)
    found = sniff_bytes(head)
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
