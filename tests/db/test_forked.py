"""A database shared by a process and its forked children (db.forked), as a farm worker and
its work horses share it: the child never uses or closes the parent's connections, the
parent's warm-up changes nothing, and a schema upgraded behind a running worker is refused.
SQLite and PostgreSQL."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import sqlalchemy as sa

from axiom_publisher.core.errors import SchemaMismatchError
from axiom_publisher.db import Database, farm_jobs, open_database
from axiom_publisher.db.forked import after_fork, prepare_for_fork, require_current_schema
from axiom_publisher.publish.jobs.warm import warm_up


def _in_child(database: Database, out: Path) -> int:
    """Fork: the child forgets the inherited connections, writes through its own and
    reports its server session (PostgreSQL) in `out`; the child's exit status."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child's coverage is not collected
        code = 1
        try:
            after_fork(database)
            with database.engine.begin() as connection:
                if database.dialect == "postgresql":
                    session = connection.execute(sa.text("SELECT pg_backend_pid()")).scalar()
                    out.write_text(str(session))
                else:
                    out.write_text("sqlite")
            database.dispose()  # the child's own connection, closed
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def _session(database: Database) -> tuple[int, str]:
    """The pooled DBAPI connection the parent gets (its identity) and its server session."""
    with database.engine.connect() as connection:
        dbapi = id(connection.connection.dbapi_connection)
        if database.dialect == "postgresql":
            return dbapi, str(connection.execute(sa.text("SELECT pg_backend_pid()")).scalar())
        return dbapi, str(connection.execute(sa.text("SELECT count(*) FROM farm_job")).scalar())


def test_a_child_never_uses_nor_closes_the_parents_connection(db_url: str, tmp_path: Path) -> None:
    database = open_database(db_url)
    try:
        before = _session(database)  # the parent's pooled connection, checked in
        out = tmp_path / "child-session"
        assert _in_child(database, out) == 0
        if database.dialect == "postgresql":
            assert out.read_text() != before[1], "the child used the parent's connection"
        # The parent's connection is still its own and alive (closing it from the child
        # would have ended this session on the server).
        assert _session(database) == before
    finally:
        database.dispose()


def test_prepare_for_fork_leaves_no_connection_and_changes_nothing(
    db_url: str, tmp_path: Path
) -> None:
    database = open_database(db_url)
    try:
        job = database.run(
            lambda s: farm_jobs.create_job(s, "ingest_item", {"index": 1}, "ingest-1-1", "me")
        )
        prepare_for_fork(database, warm_up)
        assert database.engine.pool.checkedin() == 0  # no child is born holding one
        after = database.run(lambda s: farm_jobs.get_job(s, job.id))
        assert after == job  # the warm-up's claim, progress and end touched no row
        assert database.run(lambda s: farm_jobs.list_jobs(s)) == [job]
        assert _in_child(database, tmp_path / "child-session") == 0
    finally:
        database.dispose()


def test_a_schema_upgraded_behind_a_running_worker_is_refused(db_url: str) -> None:
    database = open_database(db_url)
    try:
        database.run(lambda s: require_current_schema(s, database))  # at head: no error
        database.run(
            lambda s: s.execute(sa.text("UPDATE alembic_version SET version_num = 'f00dcafe0000'"))
        )
        with pytest.raises(SchemaMismatchError, match="upgraded by a newer AXIOM"):
            database.run(lambda s: require_current_schema(s, database))
    finally:
        database.dispose()
