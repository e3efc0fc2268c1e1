"""What differs between the PyAV versions AXIOM runs on, found by feature, not by version.

DCCs on Python 3.10 (Maya 2024/2025, Houdini 20/20.5, Nuke 15) get PyAV 17 at most; the
standalone app runs the newest. Everything media/ needs to tell them apart lives here:

- PyAV 17's `Colorspace` enum has no BT2020 member. Its reformatter takes swscale's plain
  number (SWS_CS_BT2020 = 9) instead, and then uses the frame's own tag for the matrix.
- PyAV 17's swscale path refuses frames tagged BT.2020 constant luminance (AVCOL_SPC 10:
  "Operation not supported"); PyAV 18 converts them with the BT.2020 (non-constant) matrix,
  so on 17 `reformat` tags the source as non-constant for the call and restores the tag.
- PyAV 17's `VideoCodecContext.pix_fmt` crashes the interpreter (a NULL descriptor) when the
  stream's pixel format is unknown (a truncated file); `.format` is None there on both.
"""

from __future__ import annotations

from typing import Any

from av.video.codeccontext import VideoCodecContext
from av.video.frame import VideoFrame
from av.video.reformatter import Colorspace, VideoReformatter

SWS_CS_BT2020 = 9  # libswscale's number for the BT.2020 matrix (stable since FFmpeg 2.x)
AVCOL_SPC_BT2020_NCL = 9
AVCOL_SPC_BT2020_CL = 10

BT2020: Colorspace | int = getattr(Colorspace, "BT2020", SWS_CS_BT2020)
"""The BT.2020 YUV matrix for `VideoReformatter.reformat` (an enum member where PyAV has one)."""

_CONSTANT_LUMINANCE_REFUSED = not isinstance(BT2020, Colorspace)


def codec_pix_fmt(context: VideoCodecContext) -> str:
    """The stream's pixel format name, "" when FFmpeg does not know it."""
    found = context.format
    return found.name if found is not None else ""


def reformat(
    reformatter: VideoReformatter, frame: VideoFrame, *args: Any, **options: Any
) -> VideoFrame:
    """`reformatter.reformat(frame, *args, **options)`, also for BT.2020 constant-luminance frames
    on PyAV 17 (see the module notes). Never share a reformatter or a frame between threads
    while this runs: the frame's tag changes for the call."""
    if not _CONSTANT_LUMINANCE_REFUSED or int(frame.colorspace) != AVCOL_SPC_BT2020_CL:
        return reformatter.reformat(frame, *args, **options)
    frame.colorspace = AVCOL_SPC_BT2020_NCL
    try:
        return reformatter.reformat(frame, *args, **options)
    finally:
        frame.colorspace = AVCOL_SPC_BT2020_CL
