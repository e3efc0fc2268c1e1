"""Database.run / Database.session: commits, rollbacks, retries, and no raw lock errors."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from axiom_publisher.core.errors import DatabaseUnavailableError, UnknownEntityError
from axiom_publisher.core.types import ProjectSpec
from axiom_publisher.db import Database, open_database, repo


def _hold_write_lock(path: Path, seconds: float, started: threading.Event) -> None:
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        started.set()
        time.sleep(seconds)
        connection.execute("ROLLBACK")
    finally:
        connection.close()


def test_session_commits_on_success_and_rolls_back_on_error(db: Database) -> None:
    with db.session() as session:
        repo.create_project(session, ProjectSpec(code="kept", name="Kept"))
    with pytest.raises(RuntimeError, match="boom"), db.session() as session:
        repo.create_project(session, ProjectSpec(code="gone", name="Gone"))
        raise RuntimeError("boom")
    assert [p.code for p in db.run(repo.list_projects)] == ["kept"]


def test_run_rolls_back_axiom_errors_and_passes_them_on(db: Database) -> None:
    def body(session: Session) -> None:
        repo.create_project(session, ProjectSpec(code="half", name="Half"))
        repo.get_project(session, "missing")

    with pytest.raises(UnknownEntityError):
        db.run(body)
    assert db.run(repo.list_projects) == []


def test_run_retries_a_body_that_hit_a_busy_database(tmp_path: Path) -> None:
    path = tmp_path / "axiom.db"
    with open_database(f"sqlite:///{path}", busy_timeout=0.05) as db:
        started = threading.Event()
        holder = threading.Thread(target=_hold_write_lock, args=(path, 0.3, started))
        holder.start()
        started.wait(10)
        calls: list[int] = []

        def body(session: Session) -> ProjectSpec:
            calls.append(1)
            return repo.create_project(session, ProjectSpec(code="p1", name="P1"))

        try:
            assert db.run(body).code == "p1"
        finally:
            holder.join()
        assert [p.code for p in db.run(repo.list_projects)] == ["p1"]


def test_a_database_that_stays_locked_becomes_unavailable_not_locked(tmp_path: Path) -> None:
    path = tmp_path / "axiom.db"
    with open_database(f"sqlite:///{path}", busy_timeout=0.05) as db:
        started = threading.Event()
        holder = threading.Thread(target=_hold_write_lock, args=(path, 4.0, started))
        holder.start()
        started.wait(10)
        try:
            with pytest.raises(DatabaseUnavailableError) as caught:
                db.run(lambda s: repo.create_project(s, ProjectSpec(code="p", name="P")))
            with pytest.raises(DatabaseUnavailableError), db.session() as session:
                repo.list_projects(session)
        finally:
            holder.join()
    message = str(caught.value)
    assert "database is locked" not in message
    assert "stayed busy" in message and str(path) in message
    assert caught.value.exit_code == 3


@pytest.mark.parametrize(
    "transient", [psycopg.errors.SerializationFailure, psycopg.errors.DeadlockDetected]
)
def test_run_retries_postgres_serialization_failures_and_deadlocks(
    db: Database, transient: type[psycopg.Error]
) -> None:
    calls: list[int] = []

    def body(session: Session) -> int:
        calls.append(1)
        repo.create_project(session, ProjectSpec(code=f"p{len(calls)}", name="P"))
        if len(calls) < 3:
            raise sa.exc.OperationalError("UPDATE product", {}, transient("concurrent update"))
        return len(calls)

    assert db.run(body) == 3
    assert [p.code for p in db.run(repo.list_projects)] == ["p3"]  # retries rolled back


def test_run_does_not_retry_real_errors(db: Database) -> None:
    calls: list[int] = []

    def body(session: Session) -> None:
        calls.append(1)
        session.execute(sa.text("SELECT * FROM no_such_table"))

    with pytest.raises(
        sa.exc.ProgrammingError if db.dialect == "postgresql" else sa.exc.OperationalError
    ):
        db.run(body)
    assert calls == [1]
