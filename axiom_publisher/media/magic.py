"""What a file is by its first bytes: the magic numbers of the formats AXIOM meets, and
which of them are images or movies it decodes."""

from __future__ import annotations

from axiom_publisher.core.media import MediaKind

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

_QUICKTIME_ATOMS = (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot")
# What a file is by content when its name has no extension: format -> kind, extension.
_CONTENT_MEDIA: dict[str, tuple[MediaKind, str]] = {
    "exr": (MediaKind.STILL, "exr"),
    "dpx": (MediaKind.STILL, "dpx"),
    "tiff": (MediaKind.STILL, "tif"),
    "png": (MediaKind.STILL, "png"),
    "jpeg": (MediaKind.STILL, "jpg"),
    "quicktime": (MediaKind.MOVIE, "mov"),
    "matroska": (MediaKind.MOVIE, "mkv"),
    "mxf": (MediaKind.MOVIE, "mxf"),
    "avi": (MediaKind.MOVIE, "avi"),
}
_MXF_KEY = bytes.fromhex("060e2b34020501010d010201")
HEADER_SIZE = 64


def sniff_bytes(head: bytes) -> str | None:
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


def content_media(head: bytes) -> tuple[str, MediaKind, str] | None:
    """(format, kind, extension) of an image or movie AXIOM decodes, from its first bytes."""
    found = sniff_bytes(head)
    if found not in _CONTENT_MEDIA:
        return None
    kind, extension = _CONTENT_MEDIA[found]
    if found == "quicktime" and head[4:8] == b"ftyp" and head[8:12] != b"qt  ":
        extension = "mp4"  # an ISO base media brand (isom, mp42, ...), not QuickTime's
    if found == "matroska" and b"webm" in head:
        extension = "webm"
    return found, kind, extension
