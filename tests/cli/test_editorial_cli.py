"""`axiom editorial import`: dry run by default, --apply writes, exit 2 for unreadable edits."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.conftest import Axiom
from tests.editorial.edits import (
    EDIT_V1,
    EXPECTED_V1,
    Cut,
    edit_v2,
    write_edl,
    write_otio,
)


@pytest.fixture
def axiom(
    db_url: str, tmp_path: Path, axiom_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> Axiom:
    runner = Axiom(db_url, tmp_path / "publish", capsys)
    runner.ok("project", "create", "film")
    return runner


def _shots(axiom: Axiom) -> dict[str, tuple[int, int, int]]:
    from axiom_publisher.config import load_settings
    from axiom_publisher.publish import catalog
    from axiom_publisher.publish.database import open_catalog_database

    settings = load_settings(db_url=axiom.db_url)
    with open_catalog_database(settings) as database:
        return {
            e.code: (e.cut_in, e.cut_out, e.handles)
            for e in catalog.list_entities(database, "film")
            if e.cut_in is not None and e.cut_out is not None and e.handles is not None
        }


def test_a_dry_run_reports_and_writes_nothing_then_apply_creates_the_shots(
    axiom: Axiom, tmp_path: Path
) -> None:
    edit = write_otio(EDIT_V1, tmp_path / "reel1.otio")
    dry = axiom.ok("editorial", "import", edit, "--project", "film")
    assert "new        ab010        1001-1048   handles 8  rec 01:00:00:00  ab010_v003" in dry.out
    assert "unmatched clips (no shot code): slate" in dry.out
    assert "12 new, 0 changed, 0 omitted, 0 unchanged" in dry.out
    assert "dry run: nothing written" in dry.out
    assert _shots(axiom) == {}

    applied = axiom.ok("editorial", "import", edit, "--project", "film", "--apply", "--json")
    payload = applied.json()
    assert payload["applied"] is True
    assert payload["counts"] == {
        "new": 12,
        "changed": 0,
        "omitted": 0,
        "unchanged": 0,
        "unmatched_clips": 1,
        "skipped_clips": 0,
    }
    assert {s["code"]: (s["cut_in"], s["cut_out"]) for s in payload["new"]} == EXPECTED_V1
    assert _shots(axiom) == {code: (*cut, 8) for code, cut in EXPECTED_V1.items()}


def test_a_recut_edl_shows_old_and_new_ranges_and_applies_them(
    axiom: Axiom, tmp_path: Path
) -> None:
    axiom.ok(
        "editorial",
        "import",
        write_otio(EDIT_V1, tmp_path / "v1.otio"),
        "--project",
        "film",
        "--apply",
    )
    recut = write_edl(edit_v2(), tmp_path / "v2.edl")
    dry = axiom.ok("editorial", "import", recut, "--project", "film", "--json").json()
    assert dry["applied"] is False
    assert dry["counts"] == {
        "new": 0,
        "changed": 2,
        "omitted": 1,
        "unchanged": 9,
        "unmatched_clips": 1,
        "skipped_clips": 0,
    }
    assert [(c["code"], c["old"]["cut_out"], c["new"]["cut_out"]) for c in dry["changed"]] == [
        ("ab020", 1030, 1034),
        ("ab070", 1040, 1036),
    ]
    assert [(s["code"], s["versions"], s["removed"]) for s in dry["omitted"]] == [
        ("ab110", 0, False)
    ]
    assert _shots(axiom)["ab020"] == (1001, 1030, 8)

    text = axiom.ok(
        "editorial", "import", recut, "--project", "film", "--apply", "--remove-omitted"
    ).out
    assert "changed    ab020          1001-1030 -> 1001-1034  handles 8" in text
    assert "omitted    ab110          1001-1033  (removed)" in text
    assert "applied; removed 1 omitted shot(s) without versions" in text
    after = _shots(axiom)
    assert "ab110" not in after
    assert (after["ab020"], after["ab070"]) == ((1001, 1034, 8), (1001, 1036, 8))


def test_an_unreadable_edit_exits_2_naming_the_file_and_the_reason(
    axiom: Axiom, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.edl"
    broken.write_text("TITLE: x\n001  AB010  V  Q  01:00:00:00\n", encoding="ascii")
    result = axiom("editorial", "import", broken, "--project", "film", "--json")
    assert result.code == 2
    error = result.error()
    assert error["type"] == "UnreadableSourceError"
    assert str(broken) in error["message"] and "cannot read the edit" in error["message"]
    assert result.out == ""

    text = axiom("editorial", "import", tmp_path / "missing.otio", "--project", "film")
    assert text.code == 2
    assert f"axiom: error: {tmp_path / 'missing.otio'}: the edit file does not exist" in text.err


def test_misuse_is_exit_2(axiom: Axiom, tmp_path: Path) -> None:
    edit = write_otio(EDIT_V1, tmp_path / "reel1.otio")
    assert axiom("editorial", "import", edit, "--project", "film", "--remove-omitted").code == 2
    nothing = axiom("editorial", "import", edit, "--project", "film", "--handles", "-1")
    assert (nothing.code, "negative" in nothing.err) == (2, True)
    config = tmp_path / "other.toml"
    config.write_text('[editorial]\nshot_pattern = "(?P<shot>SH\\\\d{4})"\n', encoding="utf-8")
    unmatched = axiom("--config", config, "editorial", "import", edit, "--project", "film")
    assert unmatched.code == 2
    assert "no clip name matches the shot pattern" in unmatched.err
    assert _shots(axiom) == {}


# ab040 and the slate with a clip of no frames between them (not beside the dissolve).
WITH_EMPTY_CLIP = (*EDIT_V1[:4], Cut("ab130_v001", 0, source_in=96424), *EDIT_V1[4:])


@pytest.mark.parametrize("writer", [write_otio, write_edl], ids=["otio", "edl"])
def test_a_clip_with_no_frames_is_skipped_and_apply_does_exactly_what_the_dry_run_said(
    axiom: Axiom, tmp_path: Path, writer: Callable[[tuple[Cut, ...], Path], Path]
) -> None:
    suffix = ".otio" if writer is write_otio else ".edl"
    edit = writer(WITH_EMPTY_CLIP, tmp_path / f"reel1{suffix}")
    text = axiom.ok("editorial", "import", edit, "--project", "film").out
    assert (
        f"skipped    ab130_v001  rec 01:00:06:10  in {edit}: it has no frames (duration 0)" in text
    )
    assert "ab130" not in text.replace("ab130_v001", "")  # no shot 1001-1000
    assert "12 new, 0 changed, 0 omitted, 0 unchanged, 1 clip(s) skipped" in text

    dry = axiom.ok("editorial", "import", edit, "--project", "film", "--json").json()
    assert dry["skipped_clips"] == [
        {
            "name": "ab130_v001",
            "edit": str(edit),
            "record_in": "01:00:06:10",
            "reason": "it has no frames (duration 0)",
        }
    ]
    assert dry["counts"]["new"] == 12 and dry["counts"]["skipped_clips"] == 1
    assert _shots(axiom) == {}

    applied = axiom.ok("editorial", "import", edit, "--project", "film", "--apply", "--json")
    payload = applied.json()
    assert payload["applied"] is True
    assert {key: payload[key] for key in dry if key != "applied"} == {
        key: dry[key] for key in dry if key != "applied"
    }  # --apply applied exactly the plan the dry run showed
    assert _shots(axiom) == {
        s["code"]: (s["cut_in"], s["cut_out"], s["handles"]) for s in dry["new"]
    }
    assert set(_shots(axiom)) == set(EXPECTED_V1)
