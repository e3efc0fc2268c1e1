"""A version records the synced tracker task it was published for (migration 0009).

On SQLite and PostgreSQL: the link is resolved at reserve from the task name and the shot;
dropping the task on a re-sync clears the link and keeps the version; the migration keeps
existing versions and their files both ways.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy.orm import Session

from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.my_tasks import TaskLink
from axiom_publisher.core.tracker_plan import TaskRecord
from axiom_publisher.core.types import (
    EntityKind,
    EntitySpec,
    ProjectSpec,
    PublishContext,
    PublishedFile,
    VersionStatus,
)
from axiom_publisher.db import Database, make_engine, open_database, repo
from axiom_publisher.db.models import Version
from axiom_publisher.db.schema import alembic_config
from axiom_publisher.db.tracker_tasks import delete_tracker_task, put_tracker_task

FolderFor = Callable[[PublishContext], Callable[[int], str]]
COMP = TaskRecord("sh010", "uuid-comp", "Compositing", "WIP", ("ana@studio.example",))
LOOK = TaskRecord("sh010", "uuid-look", "Look Dev", "Todo", ("bo@studio.example",))


def _publish(db: Database, context: PublishContext, folders: FolderFor, author: str = "ana") -> int:
    def run(session: Session) -> int:
        version_id, _ = repo.reserve_version(
            session,
            context,
            author=author,
            host="nuke",
            comment="",
            source=None,
            lease_seconds=600,
            frame_range=FrameRange(1001, 1002),
            missing_frames=[],
            folder_for=folders(context),
        )
        return version_id

    version_id = db.run(run)
    path = f"{folders(context)(1)}/a.exr"
    db.run(lambda s: repo.commit_version(s, version_id, [PublishedFile(path, 3, "ab" * 32)]))
    return version_id


def _link(db: Database, version_id: int) -> TaskLink | None:
    return db.run(lambda s: repo.list_versions(s, version_id=version_id))[0].tracker_task


def test_a_publish_records_the_tracker_task_of_its_task_and_shot(
    db: Database, shot_context: PublishContext, folders: FolderFor
) -> None:
    db.run(lambda s: put_tracker_task(s, "demo", COMP))
    db.run(lambda s: put_tracker_task(s, "demo", LOOK))
    comp = PublishContext("demo", "sh010", "compositing", "main")  # case does not matter
    look = PublishContext("demo", "sh010", "Look_Dev", "main")
    assert _link(db, _publish(db, comp, folders)) == TaskLink("uuid-comp", "Compositing", "WIP")
    assert _link(db, _publish(db, look, folders)) == TaskLink("uuid-look", "Look Dev", "Todo")
    # a task the tracker does not have on this shot: no link, the publish is as before
    assert _link(db, _publish(db, shot_context, folders)) is None


def test_of_two_tasks_of_one_type_the_authors_is_chosen(
    db: Database, shot_context: PublishContext, folders: FolderFor
) -> None:
    other = TaskRecord("sh010", "uuid-a", "Compositing", "WIP", ("cy@studio.example",))
    mine = TaskRecord("sh010", "uuid-b", "Compositing", "Todo", ("ana@studio.example",))
    db.run(lambda s: put_tracker_task(s, "demo", other))
    db.run(lambda s: put_tracker_task(s, "demo", mine))
    comp = PublishContext("demo", "sh010", "Compositing", "main")
    assert _link(db, _publish(db, comp, folders, author="ana")) == TaskLink(
        "uuid-b", "Compositing", "Todo"
    )
    assert _link(db, _publish(db, comp, folders, author="dan")) == TaskLink(
        "uuid-a", "Compositing", "WIP"
    )


def test_a_task_dropped_by_a_sync_clears_the_link_and_keeps_the_version(
    db: Database, shot_context: PublishContext, folders: FolderFor
) -> None:
    db.run(lambda s: put_tracker_task(s, "demo", COMP))
    comp = PublishContext("demo", "sh010", "Compositing", "main")
    version_id = _publish(db, comp, folders)
    db.run(lambda s: delete_tracker_task(s, "demo", "uuid-comp"))
    record = db.run(lambda s: repo.list_versions(s, version_id=version_id))[0]
    assert record.tracker_task is None
    assert record.status is VersionStatus.PUBLISHED
    assert len(record.files) == 1
    assert record.task == "Compositing"


def _count(url: str, sql: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(sa.text(sql)).scalar_one())
    finally:
        engine.dispose()


def _migrate(url: str, step: Callable[..., None], revision: str) -> None:
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            step(alembic_config(connection), revision)
    finally:
        engine.dispose()


def _columns(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return {column["name"] for column in sa.inspect(engine).get_columns("version")}
    finally:
        engine.dispose()


def test_migration_keeps_versions_and_files_down_and_up(db_url: str, folders: FolderFor) -> None:
    with open_database(db_url) as db:
        db.run(lambda s: repo.create_project(s, ProjectSpec(code="demo", name="Demo")))
        db.run(lambda s: repo.create_entity(s, EntitySpec("demo", "sh010", EntityKind.SHOT)))
        db.run(lambda s: put_tracker_task(s, "demo", COMP))
        comp = PublishContext("demo", "sh010", "Compositing", "main")
        version_ids = [_publish(db, comp, folders) for _ in range(3)]
    _migrate(db_url, command.downgrade, "0008")
    assert "tracker_task_id" not in _columns(db_url)
    assert _count(db_url, "SELECT count(*) FROM file") == 3  # no cascade through a copy
    assert _count(db_url, "SELECT count(*) FROM version WHERE status = 'published'") == 3
    _migrate(db_url, command.upgrade, "head")
    assert "tracker_task_id" in _columns(db_url)
    assert _count(db_url, "SELECT count(*) FROM file") == 3
    with open_database(db_url) as db:  # opens at head: the schema matches the models
        records = db.run(lambda s: repo.list_versions(s, project="demo"))
        assert [r.id for r in records] == version_ids
        assert {r.tracker_task for r in records} == {None}  # the old link is not guessed
        # the constraint works after the round trip: an unknown task id is refused
        with pytest.raises(sa.exc.IntegrityError):
            db.run(lambda s: _set_task(s, version_ids[0], 999_999))
        if db.dialect == "sqlite":
            with db.engine.connect() as connection:
                check = connection.exec_driver_sql("PRAGMA integrity_check").scalars().all()
                assert check == ["ok"]


def _set_task(session: Session, version_id: int, task_id: int) -> None:
    session.execute(
        sa.update(Version).where(Version.id == version_id).values(tracker_task_id=task_id)
    )
    session.flush()
