"""Shots from the edit: the clips of a cut, the shots they make, and what an import changes.

The frame convention (the VFX one): a shot's frames are numbered from the project's first
frame (1001 by default), not from the edit's timecodes. A clip that lasts 48 frames on the
timeline makes the cut range 1001-1048; the handles (8 by default) are extra frames at each
end that the plates must also cover (993-1056), so QC checks deliveries against them.

A clip's duration counts the frames it shows including the overlap of a dissolve into or
out of it, since the plate must cover those frames too. A shot cut into the edit more than
once gets the span of the source frames all its clips use. Frames are counted at the edit's
own rate (an EDL is read at the project's frame rate).

A clip that shows no frames (a zero-length or negative duration) makes no shot and adds
nothing to a shot's span: it is a skipped clip, reported with its name and the edit's file,
so that a dry run and the import it plans agree.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from axiom_publisher.core.errors import BadInputError
from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.names import validate_name
from axiom_publisher.core.timecode import frames_to_timecode


@dataclass(frozen=True, slots=True)
class EditClip:
    """One clip of the edit, in frames at the edit's rate counted from 00:00:00:00."""

    name: str
    track: str
    record_in: int
    source_in: int
    duration: int
    source_path: str | None = None

    @property
    def source_out(self) -> int:
        """The first source frame after the clip (exclusive, as an EDL writes it)."""
        return self.source_in + self.duration


@dataclass(frozen=True, slots=True)
class Edit:
    """An edit read from an OTIO file or an EDL: its video clips in timeline order."""

    path: str
    name: str
    rate: float
    clips: tuple[EditClip, ...]


@dataclass(frozen=True, slots=True)
class CutShot:
    """A shot as the edit cuts it: shot frames (1001-based), handles and where it came from."""

    code: str
    cut_in: int
    cut_out: int
    handles: int
    clips: tuple[str, ...]
    record_in: str
    source_in: str
    source_out: str

    @property
    def cut_range(self) -> FrameRange:
        return FrameRange(self.cut_in, self.cut_out)

    @property
    def duration(self) -> int:
        return self.cut_out - self.cut_in + 1


@dataclass(frozen=True, slots=True)
class SkippedClip:
    """A clip of the edit that makes no shot: `reason` says why (e.g. it has no frames)."""

    name: str
    edit: str  # the edit file it is in
    record_in: str  # its record timecode
    reason: str


@dataclass(frozen=True, slots=True)
class EditShots:
    """The shots of an edit, in order of first appearance, the clips that named none and
    the clips skipped because they show no frames."""

    shots: tuple[CutShot, ...]
    unmatched: tuple[str, ...]
    skipped: tuple[SkippedClip, ...] = ()


def compile_shot_pattern(pattern: str) -> re.Pattern[str]:
    """The shot pattern as a regular expression with a named group `shot`; errors say why."""
    try:
        compiled = re.compile(pattern)
    except re.error as error:
        raise BadInputError(
            f"the shot pattern {pattern!r} is not a regular expression: {error}"
        ) from error
    if "shot" not in compiled.groupindex:
        raise BadInputError(
            f"the shot pattern {pattern!r} needs a named group (?P<shot>...), "
            r"e.g. (?P<shot>[a-z]{2}\d{3})"
        )
    return compiled


def shot_code(clip_name: str, pattern: re.Pattern[str]) -> str | None:
    """The shot code a clip name carries (the first match of the pattern's `shot` group)."""
    match = pattern.search(clip_name)
    if match is None or not match.group("shot"):
        return None
    return match.group("shot")


