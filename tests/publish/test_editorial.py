"""Shots from the edit on a real database (SQLite and PostgreSQL): plan, apply, re-import."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from axiom_publisher.config import Settings, load_settings
from axiom_publisher.config.editorial import EditorialSettings
from axiom_publisher.core.errors import (
    BadInputError,
    PublishConflictError,
    UnknownEntityError,
)
from axiom_publisher.core.types import EntityKind, EntitySpec, ProjectSpec, PublishContext
from axiom_publisher.db import repo
from axiom_publisher.db.cuts import set_shot_cut
from axiom_publisher.editorial import read_edit
from axiom_publisher.publish import catalog
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.editorial import apply_plan, plan_edit_file, plan_import
from tests.editorial.edits import EDIT_V1, EXPECTED_V1, edit_v2, write_edl, write_otio
from tests.roots import publish_root


@pytest.fixture
def film(db_url: str, tmp_path: Path, axiom_env: dict[str, str]) -> Settings:
    """Settings on this test's database with an empty project `film` (24 fps, handles 8)."""
    settings = load_settings(
        axiom_env, db_url=db_url, publish_root=publish_root(tmp_path / "publish")
    )
    with open_catalog_database(settings) as database:
        catalog.create_project(database, ProjectSpec(code="film", name="Film"))
    return settings


def _shots(settings: Settings) -> dict[str, tuple[int | None, int | None, int | None]]:
    with open_catalog_database(settings) as database:
        entities = catalog.list_entities(database, "film", EntityKind.SHOT)
    return {e.code: (e.cut_in, e.cut_out, e.handles) for e in entities}


def test_an_otio_import_then_an_edl_recut_reports_exactly_the_changes(
    film: Settings, tmp_path: Path
) -> None:
    first = plan_edit_file(film, "film", write_otio(EDIT_V1, tmp_path / "v1.otio"))
    assert [shot.code for shot in first.new] == list(EXPECTED_V1)
    assert (first.changed, first.unchanged, first.omitted) == ((), (), ())
    assert first.unmatched == ("slate",)
    assert _shots(film) == {}  # planning writes nothing

    result = apply_plan(film, first)
    assert result.applied
    assert _shots(film) == {code: (*cut, 8) for code, cut in EXPECTED_V1.items()}

    recut = plan_edit_file(film, "film", write_edl(edit_v2(), tmp_path / "v2.edl"))
    assert recut.new == ()
    assert [(c.code, c.old.range_text, c.new.cut_in, c.new.cut_out) for c in recut.changed] == [
        ("ab020", "1001-1030", 1001, 1034),
        ("ab070", "1001-1040", 1001, 1036),
    ]
    assert [shot.code for shot in recut.omitted] == ["ab110"]
    assert [shot.code for shot in recut.unchanged] == [
        code for code in EXPECTED_V1 if code not in ("ab020", "ab070", "ab110")
    ]
    assert _shots(film)["ab020"] == (1001, 1030, 8)  # still only a plan

    applied = apply_plan(film, recut)
    assert (applied.removed, applied.kept) == ((), ("ab110",))
    after = _shots(film)
    assert after["ab020"] == (1001, 1034, 8)
    assert after["ab070"] == (1001, 1036, 8)
    assert after["ab110"] == (1001, 1033, 8)  # omitted, kept unless asked
    assert {code: after[code] for code in after if code not in ("ab020", "ab070")} == {
        code: (*cut, 8) for code, cut in EXPECTED_V1.items() if code not in ("ab020", "ab070")
    }
    assert not plan_edit_file(film, "film", tmp_path / "v2.edl").changed


def test_omitted_shots_are_removed_only_when_asked_and_never_with_versions(
    film: Settings, tmp_path: Path
) -> None:
    apply_plan(film, plan_edit_file(film, "film", write_otio(EDIT_V1, tmp_path / "v1.otio")))
    with open_catalog_database(film) as database:
        catalog.create_entity(database, EntitySpec("film", "zz900", EntityKind.SHOT))
        database.run(
            lambda s: repo.reserve_version(
                s,
                PublishContext("film", "ab110", "comp", "main"),
                author="ana",
                host="cli",
                comment="",
                source=None,
                lease_seconds=60,
                frame_range=None,
                missing_frames=(),
                folder_for=lambda number: f"film/ab110/comp/main/v{number:03d}",
            )
        )
    plan = plan_edit_file(film, "film", write_edl(edit_v2(), tmp_path / "v2.edl"))
    assert [(s.code, s.versions) for s in plan.omitted] == [("ab110", 1), ("zz900", 0)]

    result = apply_plan(film, plan, remove_omitted=True)
    assert (result.removed, result.kept) == (("zz900",), ("ab110",))
    after = _shots(film)
    assert "zz900" not in after
    assert after["ab110"] == (1001, 1033, 8)
    assert after["ab020"] == (1001, 1034, 8)


def test_a_plan_made_stale_by_another_change_writes_nothing(film: Settings, tmp_path: Path) -> None:
    apply_plan(film, plan_edit_file(film, "film", write_otio(EDIT_V1, tmp_path / "v1.otio")))
    plan = plan_edit_file(film, "film", write_otio(edit_v2(), tmp_path / "v2.otio"))
    with open_catalog_database(film) as database:
        database.run(
            lambda s: set_shot_cut(s, "film", "ab050", cut_in=1001, cut_out=1010, handles=8)
        )
    with pytest.raises(PublishConflictError, match="plan it again"):
        apply_plan(film, plan)
    after = _shots(film)
    assert after["ab020"] == (1001, 1030, 8)  # nothing of the plan was written
    assert after["ab050"] == (1001, 1010, 8)


def test_handles_and_first_frame_come_from_the_flag_the_config_or_the_project(
    film: Settings, tmp_path: Path
) -> None:
    edit = read_edit(write_otio(EDIT_V1, tmp_path / "v1.otio"), 24)
    with open_catalog_database(film) as database:
        catalog.create_project(database, ProjectSpec(code="short", name="Short", handles=12))
    by_project = plan_import(film, "short", edit)
    assert {shot.handles for shot in by_project.new} == {12}
    configured = replace(film, editorial=EditorialSettings(handles=4, frame_start=1))
    by_config = plan_import(configured, "short", edit)
    assert {shot.handles for shot in by_config.new} == {4}
    assert (by_config.new[0].cut_in, by_config.new[0].cut_out) == (1, 48)
    assert {shot.handles for shot in plan_import(configured, "short", edit, handles=0).new} == {0}
    with pytest.raises(UnknownEntityError, match="no project 'nope'"):
        plan_import(film, "nope", edit)


def test_a_dry_run_refuses_what_apply_would_refuse(film: Settings, tmp_path: Path) -> None:
    """A clip naming a code the project uses for an asset: planning says so (exit 2 in the
    CLI), instead of promising a new shot that --apply could not create."""
    with open_catalog_database(film) as database:
        catalog.create_entity(database, EntitySpec("film", "ab030", EntityKind.ASSET))
    edit = write_otio(EDIT_V1, tmp_path / "v1.otio")
    with pytest.raises(BadInputError, match=r"clip 'ab030_comp_v002' names the shot 'ab030', but"):
        plan_edit_file(film, "film", edit)
    assert _shots(film) == {}


def test_an_edit_whose_only_clips_have_no_frames_says_so(film: Settings, tmp_path: Path) -> None:
    empty = (replace(EDIT_V1[0], duration=0), replace(EDIT_V1[1], duration=0))
    with pytest.raises(BadInputError, match="no clip of the edit has frames"):
        plan_edit_file(film, "film", write_otio(empty, tmp_path / "empty.otio"))
