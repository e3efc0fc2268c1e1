"""Projects and entities: round trips and the errors people see."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from axiom_publisher.core.errors import (
    AlreadyExistsError,
    BadInputError,
    InvalidNameError,
    UnknownEntityError,
)
from axiom_publisher.core.types import EntityKind, EntitySpec, ProjectSpec
from axiom_publisher.db import Database, repo

SPEC = ProjectSpec(
    code="feat01",
    name="Feature One",
    fps=23.976,
    width=4096,
    height=2160,
    colorspace="ACES - ACEScg",
    frame_start=1001,
    handles=12,
)


def test_project_round_trip(db: Database) -> None:
    created = db.run(lambda s: repo.create_project(s, SPEC))
    assert created == SPEC
    db.run(lambda s: repo.create_project(s, ProjectSpec(code="alpha", name="Alpha")))
    with db.session() as session:
        assert repo.get_project(session, "feat01") == SPEC
        assert [p.code for p in repo.list_projects(session)] == ["alpha", "feat01"]


def test_duplicate_project_is_refused(db: Database) -> None:
    db.run(lambda s: repo.create_project(s, SPEC))
    with pytest.raises(AlreadyExistsError, match="feat01"):
        db.run(lambda s: repo.create_project(s, SPEC))
    assert len(db.run(repo.list_projects)) == 1


def test_unknown_project_names_it_and_suggests_the_list(db: Database) -> None:
    with pytest.raises(UnknownEntityError, match="axiom project list") as caught:
        db.run(lambda s: repo.get_project(s, "nope"))
    assert "'nope'" in str(caught.value)
    assert isinstance(caught.value, LookupError)


def test_project_values_are_checked(db: Database) -> None:
    with pytest.raises(InvalidNameError):
        db.run(
            lambda s: repo.create_project(
                s, ProjectSpec(code="x'; DROP TABLE project;--", name="x")
            )
        )
    with pytest.raises(BadInputError, match="fps"):
        db.run(lambda s: repo.create_project(s, ProjectSpec(code="p", name="p", fps=0)))
    assert db.run(repo.list_projects) == []


def test_entity_round_trip(db: Database) -> None:
    def seed(session: Session) -> list[EntitySpec]:
        repo.create_project(session, SPEC)
        return [
            repo.create_entity(session, EntitySpec("feat01", "sq010", EntityKind.SEQUENCE)),
            repo.create_entity(
                session,
                EntitySpec("feat01", "sq010_sh020", EntityKind.SHOT, 1001, 1100, 8),
                parent="sq010",
            ),
            repo.create_entity(session, EntitySpec("feat01", "hero_car", EntityKind.ASSET)),
        ]

    created = db.run(seed)
    with db.session() as session:
        shot = repo.get_entity(session, "feat01", "sq010_sh020", EntityKind.SHOT)
        assert shot == created[1]
        assert shot.cut_range is not None and shot.cut_range.count == 100
        assert repo.get_entity(session, "feat01", "hero_car") == created[2]
        assert repo.list_entities(session, "feat01") == sorted(created, key=lambda e: e.code)


def test_entity_errors(db: Database) -> None:
    shot = EntitySpec("feat01", "sh010", EntityKind.SHOT)
    with pytest.raises(UnknownEntityError, match="feat01"):
        db.run(lambda s: repo.create_entity(s, shot))
    db.run(lambda s: repo.create_project(s, SPEC))
    db.run(lambda s: repo.create_entity(s, shot))
    with pytest.raises(AlreadyExistsError, match="sh010"):
        db.run(lambda s: repo.create_entity(s, shot))
    with pytest.raises(UnknownEntityError, match="axiom shot create") as caught:
        db.run(lambda s: repo.get_entity(s, "feat01", "sh999", EntityKind.SHOT))
    assert "feat01" in str(caught.value) and "sh999" in str(caught.value)
    with pytest.raises(UnknownEntityError, match="is a shot, not an asset"):
        db.run(lambda s: repo.get_entity(s, "feat01", "sh010", EntityKind.ASSET))
    with pytest.raises(BadInputError, match="before it starts"):
        db.run(lambda s: repo.create_entity(s, EntitySpec("feat01", "sh2", EntityKind.SHOT, 10, 5)))
    assert [e.code for e in db.run(lambda s: repo.list_entities(s, "feat01"))] == ["sh010"]
