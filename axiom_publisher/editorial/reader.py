"""Read an edit (OpenTimelineIO file or CMX 3600 EDL) into a core Edit.

OTIO files carry their own rate; an EDL is read at the project's frame rate (`fps`) through
the otio-cmx3600-adapter plugin. Every reading failure becomes an AXIOM error naming the
file and the reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import opentimelineio as otio  # type: ignore[import-untyped]

from axiom_publisher.core.editorial import Edit, EditClip
from axiom_publisher.core.errors import SourceNotFoundError, UnreadableSourceError

# suffix -> the OTIO adapter that reads it
EDIT_SUFFIXES = {".otio": "otio_json", ".otioz": "otioz", ".edl": "cmx_3600"}


def read_edit(path: Path, fps: float) -> Edit:
    """The video clips of the edit at `path`, in timeline order (track by track)."""
    path = Path(path)
    adapter = EDIT_SUFFIXES.get(path.suffix.lower())
    if adapter is None:
        raise UnreadableSourceError(
            f"{path}: not an edit AXIOM reads; use an OpenTimelineIO file (.otio, .otioz) "
            "or a CMX 3600 EDL (.edl)"
        )
    if not path.is_file():
        raise SourceNotFoundError(f"{path}: the edit file does not exist")
    options: dict[str, Any] = {"rate": fps} if adapter == "cmx_3600" else {}
    try:
        loaded = otio.adapters.read_from_file(str(path), adapter_name=adapter, **options)
    except Exception as error:  # the adapters raise OTIOError, ValueError, KeyError, ...
        reason = str(error).strip() or type(error).__name__
        raise UnreadableSourceError(f"{path}: cannot read the edit: {reason}") from error
    timeline = _timeline(loaded, path)
    try:
        clips = tuple(_clips(timeline))
    except Exception as error:  # a timeline whose ranges cannot be computed
        raise UnreadableSourceError(f"{path}: cannot read the edit's clips: {error}") from error
    if not clips:
        raise UnreadableSourceError(f"{path}: the edit has no video clips")
    rate = _rate(timeline, clips_rate=fps)
    return Edit(path=str(path), name=str(timeline.name or path.stem), rate=rate, clips=clips)


def _timeline(loaded: Any, path: Path) -> Any:
    if isinstance(loaded, otio.schema.Timeline):
        return loaded
    if isinstance(loaded, otio.schema.SerializableCollection):
        timelines = list(loaded.find_children(descended_from_type=otio.schema.Timeline))
        if len(timelines) == 1:
            return timelines[0]
        raise UnreadableSourceError(
            f"{path}: holds {len(timelines)} timelines; export the one edit to import"
        )
    raise UnreadableSourceError(
        f"{path}: holds a {type(loaded).__name__}, not a timeline; export the edit as a timeline"
    )


def _rate(timeline: Any, clips_rate: float) -> float:
    for clip in timeline.find_clips():
        return float(clip.trimmed_range().duration.rate)
    return clips_rate


def _frames(time: Any, rate: float) -> int:
    return round(float(time.value_rescaled_to(rate)))


def _clips(timeline: Any) -> list[EditClip]:
    start = timeline.global_start_time
    clips = []
    for track in timeline.video_tracks():
        # A trimmed track starts at its source range; an EDL's track starts at minus the
        # first record timecode, so that the record timecodes come back.
        trim = track.source_range.start_time if track.source_range is not None else None
        for item in track.find_clips(shallow_search=True):
            trimmed = item.trimmed_range()
            visible = item.visible_range()  # with the overlap of adjacent dissolves
            rate = float(trimmed.duration.rate)
            offset = start.value_rescaled_to(rate) if start is not None else 0
            record = item.range_in_parent().start_time
            if trim is not None:
                record = record - trim
            head = visible.start_time - trimmed.start_time  # <= 0: a dissolve into the clip
            reference = item.media_reference
            target = getattr(reference, "target_url", None)
            clips.append(
                EditClip(
                    name=str(item.name or ""),
                    track=str(track.name or ""),
                    record_in=round(offset) + _frames(record + head, rate),
                    source_in=_frames(visible.start_time, rate),
                    duration=_frames(visible.duration, rate),
                    source_path=str(target) if target else None,
                )
            )
    return clips
