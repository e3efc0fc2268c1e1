"""Clips to shots and the plan of an import, on hand-made edits (no files, no database)."""

from __future__ import annotations

import pytest

from axiom_publisher.core.editorial import (
    CutChange,
    Edit,
    EditClip,
    ShotCut,
    compile_shot_pattern,
    plan_changes,
    shots_from_edit,
)
from axiom_publisher.core.errors import BadInputError

PATTERN = compile_shot_pattern(r"(?P<shot>[a-z]{2}\d{3})")


def _edit(*clips: EditClip) -> Edit:
    return Edit(path="cut.otio", name="cut", rate=24.0, clips=clips)


def test_frames_start_at_frame_start_and_handles_are_kept() -> None:
    edit = _edit(EditClip("xy100_plate", "V1", record_in=0, source_in=500, duration=10))
    (shot,) = shots_from_edit(edit, PATTERN, frame_start=1, handles=3).shots
    assert (shot.code, shot.cut_in, shot.cut_out, shot.handles) == ("xy100", 1, 10, 3)
    assert shot.duration == 10


def test_a_shot_cut_in_twice_spans_the_source_frames_of_both_clips() -> None:
    edit = _edit(
        EditClip("ab010_v001", "V1", record_in=0, source_in=100, duration=20),
        EditClip("ab020_v001", "V1", record_in=20, source_in=0, duration=10),
        EditClip("ab010_v001", "V1", record_in=30, source_in=150, duration=30),
    )
    shots = shots_from_edit(edit, PATTERN, frame_start=1001, handles=8).shots
    assert [(s.code, s.cut_in, s.cut_out) for s in shots] == [
        ("ab010", 1001, 1080),  # source frames 100-179
        ("ab020", 1001, 1010),
    ]
    assert shots[0].clips == ("ab010_v001", "ab010_v001")


def test_bad_patterns_codes_and_handles_are_refused() -> None:
    with pytest.raises(BadInputError, match="named group"):
        compile_shot_pattern(r"[a-z]{2}\d{3}")
    with pytest.raises(BadInputError, match="not a regular expression"):
        compile_shot_pattern(r"(?P<shot>[a-z")
    spaced = compile_shot_pattern(r"^(?P<shot>\w+ \w+)")
    edit = _edit(EditClip("ab 010", "V1", record_in=0, source_in=0, duration=5))
    with pytest.raises(BadInputError, match="clip 'ab 010'"):
        shots_from_edit(edit, spaced, frame_start=1001, handles=8)
    with pytest.raises(BadInputError, match="negative"):
        shots_from_edit(edit, PATTERN, frame_start=1001, handles=-1)


def test_the_plan_sorts_shots_into_new_changed_unchanged_and_omitted() -> None:
    edit = _edit(
        EditClip("ab010", "V1", record_in=0, source_in=0, duration=10),
        EditClip("ab020", "V1", record_in=10, source_in=0, duration=20),
        EditClip("ab030", "V1", record_in=30, source_in=0, duration=30),
        EditClip("ab040", "V1", record_in=60, source_in=0, duration=40),
    )
    shots = shots_from_edit(edit, PATTERN, frame_start=1001, handles=8)
    existing = [
        ShotCut("ab010", 1001, 1010, 8),  # unchanged
        ShotCut("ab020", 1001, 1024, 8, versions=2),  # cut changed
        ShotCut("ab030", 1001, 1030, 4),  # handles changed
        ShotCut("zz900", None, None, None),  # omitted
    ]
    plan = plan_changes("proj", "cut.otio", shots, existing)
    assert [shot.code for shot in plan.new] == ["ab040"]
    assert plan.changed == (
        CutChange(old=existing[1], new=shots.shots[1]),
        CutChange(old=existing[2], new=shots.shots[2]),
    )
    assert [shot.code for shot in plan.unchanged] == ["ab010"]
    assert plan.omitted == (existing[3],)
    assert plan.has_changes
    assert existing[3].range_text == "no cut"
    again = plan_changes(
        "proj", "cut.otio", shots, [ShotCut(s.code, 1001, s.cut_out, 8) for s in shots.shots]
    )
    assert not again.has_changes
    assert len(again.unchanged) == 4


def test_clips_with_no_frames_make_no_shot_and_are_listed_as_skipped() -> None:
    edit = _edit(
        EditClip("ab010_v001", "V1", record_in=0, source_in=100, duration=20),
        EditClip("ab010_v001", "V1", record_in=20, source_in=900, duration=0),
        EditClip("ab020_v001", "V1", record_in=20, source_in=0, duration=0),
        EditClip("ab030_v001", "V1", record_in=24, source_in=50, duration=-3),
    )
    shots = shots_from_edit(edit, PATTERN, frame_start=1001, handles=8)
    # the empty ab010 clip does not stretch ab010 to source frame 900
    assert [(s.code, s.cut_in, s.cut_out, s.clips) for s in shots.shots] == [
        ("ab010", 1001, 1020, ("ab010_v001",))
    ]
    assert [(c.name, c.edit, c.record_in, c.reason) for c in shots.skipped] == [
        ("ab010_v001", "cut.otio", "00:00:00:20", "it has no frames (duration 0)"),
        ("ab020_v001", "cut.otio", "00:00:00:20", "it has no frames (duration 0)"),
        ("ab030_v001", "cut.otio", "00:00:01:00", "it has no frames (duration -3)"),
    ]
    plan = plan_changes("proj", "cut.otio", shots, [])
    assert [shot.code for shot in plan.new] == ["ab010"]
    assert plan.skipped == shots.skipped
