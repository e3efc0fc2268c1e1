"""Opening the database: engines tuned per dialect, sessions, retried transactions.

SQLite (embedded default): WAL journal, a 60 s busy timeout, foreign keys on, and every
transaction opened with `BEGIN IMMEDIATE`, so concurrent writers queue for the lock
instead of failing half-way. PostgreSQL (studio): pre-pinged pool, 5 s connect timeout.

Use `db.run(fn)` for work that writes: `fn(session)` is the whole transaction body and is
run again from the start after a transient error (SQLite busy, PostgreSQL serialization
failure or deadlock). `with db.session() as s:` is the simple form for reads.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from axiom_publisher.core.errors import ConfigError, DatabaseUnavailableError
from axiom_publisher.db import schema
from axiom_publisher.db.failures import (
    is_transient,
    is_unavailable,
    shown_error,
    shown_url,
    unavailable,
)
from axiom_publisher.db.roles import is_refused, refusal

T = TypeVar("T")

SQLITE_BUSY_TIMEOUT = 60.0
PG_CONNECT_TIMEOUT = 5
RETRY_ATTEMPTS = 5


class Database:
    """An open AXIOM database: an engine, a session factory and retried transactions."""

    def __init__(self, engine: Engine, url: str, *, attempts: int = RETRY_ATTEMPTS) -> None:
        self.engine = engine
        self.url = url
        self.shown_url = shown_url(url)
        self.attempts = attempts
        self._sessions = sessionmaker(bind=engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        """`sqlite` or `postgresql`."""
        return self.engine.dialect.name

    def run(self, fn: Callable[[Session], T]) -> T:
        """Run `fn(session)` as one transaction and commit; retried on transient errors.

        `fn` may run more than once, so it must not have effects outside the database.
        AXIOM errors raised by `fn` roll back and propagate unchanged.
        """
        for attempt in range(1, self.attempts + 1):
            try:
                with self._sessions() as session, session.begin():
                    return fn(session)
            except DBAPIError as error:
                if is_transient(error) and attempt < self.attempts:
                    time.sleep(min(2.0, 0.05 * 2**attempt) * (0.5 + random.random()))
                    continue
                if is_transient(error) or is_unavailable(error):
                    raise unavailable(error, self.url, attempts=attempt) from error
                if is_refused(error):
                    raise refusal(error, self.shown_url) from error
                raise
        raise AssertionError("unreachable")  # pragma: no cover

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on error."""
        try:
            with self._sessions() as session, session.begin():
                yield session
        except DBAPIError as error:
            if is_transient(error) or is_unavailable(error):
                raise unavailable(error, self.url) from error
            if is_refused(error):
                raise refusal(error, self.shown_url) from error
            raise

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.dispose()

    def __repr__(self) -> str:
        return f"Database({self.shown_url!r})"


def _parse(url: str) -> URL:
    """The URL parsed; ConfigError (exit 2) naming it, password masked, when it is not one."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as error:  # ValueError: a port that is not a number
        reason = shown_error(str(error), url)
        raise ConfigError(
            f"the database URL {shown_url(url)!r} is not valid: {reason}; write it as "
            "postgresql+psycopg://USER@HOST:PORT/DATABASE or sqlite:///PATH"
        ) from None
    if "@" in (parsed.host or ""):
        raise ConfigError(
            f"the database URL {shown_url(url)!r} has an '@' in its user name or password: "
            "write it as %40 (percent-encoded) or keep the password in .pgpass or PGPASSWORD"
        )
    port = parsed.port
    if parsed.get_backend_name() == "postgresql" and port is not None and not 0 < port < 65536:
        raise ConfigError(
            f"the database URL {shown_url(url)!r} has the port {parsed.port}; use 1 to 65535"
        )
    return parsed


def check_url(url: str) -> None:
    """Refuse a database URL that cannot be parsed (ConfigError), without connecting."""
    _parse(url)


def _sqlite_engine(parsed: URL, busy_timeout: float) -> Engine:
    database = parsed.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        folder = Path(database).expanduser().parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DatabaseUnavailableError(
                f"cannot create the folder {folder} for the database: {error.strerror}"
            ) from error
    engine = create_engine(parsed, connect_args={"timeout": busy_timeout})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, record: Any) -> None:
        # sqlite3 must not emit its own BEGIN: the "begin" hook below emits ours.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            cursor.execute("PRAGMA foreign_keys = ON")
            if database not in ("", ":memory:"):
                mode = cursor.execute("PRAGMA journal_mode").fetchone()
                if mode is None or str(mode[0]).lower() != "wal":
                    cursor.execute("PRAGMA journal_mode = WAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def make_engine(url: str, *, busy_timeout: float = SQLITE_BUSY_TIMEOUT) -> Engine:
    """An engine configured for AXIOM (no schema check; see open_database)."""
    parsed = _parse(url)
    try:
        if parsed.get_backend_name() == "sqlite":
            return _sqlite_engine(parsed, busy_timeout)
        if parsed.get_backend_name() == "postgresql":
            return create_engine(
                parsed,
                pool_pre_ping=True,
                connect_args={
                    "connect_timeout": PG_CONNECT_TIMEOUT,
                    "application_name": "axiom-publisher",
                },
            )
    except (NoSuchModuleError, ArgumentError) as error:
        raise ConfigError(
            f"the database URL {shown_url(url)!r} is not usable: {shown_error(str(error), url)}"
        ) from None
    raise ConfigError(
        f"the database URL {shown_url(url)!r} is not supported: use sqlite:///PATH or "
        "postgresql+psycopg://USER@HOST/DATABASE"
    )


def _in_schema_transaction(db: Database, fn: Callable[[Connection], T]) -> T:
    """Run `fn` on one connection in one (locking) transaction, retried when busy."""
    for attempt in range(1, db.attempts + 1):
        try:
            with db.engine.begin() as connection:
                return fn(connection)
        except DBAPIError as error:
            if is_transient(error) and attempt < db.attempts:
                time.sleep(0.1 * attempt * (0.5 + random.random()))
                continue
            raise unavailable(error, db.url, attempts=attempt) from error
    raise AssertionError("unreachable")  # pragma: no cover


def open_database(
    url: str, *, upgrade: bool = False, busy_timeout: float = SQLITE_BUSY_TIMEOUT
) -> Database:
    """Connect and check the schema: an empty database is created at head.

    An older schema raises SchemaMismatchError unless `upgrade` is true; a schema written
    by a newer AXIOM always raises and is never touched. Connection problems raise
    DatabaseUnavailableError naming the URL with its password masked.
    """
    db = Database(make_engine(url, busy_timeout=busy_timeout), url)
    try:
        _in_schema_transaction(
            db, lambda c: schema.check_and_migrate(c, db.shown_url, upgrade=upgrade)
        )
    except BaseException:
        db.dispose()
        raise
    return db


def upgrade_database(url: str) -> tuple[str | None, str]:
    """Upgrade the schema to this client's head: (revision before, revision after)."""
    with Database(make_engine(url), url) as db:
        return _in_schema_transaction(
            db, lambda c: schema.check_and_migrate(c, db.shown_url, upgrade=True)
        )


def schema_revision(url: str) -> str | None:
    """The schema revision the database is at (None: empty or never migrated)."""
    with Database(make_engine(url), url) as db:
        return _in_schema_transaction(db, schema.current_revision)
