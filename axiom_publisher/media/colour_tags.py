"""What a file says about its own colour: EXR and DPX header fields, a stream's H.273 tags.

Only reading, and only a few bytes: the EXR header's attributes (`chromaticities`, the
string attributes `colorInteropID`, `colorSpace`, `oiio:ColorSpace`, the ACES container
flag), the DPX header's transfer and colorimetric bytes of the first image element, and
the colour tags FFmpeg decoded (primaries / transfer / matrix, ITU-T H.273 code points, as
H.264/HEVC VUI, QuickTime `colr` and PNG cICP/sRGB/cHRM carry them). colour_names.py maps
these to colour spaces of the OCIO config. A damaged header reads as "nothing declared":
the decoder reports the damage.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

from av.video.frame import VideoFrame

EXR_MAGIC = b"\x76\x2f\x31\x01"
DPX_MAGICS = (b"SDPX", b"XPDS")
# The string attributes naming an EXR's colour space, the most specific first: OpenEXR
# 3.4's colorInteropID (an OCIO interop id such as "lin_ap1_scene"), then the attributes
# OpenImageIO and several renderers write.
EXR_NAME_ATTRIBUTES = ("colorInteropID", "colorSpace", "oiio:ColorSpace", "colorspace")
_EXR_HEADER_LIMIT = 1 << 20  # a header larger than this is not read (hostile input)

# ITU-T H.273 code points (FFmpeg's AVColorPrimaries / AVColorTransferCharacteristic /
# AVColorSpace use the same numbers); 2 is "unspecified" in all three.
PRIMARIES = {
    1: "bt709", 4: "bt470m", 5: "bt470bg", 6: "smpte170m", 7: "smpte240m", 8: "film",
    9: "bt2020", 10: "smpte428", 11: "smpte431", 12: "smpte432", 22: "ebu3213",
}  # fmt: skip
TRANSFERS = {
    1: "bt709", 4: "gamma22", 5: "gamma28", 6: "smpte170m", 7: "smpte240m", 8: "linear",
    9: "log100", 10: "log316", 11: "iec61966-2-4", 12: "bt1361e", 13: "iec61966-2-1",
    14: "bt2020-10", 15: "bt2020-12", 16: "smpte2084", 17: "smpte428", 18: "arib-std-b67",
}  # fmt: skip
MATRICES = {
    0: "gbr", 1: "bt709", 4: "fcc", 5: "bt470bg", 6: "smpte170m", 7: "smpte240m",
    8: "ycgco", 9: "bt2020nc", 10: "bt2020c", 14: "ictcp",
}  # fmt: skip

# SMPTE 268M (DPX) transfer characteristic / colorimetric specification codes.
DPX_CODES = {
    0: "user-defined", 1: "printing density", 2: "linear", 3: "logarithmic",
    4: "unspecified video", 5: "SMPTE 274M", 6: "ITU-R BT.709", 7: "ITU-R BT.601 (625)",
    8: "ITU-R BT.601 (525)", 9: "NTSC composite", 10: "PAL composite", 11: "Z linear",
    12: "Z homogeneous", 13: "ADX", 14: "ITU-R BT.2020",
}  # fmt: skip
_DPX_ELEMENT_BYTES = 800  # the first image element's descriptor; transfer and colorimetric follow


@dataclass(frozen=True, slots=True)
class StreamTags:
    """A decoded frame's colour tags as H.273 codes (2 = unspecified)."""

    primaries: int = 2
    transfer: int = 2
    matrix: int = 2

    @property
    def tagged(self) -> bool:
        return any(code != 2 for code in (self.primaries, self.transfer, self.matrix))

    def describe(self) -> str:
        """ "primaries bt709, transfer bt709, matrix bt709" (only the tagged ones)."""
        parts = []
        for what, code, names in (
            ("primaries", self.primaries, PRIMARIES),
            ("transfer", self.transfer, TRANSFERS),
            ("matrix", self.matrix, MATRICES),
        ):
            if code != 2:
                parts.append(f"{what} {names.get(code, f'code {code}')}")
        return ", ".join(parts) if parts else "no colour tags"


def frame_tags(frame: VideoFrame) -> StreamTags:
    """The colour tags FFmpeg decoded with `frame` (from the bitstream or the container).

    PyAV before 18 has no primaries / transfer on frames: those read as unspecified there
    (info_tags, from mediainfo, fills them in for movies)."""
    return StreamTags(
        primaries=int(getattr(frame, "color_primaries", 2)),
        transfer=int(getattr(frame, "color_trc", 2)),
        matrix=int(frame.colorspace),
    )


# mediainfo's names of the H.273 code points (its Video track's colour fields)
_MEDIAINFO_PRIMARIES = {"BT.709": 1, "BT.2020": 9, "Display P3": 12, "DCI P3": 11, "BT.601 PAL": 5,
                        "BT.601 NTSC": 6}  # fmt: skip
_MEDIAINFO_TRANSFERS = {"BT.709": 1, "sRGB/sRGB-ycc": 13, "PQ": 16, "HLG": 18, "Linear": 8,
                        "BT.601": 6, "BT.2020 (10-bit)": 14, "BT.2020 (12-bit)": 15}  # fmt: skip
