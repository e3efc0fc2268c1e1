"""Reading edits: an OTIO timeline and a CMX 3600 EDL of the same cut give the same shots."""

from __future__ import annotations

from pathlib import Path

import opentimelineio as otio
import pytest

from axiom_publisher.core.editorial import Edit, compile_shot_pattern, shots_from_edit
from axiom_publisher.core.errors import SourceNotFoundError, UnreadableSourceError
from axiom_publisher.editorial import read_edit
from tests.editorial.edits import EDIT_V1, EXPECTED_V1, RATE, write_edl, write_otio

PATTERN = compile_shot_pattern(r"(?P<shot>[a-z]{2}\d{3})")
WRITERS = {"otio": write_otio, "edl": write_edl}


@pytest.fixture(params=sorted(WRITERS))
def edit_v1(request: pytest.FixtureRequest, tmp_path: Path) -> Edit:
    suffix = str(request.param)
    path = WRITERS[suffix](EDIT_V1, tmp_path / f"reel1.{suffix}")
    return read_edit(path, RATE)


def test_every_clip_is_read_in_timeline_order(edit_v1: Edit) -> None:
    assert edit_v1.rate == RATE
    assert edit_v1.name == "reel1"
    assert [clip.name for clip in edit_v1.clips] == [cut.name for cut in EDIT_V1]
    first = edit_v1.clips[0]
    assert (first.record_in, first.source_in, first.duration) == (86400, 86424, 48)
    # after a 12-frame gap; ab030 shows 4 frames of the dissolve at its tail, ab040 at its head
    ab020, ab030, ab040 = edit_v1.clips[1:4]
    assert (ab020.record_in, ab020.duration) == (86400 + 48 + 12, 30)
    assert (ab030.record_in, ab030.source_in, ab030.duration) == (86490, 87424, 28)
    assert (ab040.record_in, ab040.source_in, ab040.duration) == (86514 - 4, 87924 - 4, 44)


def test_the_shots_get_the_right_frame_ranges(edit_v1: Edit) -> None:
    shots = shots_from_edit(edit_v1, PATTERN, frame_start=1001, handles=8)
    assert [shot.code for shot in shots.shots] == list(EXPECTED_V1)
    for shot in shots.shots:
        assert (shot.cut_in, shot.cut_out) == EXPECTED_V1[shot.code], shot.code
        assert shot.handles == 8
    assert shots.unmatched == ("slate",)
    by_code = {shot.code: shot for shot in shots.shots}
    assert by_code["ab010"].record_in == "01:00:00:00"
    assert by_code["ab020"].record_in == "01:00:02:12"  # 48 frames + a 12-frame gap
    assert by_code["ab030"].clips == ("ab030_comp_v002",)
    assert (by_code["ab010"].source_in, by_code["ab010"].source_out) == (
        "01:00:01:00",
        "01:00:03:00",
    )


def test_a_collection_holding_one_timeline_is_read(tmp_path: Path) -> None:
    timeline = otio.adapters.read_from_file(str(write_otio(EDIT_V1, tmp_path / "a.otio")))
    collection = otio.schema.SerializableCollection(name="bin", children=[timeline])
    otio.adapters.write_to_file(collection, str(tmp_path / "bin.otio"))
    assert len(read_edit(tmp_path / "bin.otio", RATE).clips) == len(EDIT_V1)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("cut.otio", "{not json", "cannot read the edit"),
        ("cut.edl", "TITLE: x\n001  AB010  V  Q  01:00:00:00\n", "cannot read the edit"),
        ("cut.xml", "<xml/>", "not an edit AXIOM reads"),
        ("clip.otio", otio.adapters.write_to_string(otio.schema.Clip(name="c")), "not a timeline"),
        ("empty.otio", otio.adapters.write_to_string(otio.schema.Timeline()), "no video clips"),
    ],
)
def test_an_unreadable_edit_names_the_file_and_the_reason(
    tmp_path: Path, name: str, content: str, reason: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UnreadableSourceError) as caught:
        read_edit(path, RATE)
    assert str(path) in str(caught.value)
    assert reason in str(caught.value)
    assert caught.value.exit_code == 2


def test_a_missing_edit_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(SourceNotFoundError, match="does not exist"):
        read_edit(tmp_path / "nowhere.edl", RATE)
