"""Pixel hashes: FFmpeg's framemd5 of a decoded frame, and a content hash of a whole source.

`frame_md5` hashes the frame's planes packed without line padding, in the frame's own pixel
format, as FFmpeg's rawvideo encoder (av_image_copy_to_buffer, align 1) feeds the framemd5
muxer. So it equals `ffmpeg -i X -f framemd5 -` for the same decoded format, and the same
pictures hash the same in any container.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
from av.video.format import VideoFormat
from av.video.frame import VideoFrame

from axiom_publisher.core.media import FrameHash


def plane_row_bytes(format: VideoFormat, plane: int, plane_width: int) -> int:
    """Bytes of one unpadded row of `plane` (what av_image_get_linesize gives)."""
    planes = {component.plane for component in format.components}
    if len(planes) == 1 or format.has_palette:
        if plane == 1 and format.has_palette:
            return 1024  # the palette: 256 RGBA entries
        # Packed formats (rgb24, rgb48le, bgr0, ...): all components share the pixel step.
        return (plane_width * format.padded_bits_per_pixel + 7) // 8
    per_pixel = sum(
        (component.bits + 7) // 8 for component in format.components if component.plane == plane
    )
    return plane_width * per_pixel


def frame_md5(frame: VideoFrame) -> str:
    """MD5 hex of the frame's pixels, equal to FFmpeg's framemd5 for this pixel format."""
    digest = hashlib.md5()
    for index, plane in enumerate(frame.planes):
        row = plane_row_bytes(frame.format, index, plane.width)
        height = plane.height if not (frame.format.has_palette and index == 1) else 1
        if plane.line_size == row:
            digest.update(memoryview(plane)[: row * height])
            continue
        rows = np.frombuffer(memoryview(plane), dtype=np.uint8, count=plane.line_size * height)
        packed = np.ascontiguousarray(rows.reshape(height, plane.line_size)[:, :row])
        digest.update(packed.data)
    return digest.hexdigest()


def content_hash(hashes: Sequence[FrameHash], *, width: int, height: int, pix_fmt: str) -> str:
    """SHA-256 hex of the picture format and the frame MD5s in order.

    Frame numbers are left out: the same pictures give the same hash in any container
    and under any numbering.
    """
    digest = hashlib.sha256(f"axiom-content-1 {width}x{height} {pix_fmt}\n".encode())
    for frame_hash in hashes:
        digest.update(frame_hash.md5.encode("ascii") + b"\n")
    return digest.hexdigest()
