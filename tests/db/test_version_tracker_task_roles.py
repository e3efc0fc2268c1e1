"""PostgreSQL with AXIOM's roles: the tracker task link of a published version (0009).

A wrangler's sync that drops a task deleted on the tracker clears the link of an artist's
published version (ON DELETE SET NULL, let through the version guard); nobody but an admin
changes the link of a published version otherwise.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

import psycopg
import pytest
from sqlalchemy import select, update
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from axiom_publisher.core.errors import PermissionDeniedError
from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.tracker_plan import TaskRecord
from axiom_publisher.core.types import (
    EntityKind,
    EntitySpec,
    ProjectSpec,
    PublishContext,
    PublishedFile,
    VersionStatus,
)
from axiom_publisher.db import open_database, repo
from axiom_publisher.db.models import TrackerTask, Version
from axiom_publisher.db.roles import ARTIST, WRANGLER
from axiom_publisher.db.tracker_tasks import delete_tracker_task, put_tracker_task

pytestmark = pytest.mark.postgres
COMP = PublishContext("demo", "sh010", "Compositing", "main")
TASKS = (
    TaskRecord("sh010", "uuid-comp", "Compositing", "WIP", ("ana@studio.example",)),
    TaskRecord("sh010", "uuid-light", "Lighting", "WIP", ("ana@studio.example",)),
)


def _url(pg_url: str, login: str) -> str:
    return make_url(pg_url).set(username=login).render_as_string(hide_password=False)


@pytest.fixture
def urls(pg_url: str) -> Iterator[dict[str, str]]:
    """Database URLs of the superuser (admin), an artist and a wrangler login."""
    with open_database(pg_url) as db:
        db.run(lambda s: repo.create_project(s, ProjectSpec(code="demo", name="Demo")))
        db.run(lambda s: repo.create_entity(s, EntitySpec("demo", "sh010", EntityKind.SHOT)))
        for task in TASKS:
            db.run(lambda s, task=task: put_tracker_task(s, "demo", task))
    suffix = uuid.uuid4().hex[:10]
    logins = {"artist": f"axiom_t{suffix}_artist", "wrangler": f"axiom_t{suffix}_wrangler"}
    dsn = pg_url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(dsn, autocommit=True) as connection:
        for kind, name in logins.items():
            connection.execute(f"CREATE ROLE {name} LOGIN")
            connection.execute(f"GRANT {ARTIST if kind == 'artist' else WRANGLER} TO {name}")
    try:
        yield {"admin": pg_url} | {kind: _url(pg_url, name) for kind, name in logins.items()}
    finally:
        with psycopg.connect(dsn, autocommit=True) as connection:
            for name in logins.values():
                connection.execute(f"DROP ROLE IF EXISTS {name}")


def _publish(session: Session) -> int:
    version_id, _ = repo.reserve_version(
        session,
        COMP,
        author="ana",
        host="nuke",
        comment="",
        source=None,
        lease_seconds=600,
        frame_range=FrameRange(1001, 1002),
        missing_frames=[],
        folder_for=lambda n: f"demo/sh010/Compositing/main/v{n:03d}",
    )
    return version_id


def _relink(version_id: int, task_id: int | None) -> Callable[[Session], None]:
    def change(session: Session) -> None:
        session.execute(
            update(Version).where(Version.id == version_id).values(tracker_task_id=task_id)
        )

    return change


def test_a_wranglers_sync_clears_the_link_of_an_artists_published_version(
    urls: dict[str, str],
) -> None:
    with open_database(urls["artist"]) as artist:
        version_id = artist.run(_publish)
        path = "demo/sh010/Compositing/main/v001/a.exr"
        artist.run(lambda s: repo.commit_version(s, version_id, [PublishedFile(path, 3, "a" * 64)]))
        record = artist.run(lambda s: repo.list_versions(s, version_id=version_id))[0]
        assert record.tracker_task is not None and record.tracker_task.tracker_id == "uuid-comp"
        light = artist.run(
            lambda s: s.scalars(
                select(TrackerTask.id).where(TrackerTask.tracker_id == "uuid-light")
            ).one()
        )
        # the artist may not move their published version to another task, nor unlink it
        for task_id in (light, None):
            with pytest.raises(PermissionDeniedError, match="only an AXIOM admin"):
                artist.run(_relink(version_id, task_id))
    with open_database(urls["wrangler"]) as wrangler:
        with pytest.raises(PermissionDeniedError, match="only an AXIOM admin"):
            wrangler.run(_relink(version_id, None))
        wrangler.run(lambda s: delete_tracker_task(s, "demo", "uuid-comp"))  # the sync's drop
        record = wrangler.run(lambda s: repo.list_versions(s, version_id=version_id))[0]
    assert record.tracker_task is None
    assert record.status is VersionStatus.PUBLISHED
    assert [file.sha256 for file in record.files] == ["a" * 64]
