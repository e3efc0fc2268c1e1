"""Fixtures for the database tests: an open Database on each dialect, seeded contexts."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from sqlalchemy.orm import Session

from axiom_publisher.core.types import EntityKind, EntitySpec, ProjectSpec, PublishContext
from axiom_publisher.db import Database, open_database
from axiom_publisher.db.repo import create_entity, create_project

FolderFor = Callable[[int], str]


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    """A fresh database at head, on SQLite and on PostgreSQL; disposed afterwards."""
    database = open_database(db_url)
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture
def shot_context(db: Database) -> PublishContext:
    """Project `demo` with shot `sh010`; the context of its comp/main product."""

    def seed(session: Session) -> None:
        create_project(session, ProjectSpec(code="demo", name="Demo"))
        create_entity(session, EntitySpec(project="demo", code="sh010", kind=EntityKind.SHOT))

    db.run(seed)
    return PublishContext(project="demo", entity="sh010", task="comp", product="main")


def folder_for(context: PublishContext) -> FolderFor:
    """The version folder a path template would give (relative, POSIX)."""
    return lambda number: (
        f"{context.project}/{context.entity}/{context.task}/{context.product}/v{number:03d}"
    )


@pytest.fixture
def folders() -> Callable[[PublishContext], FolderFor]:
    return folder_for
