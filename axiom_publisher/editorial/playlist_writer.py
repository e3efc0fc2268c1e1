"""Write a playlist as an OpenTimelineIO timeline: one video track, one clip per version.

Each clip refers to the version's proxy (an absolute path) and its source range is the
version's own frames at its rate, so a clip's start time is the shot's first frame (its
timecode, also kept in the clip's metadata with the version id).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import opentimelineio as otio  # type: ignore[import-untyped]

from axiom_publisher.core.errors import BadInputError
from axiom_publisher.core.playlist import PlaylistClip
from axiom_publisher.core.timecode import frames_to_timecode


def _clip(item: PlaylistClip) -> otio.schema.Clip:
    start = otio.opentime.RationalTime(item.frame_first, item.fps)
    frames = otio.opentime.TimeRange(start, otio.opentime.RationalTime(item.duration, item.fps))
    media = otio.schema.ExternalReference(target_url=str(item.media), available_range=frames)
    return otio.schema.Clip(
        name=item.name,
        media_reference=media,
        source_range=frames,
        metadata={
            "axiom": {
                "version_id": item.version_id,
                "frame_first": item.frame_first,
                "frame_last": item.frame_last,
                "timecode_in": frames_to_timecode(item.frame_first, item.fps),
            }
        },
    )


def write_playlist_timeline(path: Path, name: str, clips: Sequence[PlaylistClip]) -> Path:
    """Write the timeline to `path` (.otio); returns the path."""
    track = otio.schema.Track(name="playlist", kind=otio.schema.TrackKind.Video)
    for item in clips:
        track.append(_clip(item))
    timeline = otio.schema.Timeline(name=name)
    timeline.tracks.append(track)
    try:
        otio.adapters.write_to_file(timeline, str(path), adapter_name="otio_json")
    except OSError as error:
        raise BadInputError(
            f"{path}: cannot write the playlist timeline: {error.strerror or error}; "
            "choose a folder you may write to"
        ) from error
    return path