def shots_from_edit(
    edit: Edit, pattern: re.Pattern[str], *, frame_start: int, handles: int
) -> EditShots:
    """The shots the edit's clips name, with cut ranges starting at `frame_start`."""
    if handles < 0:
        raise BadInputError(f"handles {handles} is negative; use 0 or more")
    grouped: dict[str, list[EditClip]] = {}
    unmatched: list[str] = []
    skipped: list[SkippedClip] = []
    for clip in edit.clips:
        if clip.duration <= 0:
            skipped.append(
                SkippedClip(
                    name=clip.name,
                    edit=edit.path,
                    record_in=frames_to_timecode(max(0, clip.record_in), edit.rate),
                    reason=f"it has no frames (duration {clip.duration})",
                )
            )
            continue
        code = shot_code(clip.name, pattern)
        if code is None:
            unmatched.append(clip.name)
            continue
        try:
            validate_name(code, "shot")
        except BadInputError as error:
            raise BadInputError(f"clip {clip.name!r}: {error}") from error
        grouped.setdefault(code, []).append(clip)
    shots = []
    for code, clips in grouped.items():
        source_in = min(clip.source_in for clip in clips)
        source_out = max(clip.source_out for clip in clips)
        duration = source_out - source_in
        shots.append(
            CutShot(
                code=code,
                cut_in=frame_start,
                cut_out=frame_start + duration - 1,
                handles=handles,
                clips=tuple(clip.name for clip in clips),
                record_in=frames_to_timecode(max(0, clips[0].record_in), edit.rate),
                source_in=frames_to_timecode(max(0, source_in), edit.rate),
                source_out=frames_to_timecode(max(0, source_out), edit.rate),
            )
        )
    return EditShots(shots=tuple(shots), unmatched=tuple(unmatched), skipped=tuple(skipped))


@dataclass(frozen=True, slots=True)
class ShotCut:
    """A shot as the database holds it: its cut (None when not set) and its version count."""

    code: str
    cut_in: int | None
    cut_out: int | None
    handles: int | None
    versions: int = 0

    def matches(self, shot: CutShot) -> bool:
        return (self.cut_in, self.cut_out, self.handles) == (
            shot.cut_in,
            shot.cut_out,
            shot.handles,
        )

    @property
    def range_text(self) -> str:
        if self.cut_in is None or self.cut_out is None:
            return "no cut"
        return f"{self.cut_in}-{self.cut_out}"


@dataclass(frozen=True, slots=True)
class CutChange:
    """A shot whose cut or handles differ between the database (`old`) and the edit (`new`)."""

    old: ShotCut
    new: CutShot

    @property
    def code(self) -> str:
        return self.new.code


@dataclass(frozen=True, slots=True)
class EditorialPlan:
    """What importing an edit into a project would do; nothing is written to make it.

    `omitted` are the project's shots the edit does not use: reported, and removed only
    when asked and only if they have no versions.
    """

    project: str
    source: str
    shots: tuple[CutShot, ...]
    new: tuple[CutShot, ...]
    changed: tuple[CutChange, ...]
    unchanged: tuple[CutShot, ...]
    omitted: tuple[ShotCut, ...]
    unmatched: tuple[str, ...] = ()
    skipped: tuple[SkippedClip, ...] = ()  # clips that make no shot (no frames)

    @property
    def has_changes(self) -> bool:
        return bool(self.new or self.changed or self.omitted)


@dataclass(frozen=True, slots=True)
class EditorialResult:
    """What applying a plan did: `removed` shots deleted, `kept` omitted shots with versions."""

    plan: EditorialPlan
    applied: bool
    removed: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()


def plan_changes(
    project: str, source: str, edit: EditShots, existing: Sequence[ShotCut]
) -> EditorialPlan:
    """Compare the edit's shots with the project's (`existing`): new, changed, unchanged
    (in edit order) and omitted (the project's shots the edit does not use, by code)."""
    known = {shot.code: shot for shot in existing}
    new, changed, unchanged = [], [], []
    for shot in edit.shots:
        current = known.get(shot.code)
        if current is None:
            new.append(shot)
        elif current.matches(shot):
            unchanged.append(shot)
        else:
            changed.append(CutChange(old=current, new=shot))
    used = {shot.code for shot in edit.shots}
    return EditorialPlan(
        project=project,
        source=source,
        shots=edit.shots,
        new=tuple(new),
        changed=tuple(changed),
        unchanged=tuple(unchanged),
        omitted=tuple(sorted((s for s in existing if s.code not in used), key=lambda s: s.code)),
        unmatched=edit.unmatched,
        skipped=edit.skipped,
    )
