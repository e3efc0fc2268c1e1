"""A source's declared colour space, as a colour space of the project's OCIO config.

Where it comes from, the first that says wins:

1. given when publishing (`--colorspace`, the Publish tab's field, a host's render node);
2. the file's header: an EXR's `colorInteropID` / `colorSpace` / `oiio:ColorSpace` string
   attribute, else its `chromaticities` (EXR pixels are linear, so AP1 is ACEScg, AP0
   ACES2065-1, Rec.709 primaries Linear Rec.709, ...) or the ACES container flag; a DPX
   file's transfer and colorimetric codes;
3. the colour tags of the stream (primaries + transfer, H.273): BT.709 primaries with the
   BT.709 transfer are Rec.709 video shown on a BT.1886 display ("Rec.1886 Rec.709 -
   Display" of the ACES configs), with the sRGB transfer sRGB, and so on;
4. a file rule of the studio's OCIO config (`[media] ocio_config`) other than its Default
   rule. The built-in config's rules are not used: they are OCIO's guesses (every movie is
   Rec.709, every EXR ACES2065-1), which would hide every untagged file. An EXR without
   chromaticities is not taken as Rec.709 either (the OpenEXR default): most renderers leave
   the attribute out whatever their working space. When nothing declares a colour space,
   the config's guess for the path is offered as a suggestion only.

Names are the config's (aliases and roles resolve: "lin_ap1" is "ACEScg"); a declaration
that no colour space of the config matches is reported with what the file said.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import PyOpenColorIO as ocio

from axiom_publisher.core.errors import BadInputError, ConfigError
from axiom_publisher.core.media import ColourFacts, ColourSource
from axiom_publisher.media.colour_tags import (
    ExrColour,
    StreamTags,
    read_dpx_colour,
    read_exr_colour,
)

VIDEO_ENCODINGS = frozenset({"sdr-video", "hdr-video", "edr-video"})

# Colour spaces recognised from files: what they are called in words, whether they are
# display-referred, and their names in OCIO configs, most likely first (the built-in ACES
# 2.0 configs, their interop ids, the ACES 1.x configs, the Nuke default config).
SPACES: dict[str, tuple[str, bool, tuple[str, ...]]] = {
    "rec709": ("Rec.709 video (BT.1886 display)", True, (
        "Rec.1886 Rec.709 - Display", "rec1886_rec709_display", "Output - Rec.709", "rec709")),
    "srgb": ("sRGB (Rec.709 primaries, sRGB transfer)", True, (
        "sRGB Encoded Rec.709 (sRGB)", "srgb_tx", "Utility - sRGB - Texture", "sRGB")),
    "g22_rec709": ("Rec.709 primaries, gamma 2.2", True, (
        "Gamma 2.2 Rec.709 - Display", "g22_rec709_display", "Gamma 2.2 Encoded Rec.709")),
    "srgb_p3": ("Display P3 (P3-D65 primaries, sRGB transfer)", True, (
        "Display P3 - Display", "srgb_encoded_p3d65", "sRGB Encoded P3-D65")),
    "rec2020": ("Rec.2020 video (BT.1886 display)", True, (
        "Rec.1886 Rec.2020 - Display", "rec1886_rec2020_display", "Output - Rec.2020")),
    "pq_rec2020": ("Rec.2100 PQ", True, ("Rec.2100-PQ - Display", "rec2100_pq_display")),
    "pq_p3": ("P3-D65 PQ (ST 2084)", True, ("ST2084-P3-D65 - Display", "st2084_p3d65_display")),
    "hlg_rec2020": ("Rec.2100 HLG", True, ("Rec.2100-HLG - Display", "rec2100_hlg_display")),
    "lin_rec709": ("linear Rec.709", False, (
        "Linear Rec.709 (sRGB)", "lin_rec709_scene", "Utility - Linear - Rec.709", "linear")),
    "lin_rec2020": ("linear Rec.2020", False, (
        "Linear Rec.2020", "lin_rec2020_scene", "Utility - Linear - Rec.2020")),
    "lin_p3": ("linear P3-D65", False, (
        "Linear P3-D65", "lin_p3d65_scene", "Utility - Linear - P3-D65")),
    "lin_adobergb": ("linear Adobe RGB", False, ("Linear AdobeRGB", "lin_adobergb_scene")),
    "acescg": ("ACEScg (linear AP1)", False, ("ACEScg", "lin_ap1_scene", "ACES - ACEScg")),
    "aces": ("ACES2065-1 (linear AP0)", False, (
        "ACES2065-1", "lin_ap0_scene", "ACES - ACES2065-1")),
    "adx": ("ADX film density", False, ("ADX10", "Input - ADX - ADX10", "ADX16")),
    "cineon": ("Cineon film log", False, ("Cineon", "cineon", "Input - ADX - ADX10", "lg10")),
}  # fmt: skip

# EXR chromaticities (red, green, blue, white x/y) of the spaces above, compared within 1e-3.
CHROMATICITIES = {
    "aces": (0.7347, 0.2653, 0.0, 1.0, 0.0001, -0.077, 0.32168, 0.33767),
    "acescg": (0.713, 0.293, 0.165, 0.83, 0.128, 0.044, 0.32168, 0.33767),
    "lin_rec709": (0.64, 0.33, 0.3, 0.6, 0.15, 0.06, 0.3127, 0.329),
    "lin_rec2020": (0.708, 0.292, 0.17, 0.797, 0.131, 0.046, 0.3127, 0.329),
    "lin_p3": (0.68, 0.32, 0.265, 0.69, 0.15, 0.06, 0.3127, 0.329),
    "lin_adobergb": (0.64, 0.33, 0.21, 0.71, 0.15, 0.06, 0.3127, 0.329),
}
_BT709_LIKE = frozenset({1, 6, 14, 15})  # H.273 transfers with the BT.709 curve
# (H.273 primaries, transfer) -> space
_TAGGED = {
    **{(1, transfer): "rec709" for transfer in _BT709_LIKE},
    **{(9, transfer): "rec2020" for transfer in _BT709_LIKE},
    (1, 13): "srgb", (1, 4): "g22_rec709", (12, 13): "srgb_p3",
    (9, 16): "pq_rec2020", (12, 16): "pq_p3", (9, 18): "hlg_rec2020",
    (1, 8): "lin_rec709", (9, 8): "lin_rec2020", (12, 8): "lin_p3",
}  # fmt: skip
# DPX (transfer, colorimetric) -> space; 5 (SMPTE 274M) is HD video with BT.709 colorimetry
_DPX = {
    (6, 6): "rec709", (5, 5): "rec709", (6, 5): "rec709", (5, 6): "rec709",
    (2, 6): "lin_rec709", (2, 5): "lin_rec709", (2, 14): "lin_rec2020",
    (13, 13): "adx", (1, 1): "cineon", (3, 1): "cineon",
}  # fmt: skip


@functools.lru_cache(maxsize=8)
def load_config(config_path: str | None) -> Any:
    """The OCIO config at `config_path` ("" or None: OCIO's built-in default), cached."""
    try:
        if not config_path:
            return ocio.Config.CreateFromBuiltinConfig("default")
        return ocio.Config.CreateFromFile(config_path)
    except (ocio.Exception, ocio.ExceptionMissingFile) as error:
        where = config_path or "the built-in default"
        raise ConfigError(
            f"cannot load the OCIO config {where}: {error}; fix [media] ocio_config"
        ) from error


def colourspace_names(config_path: str | None) -> list[str]:
    """The colour spaces of the config, in its order."""
    return [str(space.getName()) for space in load_config(config_path).getColorSpaces()]


def canonical_name(config_path: str | None, name: str) -> str:
    """The config's name for `name` (a name, alias or role); `name` itself when unknown."""
    space = load_config(config_path).getColorSpace(name.strip())
    return str(space.getName()) if space is not None else name


def validate_colourspace(config_path: str | None, name: str) -> str:
    """The config's name for a colour space a user gave; BadInputError naming the valid ones."""
    space = load_config(config_path).getColorSpace(name.strip()) if name.strip() else None
    if space is None:
        where = config_path or "OCIO's built-in config"
        valid = ", ".join(repr(known) for known in colourspace_names(config_path))
        raise BadInputError(
            f"unknown colour space {name!r} (the OCIO config is {where}); give one of: {valid}"
        )
    return str(space.getName())


def _resolve(config: Any, key: str) -> str | None:
    for candidate in SPACES[key][2]:
        space = config.getColorSpace(candidate)
        if space is not None:
            return str(space.getName())
    return None


def _display_referred(config: Any, name: str) -> bool:
    space = config.getColorSpace(name)
    if space is not None and str(space.getEncoding()) in VIDEO_ENCODINGS:
        return True
    return any(display and _resolve(config, key) == name for key, (_, display, _) in SPACES.items())


def _known(config: Any, key: str, source: ColourSource, found: str) -> ColourFacts:
    """A recognised space: the config's name for it, or None (and say so) if it has none."""
    words, display, _ = SPACES[key]
    name = _resolve(config, key)
    if name is None:
        return ColourFacts(None, None, f"{found} ({words}; the OCIO config has no such space)")
    return ColourFacts(name, source, found, display)


def _named(config: Any, value: str, source: ColourSource, found: str) -> ColourFacts:
    """A colour space named in a file or given by a person or host."""
    space = config.getColorSpace(value)
    name = str(space.getName()) if space is not None else value
    return ColourFacts(name, source, found, _display_referred(config, name))


def _from_exr(config: Any, exr: ExrColour) -> ColourFacts | None:
    if exr.names:
        attribute, value = exr.names[0]
        return _named(config, value, ColourSource.HEADER, f"EXR attribute {attribute} {value!r}")
    if exr.chromaticities is not None:
        shown = " ".join(f"{value:g}" for value in exr.chromaticities)
        for key, reference in CHROMATICITIES.items():
            if all(abs(a - b) < 1e-3 for a, b in zip(exr.chromaticities, reference, strict=True)):
                words = SPACES[key][0]
                return _known(config, key, ColourSource.HEADER, f"EXR chromaticities of {words}")
        return ColourFacts(None, None, f"EXR chromaticities {shown} (primaries not recognised)")
    if exr.aces_container:
        return _known(config, "aces", ColourSource.HEADER, "EXR acesImageContainerFlag 1")
    return None


def _from_header(config: Any, path: Path) -> ColourFacts | None:
    """What an EXR or DPX header declares; None when the file is neither."""
    exr = read_exr_colour(path)
    if exr is not None:
        found = _from_exr(config, exr)
        return found or ColourFacts(None, None, "no chromaticities or colour space attribute")
    dpx = read_dpx_colour(path)
    if dpx is None:
        return None
    key = _DPX.get((dpx.transfer, dpx.colorimetric))
    if key is None:
        return ColourFacts(None, None, dpx.describe())
    return _known(config, key, ColourSource.HEADER, dpx.describe())


def _from_tags(config: Any, tags: StreamTags | None) -> ColourFacts:
    if tags is None or not tags.tagged:
        return ColourFacts(None, None, "no colour tags")
    key = _TAGGED.get((tags.primaries, tags.transfer))
    if key is None:
        missing = [w for w, code in (("primaries", tags.primaries), ("transfer", tags.transfer))
                   if code == 2]  # fmt: skip
        why = f"{' and '.join(missing)} not tagged" if missing else "no colour space for these"
        return ColourFacts(None, None, f"{tags.describe()} ({why})")
    return _known(config, key, ColourSource.TAGS, tags.describe())


def _rule_space(config: Any, path: Path) -> str | None:
    """The colour space the config's file rules give `path` (its Default rule included)."""
    found = config.getColorSpaceFromFilepath(str(path))  # (name, rule index) in OCIO 2.x
    name = found[0] if isinstance(found, tuple) else found
    return str(name) if name else None


def _from_file_rules(config: Any, path: Path) -> str | None:
    if config.filepathOnlyMatchesDefaultRule(str(path)):
        return None
    return _rule_space(config, path)


def declared_colour(
    path: Path,
    *,
    given: str | None = None,
    tags: StreamTags | None = None,
    config_path: str | None = None,
) -> ColourFacts:
    """The colour space of the source whose first file is `path` (see the module notes).

    `tags` are the first decoded frame's; `config_path` the studio's OCIO config (None: the
    built-in one, whose file rules are only used for the suggestion).
    """
    config = load_config(config_path)
    header = _from_header(config, path)
    read = header if header is not None else _from_tags(config, tags)
    if given is not None and given.strip():
        found = f"given as {given.strip()!r}; the file: {read.found}"
        return _named(config, given.strip(), ColourSource.GIVEN, found)
    if read.name is not None:
        return read
    if config_path:
        ruled = _from_file_rules(config, path)
        if ruled is not None:
            found = f"{read.found}; the config's file rule for {path.name}"
            return _named(config, ruled, ColourSource.FILE_RULE, found)
    return ColourFacts(None, None, read.found, suggestion=_rule_space(config, path))
