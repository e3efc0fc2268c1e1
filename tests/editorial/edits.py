"""Test edits: one table of cuts written as an OTIO timeline (OTIO API) and as a CMX 3600 EDL
(text written here, line by line), with the shot ranges they must give worked out by hand."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import opentimelineio as otio

RATE = 24
START = 86400  # 01:00:00:00 at 24 fps: the edit's first record frame


@dataclass(frozen=True)
class Cut:
    """A clip of the test edit: `gap_before` frames of nothing before it, and a centred
    dissolve of `dissolve_after` frames into the next clip."""

    name: str
    duration: int
    source_in: int
    gap_before: int = 0
    dissolve_after: int = 0


def _cut(index: int, name: str, duration: int, **extra: int) -> Cut:
    return Cut(name, duration, source_in=START + 500 * index + 24, **extra)


# 13 clips: 12 shots (ab010-ab120), a slate that names no shot, two gaps, one dissolve.
EDIT_V1 = (
    _cut(0, "ab010_v003", 48),
    _cut(1, "ab020_v001", 30, gap_before=12),
    _cut(2, "ab030_comp_v002", 24, dissolve_after=8),
    _cut(3, "ab040_v001", 40),
    _cut(4, "slate", 10),
    _cut(5, "ab050_v002", 36),
    _cut(6, "ab060_v001", 20),
    _cut(7, "ab070_v004", 40),
    _cut(8, "ab080_v001", 52),
    _cut(9, "ab090_v001", 18, gap_before=6),
    _cut(10, "ab100_v001", 28),
    _cut(11, "ab110_v001", 33),
    _cut(12, "ab120_v001", 45),
)

# Shot ranges by hand: cut in 1001, cut out 1001 + frames - 1; ab030 and ab040 also show
# half of the 8-frame dissolve between them (4 frames each).
EXPECTED_V1 = {
    "ab010": (1001, 1048),
    "ab020": (1001, 1030),
    "ab030": (1001, 1028),
    "ab040": (1001, 1044),
    "ab050": (1001, 1036),
    "ab060": (1001, 1020),
    "ab070": (1001, 1040),
    "ab080": (1001, 1052),
    "ab090": (1001, 1018),
    "ab100": (1001, 1028),
    "ab110": (1001, 1033),
    "ab120": (1001, 1045),
}


def edit_v2() -> tuple[Cut, ...]:
    """The re-cut: ab020 four frames longer, ab070 four frames shorter, ab110 removed."""
    cuts = []
    for cut in EDIT_V1:
        if cut.name.startswith("ab020"):
            cut = replace(cut, duration=34)
        elif cut.name.startswith("ab070"):
            cut = replace(cut, duration=36)
        elif cut.name.startswith("ab110"):
            continue
        cuts.append(cut)
    return tuple(cuts)


def _time(frames: int) -> otio.opentime.RationalTime:
    return otio.opentime.RationalTime(frames, RATE)


def _range(start: int, duration: int) -> otio.opentime.TimeRange:
    return otio.opentime.TimeRange(_time(start), _time(duration))


def write_otio(cuts: tuple[Cut, ...], path: Path) -> Path:
    """The edit as an OTIO timeline built with the OTIO API."""
    timeline = otio.schema.Timeline(name="reel1")
    timeline.global_start_time = _time(START)
    track = otio.schema.Track(name="V1", kind=otio.schema.TrackKind.Video)
    timeline.tracks.append(track)
    for cut in cuts:
        if cut.gap_before:
            track.append(otio.schema.Gap(source_range=_range(0, cut.gap_before)))
        reference = otio.schema.ExternalReference(
            target_url=f"/plates/{cut.name}.mov",
            available_range=_range(cut.source_in - 24, cut.duration + 48),
        )
        track.append(
            otio.schema.Clip(
                name=cut.name,
                media_reference=reference,
                source_range=_range(cut.source_in, cut.duration),
            )
        )
        if cut.dissolve_after:
            half = _time(cut.dissolve_after // 2)
            track.append(otio.schema.Transition(in_offset=half, out_offset=half))
    otio.adapters.write_to_file(timeline, str(path))
    return path


def timecode(frames: int) -> str:
    seconds, frame = divmod(frames, RATE)
    minutes, second = divmod(seconds, 60)
    hours, minute = divmod(minutes, 60)
    return f"{hours:02d}:{minute:02d}:{second:02d}:{frame:02d}"


def _event(number: int, reel: str, kind: str, source: tuple[int, int], record: int) -> str:
    first, last = source
    times = (
        f"{timecode(first)} {timecode(last)} {timecode(record)} {timecode(record + last - first)}"
    )
    return f"{number:03d}  {reel:<8} V     {kind:<8} {times}"


def edl_text(cuts: tuple[Cut, ...]) -> str:
    """The edit as a CMX 3600 EDL: cuts, gaps as jumps in the record timecode, and a
    dissolve as the outgoing clip cut short by half the dissolve, a zero-length cut and a
    D event of the incoming clip starting half the dissolve early."""
    lines = ["TITLE: reel1", "FCM: NON-DROP FRAME", ""]
    record, number, early = START, 0, 0
    for index, cut in enumerate(cuts):
        record += cut.gap_before
        reel = cut.name.split("_")[0].upper()[:8]
        if early:  # the incoming side of a dissolve: its D event is already written
            record += cut.duration
            early = 0
            continue
        tail = cut.dissolve_after // 2
        number += 1
        end = cut.source_in + cut.duration - tail
        lines.append(_event(number, reel, "C", (cut.source_in, end), record))
        lines.append(f"* FROM CLIP NAME: {cut.name}")
        record += cut.duration
        if tail:
            following = cuts[index + 1]
            other = following.name.split("_")[0].upper()[:8]
            number += 1
            lines.append(_event(number, reel, "C", (end, end), record - tail))
            source = (following.source_in - tail, following.source_in + following.duration)
            lines.append(_event(number, other, f"D {2 * tail:03d}", source, record - tail))
            lines.append(f"* FROM CLIP NAME: {cut.name}")
            lines.append(f"* TO CLIP NAME: {following.name}")
            early = tail
    return "\n".join(lines) + "\n"


def write_edl(cuts: tuple[Cut, ...], path: Path) -> Path:
    path.write_text(edl_text(cuts), encoding="ascii")
    return path
