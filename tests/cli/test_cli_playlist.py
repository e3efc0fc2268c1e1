"""`axiom playlist create | list | show | export`: shared playlists of versions, and their
OpenTimelineIO timeline of the proxies (read back with OpenTimelineIO)."""

from __future__ import annotations

from pathlib import Path

import opentimelineio as otio
import pytest

from tests.cli.conftest import Axiom

SEQUENCE = ("seq", "plate.####.png")


@pytest.fixture
def reviewer(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("AXIOM_USER", "ana.review")
    return "ana.review"


def _publish(axiom: Axiom, media: Path, product: str = "plate", shot: str = "sh010") -> int:
    result = axiom.publish(media.joinpath(*SEQUENCE), product=product, shot=shot)
    assert result.code == 0, result.err
    return int(result.json()["id"])


def test_create_list_show_and_export(
    axiom: Axiom, project: str, media: Path, reviewer: str, tmp_path: Path
) -> None:
    axiom.ok("shot", "create", "proj", "sh005", "--frames", "1001-1010", "--handles", "0")
    first = _publish(axiom, media)
    second = _publish(axiom, media)
    early = _publish(axiom, media, shot="sh005")
    made = axiom.ok("playlist", "create", "dailies", "--versions", f"{second},{first}", "--json")
    playlist = made.json()
    assert playlist["name"] == "dailies" and playlist["version_ids"] == [second, first]
    listed = axiom.ok("playlist", "list", "--json").json()
    assert [(p["id"], p["name"], p["version_ids"]) for p in listed] == [
        (playlist["id"], "dailies", [second, first])
    ]
    assert listed[0]["created_at"] and listed[0]["owner"]
    shown = axiom.ok("playlist", "show", str(playlist["id"]), "--json").json()
    assert [v["id"] for v in shown["versions"]] == [second, first]
    text = axiom.ok("playlist", "show", str(playlist["id"])).out
    assert "proj/sh010/main/plate/v002" in text and text.index("v002") < text.index("v001")

    waiting = axiom.ok("playlist", "create", "queue", "--waiting", "--shot", "sh010", "--json")
    assert waiting.json()["version_ids"] == [first, second]  # oldest first
    latest = axiom.ok("playlist", "create", "cut", "--latest", "--project", "proj", "--json")
    assert latest.json()["version_ids"] == [early, second]  # one per shot, by shot code

    target = tmp_path / "dailies.otio"
    axiom.ok("playlist", "export", str(playlist["id"]), "--otio", target)
    timeline = otio.adapters.read_from_file(str(target))
    assert timeline.name == "dailies"
    clips = list(timeline.find_clips())
    assert [c.name for c in clips] == ["proj/sh010/main/plate/v002", "proj/sh010/main/plate/v001"]
    records = {v["id"]: v for v in shown["versions"]}
    for clip, version_id in zip(clips, [second, first], strict=True):
        proxy = Path(clip.media_reference.target_url)
        assert proxy == Path(records[version_id]["proxy"]) and proxy.is_file()
        assert clip.source_range.start_time.to_frames() == 1001
        assert clip.source_range.duration.to_frames() == 10
        assert clip.source_range.start_time.rate == 24
        assert clip.metadata["axiom"]["timecode_in"] == "00:00:41:17"
        assert clip.metadata["axiom"]["version_id"] == version_id
    assert timeline.duration().to_frames() == 20  # the whole list, version after version


def test_errors_name_what_to_fix(axiom: Axiom, project: str, media: Path, reviewer: str) -> None:
    missing = axiom("playlist", "create", "x", "--versions", "999", "--json")
    assert missing.code == 2 and "999" in missing.error()["message"]
    assert axiom("playlist", "create", "x", "--versions", "a,b").code == 2
    needs_project = axiom("playlist", "create", "x", "--latest", "--json")
    assert needs_project.code == 2 and "--project" in needs_project.error()["message"]
    no_project = axiom("playlist", "create", "x", "--waiting", "--sequence", "sq01", "--json")
    assert no_project.code == 2 and "--project" in no_project.error()["message"]
    empty = axiom("playlist", "create", "x", "--waiting", "--json")
    assert empty.code == 2 and "no versions" in empty.error()["message"]
    unknown = axiom("playlist", "show", "42", "--json")
    assert unknown.code == 2 and "axiom playlist list" in unknown.error()["message"]
    blank = axiom("playlist", "create", "  ", "--versions", str(_publish(axiom, media)), "--json")
    assert blank.code == 2 and "name" in blank.error()["message"]
