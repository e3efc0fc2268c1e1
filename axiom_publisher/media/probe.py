"""Container and stream metadata from pymediainfo, completed by what the decoder saw.

`probe` never raises for bad files: it returns what it could read (possibly nothing) and
lets the decoder's problems speak.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from av.video.format import VideoFormat
from pymediainfo import MediaInfo as MediaInfoParser

from axiom_publisher.core.media import AudioTrack, MediaInfo
from axiom_publisher.media.decode import FrameSource

# mediainfo's Video/Image "format" -> what AXIOM calls the codec
_CODECS = {"MPEG Video": "MPEG-2", "JPEG": "JPEG", "EXR": "EXR", "DPX": "DPX"}


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number else None  # not NaN


def _integer(value: Any) -> int | None:
    number = _number(value)
    return int(number) if number is not None else None


def _container(general: dict[str, Any]) -> str | None:
    name = general.get("format")
    if name == "MPEG-4" and general.get("format_profile") == "QuickTime":
        return "QuickTime"
    return str(name) if name else None


def _timecode(tracks: list[tuple[str, dict[str, Any]]]) -> str | None:
    """The start timecode: a timecode track first, then the container, then the video."""
    for wanted in ("Other", "General", "Video"):
        for kind, data in tracks:
            value = data.get("time_code_of_first_frame")
            if kind == wanted and value:
                return str(value)
    return None


def _compression(video: dict[str, Any]) -> str | None:
    """ "lossy" or "lossless" where mediainfo knows (JPEG, PNG, FFV1, EXR, DPX), else None."""
    mode = str(video.get("compression_mode") or "").strip().lower()
    return mode if mode in ("lossy", "lossless") else None


def load_library() -> bool:
    """Load libmediainfo now (a process that forks workers: each child finds it loaded
    instead of finding and linking it again for its first probe); False when it is missing."""
    return bool(MediaInfoParser.can_parse())


def probe(path: Path) -> MediaInfo:
    """What mediainfo says about the file; an empty MediaInfo when it says nothing."""
    try:
        parsed = MediaInfoParser.parse(str(path))
        tracks = [(str(track.track_type), dict(track.to_data())) for track in parsed.tracks]
    except Exception:  # an unreadable or hostile file: the decoder reports the problem
        return MediaInfo()
    general = next((data for kind, data in tracks if kind == "General"), {})
    video = next((data for kind, data in tracks if kind in ("Video", "Image")), {})
    audio = tuple(
        AudioTrack(
            codec=str(data.get("format") or "unknown"),
            channels=_integer(data.get("channel_s")),
            sample_rate=_integer(data.get("sampling_rate")),
            language=str(data["language"]) if data.get("language") else None,
        )
        for kind, data in tracks
        if kind == "Audio"
    )
    codec = video.get("format")
    aspect = _number(video.get("pixel_aspect_ratio"))
    duration_ms = _number(video.get("duration") or general.get("duration"))
    frame_count = _integer(video.get("frame_count") or general.get("frame_count"))
    return MediaInfo(
        container=_container(general),
        codec=_CODECS.get(str(codec), str(codec)) if codec else None,
        width=_integer(video.get("width")),
        height=_integer(video.get("height")),
        pixel_aspect=aspect if aspect else None,
        bit_depth=_integer(video.get("bit_depth")),
        chroma=str(video["chroma_subsampling"]) if video.get("chroma_subsampling") else None,
        color_primaries=video.get("color_primaries") or None,
        transfer=video.get("transfer_characteristics") or None,
        matrix=video.get("matrix_coefficients") or None,
        fps=_number(video.get("frame_rate") or general.get("frame_rate")),
        variable_fps=video.get("frame_rate_mode") == "VFR",
        duration=duration_ms / 1000.0 if duration_ms is not None else None,
        frame_count=frame_count,
        timecode=_timecode(tracks),
        audio=audio,
        compression=_compression(video),
    )


def complete(info: MediaInfo, source: FrameSource, decoded_frames: int) -> MediaInfo:
    """Fill in from the decoder what mediainfo left out (EXR/DPX sequences above all).

    The decoder's pixel format, float-ness and picture size are what was actually decoded,
    so they override; fps, aspect, timecode and frame count only fill gaps.
    """
    if not source.pix_fmt:
        return info
    fps = info.fps
    if fps is None and source.fps is not None:
        fps = float(source.fps)
    aspect = info.pixel_aspect
    if aspect is None and source.sample_aspect is not None:
        aspect = float(source.sample_aspect)
    bit_depth = info.bit_depth
    if bit_depth is None:
        bit_depth = max(c.bits for c in VideoFormat(source.pix_fmt).components)
    frame_count = info.frame_count
    if frame_count is None or source.source.is_sequence:
        frame_count = decoded_frames
    return replace(
        info,
        width=source.width or info.width,
        height=source.height or info.height,
        pix_fmt=source.pix_fmt,
        fps=fps,
        pixel_aspect=aspect,
        bit_depth=bit_depth,
        frame_count=frame_count,
        timecode=info.timecode or source.timecode,
    )