_MEDIAINFO_MATRICES = {"BT.709": 1, "BT.2020 non-constant": 9, "BT.601": 6, "RGB": 0}


def info_tags(primaries: str | None, transfer: str | None, matrix: str | None) -> StreamTags:
    """The colour tags as mediainfo names them (probe's MediaInfo), as H.273 codes."""
    return StreamTags(
        primaries=_MEDIAINFO_PRIMARIES.get(primaries or "", 2),
        transfer=_MEDIAINFO_TRANSFERS.get(transfer or "", 2),
        matrix=_MEDIAINFO_MATRICES.get(matrix or "", 2),
    )


@dataclass(frozen=True, slots=True)
class ExrColour:
    """The colour attributes of an EXR header (its first part)."""

    chromaticities: tuple[float, ...] | None = None  # red x y, green x y, blue x y, white x y
    names: tuple[tuple[str, str], ...] = ()  # (attribute, value) of EXR_NAME_ATTRIBUTES found
    aces_container: bool = False  # acesImageContainerFlag = 1 (SMPTE ST 2065-4)


@dataclass(frozen=True, slots=True)
class DpxColour:
    """The transfer and colorimetric codes of a DPX file's first image element."""

    transfer: int
    colorimetric: int

    def describe(self) -> str:
        return (
            f"DPX transfer {DPX_CODES.get(self.transfer, f'code {self.transfer}')}, "
            f"colorimetric {DPX_CODES.get(self.colorimetric, f'code {self.colorimetric}')}"
        )


def _exr_attributes(data: bytes) -> dict[str, tuple[str, bytes]]:
    """name -> (type, value) of the first header of an EXR file's leading bytes."""
    attributes: dict[str, tuple[str, bytes]] = {}
    position = 8
    while position < len(data) and data[position] != 0:
        name_end = data.index(b"\0", position)
        type_end = data.index(b"\0", name_end + 1)
        (size,) = struct.unpack_from("<i", data, type_end + 1)
        start = type_end + 5
        if size < 0 or start + size > len(data):
            raise ValueError("an attribute runs past the header")
        name = data[position:name_end].decode("latin-1")
        kind = data[name_end + 1 : type_end].decode("latin-1")
        attributes[name] = (kind, data[start : start + size])
        position = start + size
    return attributes


def read_exr_colour(path: Path) -> ExrColour | None:
    """The colour attributes of an EXR file; None when it is not one or its header is bad."""
    try:
        with path.open("rb") as stream:
            data = stream.read(_EXR_HEADER_LIMIT)
        if not data.startswith(EXR_MAGIC):
            return None
        attributes = _exr_attributes(data)
    except (OSError, ValueError, struct.error):
        return None
    chromaticities = None
    kind, value = attributes.get("chromaticities", ("", b""))
    if kind == "chromaticities" and len(value) == 32:
        chromaticities = struct.unpack("<8f", value)
    names = tuple(
        (name, attributes[name][1].decode("utf-8", "replace").strip())
        for name in EXR_NAME_ATTRIBUTES
        if name in attributes and attributes[name][0] == "string" and attributes[name][1].strip()
    )
    kind, value = attributes.get("acesImageContainerFlag", ("", b""))
    aces = kind == "int" and len(value) == 4 and struct.unpack("<i", value)[0] == 1
    return ExrColour(chromaticities, names, aces)


def read_dpx_colour(path: Path) -> DpxColour | None:
    """The first image element's transfer / colorimetric codes; None when not a DPX file."""
    try:
        with path.open("rb") as stream:
            data = stream.read(_DPX_ELEMENT_BYTES + 3)
    except OSError:
        return None
    if data[:4] not in DPX_MAGICS or len(data) < _DPX_ELEMENT_BYTES + 3:
        return None
    return DpxColour(transfer=data[801], colorimetric=data[802])


def exr_attribute(name: str, kind: str, value: bytes) -> bytes:
    """One EXR header attribute as bytes: name, type, size, value (for writers)."""
    return name.encode() + b"\0" + kind.encode() + b"\0" + struct.pack("<i", len(value)) + value


def add_exr_attributes(data: bytes, attributes: bytes) -> bytes:
    """A single-part scan-line EXR file (as FFmpeg writes it) with `attributes` appended to
    its header, its line offset table moved by as many bytes (the offsets are absolute)."""
    if not data.startswith(EXR_MAGIC) or data[5] & 0x1A:  # tiled, deep or multi-part
        raise ValueError("only single-part scan-line EXR files can take new attributes")
    _exr_attributes(data)
    position = 8
    while data[position] != 0:
        name_end = data.index(b"\0", position)
        type_end = data.index(b"\0", name_end + 1)
        (size,) = struct.unpack_from("<i", data, type_end + 1)
        position = type_end + 5 + size
    table = position + 1
    (first,) = struct.unpack_from("<Q", data, table)
    count = (first - table) // 8  # the first chunk starts right after the offset table
    offsets = struct.unpack_from(f"<{count}Q", data, table)
    moved = struct.pack(f"<{count}Q", *(offset + len(attributes) for offset in offsets))
    return data[:position] + attributes + b"\0" + moved + data[table + 8 * count :]
