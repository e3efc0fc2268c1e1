"""Opening databases: creation at head, concurrency, old/new schemas, parity, failures."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from axiom_publisher.core.errors import (
    ConfigError,
    DatabaseUnavailableError,
    SchemaMismatchError,
)
from axiom_publisher.db import (
    Database,
    head_revision,
    make_engine,
    open_database,
    schema_revision,
    upgrade_database,
)
from axiom_publisher.db.models import Base
from axiom_publisher.db.schema import alembic_config

APP_TABLES = {
    "project",
    "entity",
    "product",
    "version",
    "file",
    "review_note",
    "dependency",
    "ingest_run",
    "tracker_task",
    "annotation",
    "playlist",
    "playlist_item",
    "farm_job",
    "outbox_event",
    "review_media",
}


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _version_rows(url: str) -> list[str]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return list(connection.scalars(sa.text("SELECT version_num FROM alembic_version")))
    finally:
        engine.dispose()


def test_empty_database_is_created_at_head(db_url: str) -> None:
    assert _tables(db_url) == set()
    with open_database(db_url) as db:
        assert db.dialect in ("sqlite", "postgresql")
    assert _tables(db_url) == APP_TABLES | {"alembic_version"}
    assert _version_rows(db_url) == [head_revision()]
    assert schema_revision(db_url) == head_revision()
    # opening again at head changes nothing
    open_database(db_url).dispose()
    assert _version_rows(db_url) == [head_revision()]


def test_models_match_migrations(db: Database) -> None:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        assert compare_metadata(context, Base.metadata) == []
        # the comparison is live: a column the migrations lack is reported
        extra = sa.MetaData()
        for table in Base.metadata.tables.values():
            table.to_metadata(extra)
        extra.tables["project"].append_column(sa.Column("budget", sa.Integer()))
        differences = compare_metadata(context, extra)
        assert [diff[0] for diff in differences] == ["add_column"]


def test_sqlite_connections_use_wal_foreign_keys_and_immediate(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "folder" / "axiom.db"
    with open_database(f"sqlite:///{path}") as db:
        assert path.is_file()
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 60000
            # inside a transaction this connection already holds the write lock
            other = sqlite3.connect(path, timeout=0)
            try:
                with pytest.raises(sqlite3.OperationalError, match="locked"):
                    other.execute("BEGIN IMMEDIATE")
            finally:
                other.close()


def test_concurrent_first_open_in_threads(db_url: str) -> None:
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def opener() -> None:
        try:
            barrier.wait()
            open_database(db_url).dispose()
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=opener) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    assert _version_rows(db_url) == [head_revision()]
    assert _tables(db_url) >= APP_TABLES


OPENER = """
import sys, time
from axiom_publisher.db import open_database
start = float(sys.argv[2])
time.sleep(max(0.0, start - time.time()))
db = open_database(sys.argv[1])
print(db.dialect)
db.dispose()
"""


@pytest.mark.slow
def test_concurrent_first_open_in_processes(db_url: str) -> None:
    start = time.time() + 3.0
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", OPENER, db_url, str(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(8)
    ]
    outputs = [p.communicate(timeout=180) for p in processes]
    for process, (out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err
        assert out.strip() in ("sqlite", "postgresql")
    assert _version_rows(db_url) == [head_revision()]


def test_old_schema_is_refused_until_upgraded(db_url: str) -> None:
    open_database(db_url).dispose()
    engine = make_engine(db_url)
    try:
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "base")
    finally:
        engine.dispose()
    assert schema_revision(db_url) is None
    with pytest.raises(SchemaMismatchError, match="run `axiom db upgrade`") as caught:
        open_database(db_url)
    assert head_revision() in str(caught.value)
    assert caught.value.exit_code == 3
    assert "project" not in _tables(db_url)  # refusing did not migrate

    assert upgrade_database(db_url) == (None, head_revision())
    assert schema_revision(db_url) == head_revision()
    assert upgrade_database(db_url) == (head_revision(), head_revision())
    open_database(db_url).dispose()


def test_newer_schema_is_refused_and_left_untouched(db_url: str) -> None:
    open_database(db_url).dispose()
    engine = make_engine(db_url)
    try:
        with engine.begin() as connection:
            connection.execute(sa.text("UPDATE alembic_version SET version_num = '9999_future'"))
    finally:
        engine.dispose()
    for attempt in (
        lambda: open_database(db_url),
        lambda: open_database(db_url, upgrade=True),
        lambda: upgrade_database(db_url),
    ):
        with pytest.raises(SchemaMismatchError, match="newer AXIOM") as caught:
            attempt()
        assert "9999_future" in str(caught.value)
        assert "must be upgraded" in str(caught.value)
    assert _version_rows(db_url) == ["9999_future"]
    assert _tables(db_url) >= APP_TABLES


def test_foreign_database_is_refused(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        with engine.begin() as connection:
            connection.execute(sa.text("CREATE TABLE payroll (id INTEGER PRIMARY KEY)"))
    finally:
        engine.dispose()
    with pytest.raises(SchemaMismatchError, match="not an AXIOM database"):
        open_database(db_url)
    assert _tables(db_url) == {"payroll"}


@pytest.mark.postgres
def test_unreachable_postgres_names_the_url_with_password_masked(pg_server: str) -> None:
    url = "postgresql+psycopg://axiom:s3cret-pw@127.0.0.1:1/studio"
    started = time.monotonic()
    with pytest.raises(DatabaseUnavailableError) as caught:
        open_database(url)
    message = str(caught.value)
    assert "s3cret-pw" not in message
    assert "postgresql+psycopg://axiom:***@127.0.0.1:1/studio" in message
    assert "is the server running? check AXIOM_DB_URL / --db" in message
    assert caught.value.exit_code == 3
    assert time.monotonic() - started < 15


@pytest.mark.postgres
def test_missing_postgres_database_is_unavailable(pg_server: str) -> None:
    url = pg_server.rsplit("/", 1)[0] + "/axiom_no_such_database"
    with pytest.raises(DatabaseUnavailableError, match="axiom_no_such_database"):
        open_database(url)


def test_bad_urls_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not valid"):
        open_database("not a url")
    with pytest.raises(ConfigError, match="not supported"):
        open_database("mysql://user:pw@host/db")


def test_unwritable_sqlite_location_is_unavailable(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(DatabaseUnavailableError, match="cannot create the folder"):
        open_database(f"sqlite:///{blocker / 'sub' / 'axiom.db'}")
