"""Schema versions: compare a database with this client's migrations, create or upgrade it.

Every check runs in one transaction that first takes the migration lock: a
transaction-scoped advisory lock on PostgreSQL (whose DDL is transactional, so the check
and the migration commit together), `BEGIN IMMEDIATE` on SQLite (see engine.py). So twenty
workstations opening a fresh database at once create it exactly once.
"""

from __future__ import annotations

import threading
from functools import lru_cache

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, inspect, select, text
from sqlalchemy.engine import Connection

from axiom_publisher import __version__
from axiom_publisher.core.errors import SchemaMismatchError

SCRIPT_LOCATION = "axiom_publisher.db:migrations"
VERSION_TABLE = "alembic_version"
# pg_advisory_xact_lock key: "AXIOMDB" as a number, constant for every AXIOM version.
MIGRATION_LOCK_KEY = int.from_bytes(b"AXIOMDB", "big")

# Alembic installs its `op` / `context` proxies module-wide while a migration runs, so two
# threads of one process must not migrate at the same moment (processes are fine).
_ALEMBIC_LOCK = threading.Lock()


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic configuration for the migrations shipped in the package (no .ini file)."""
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@lru_cache(maxsize=1)
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    """The schema revision this client needs."""
    head = _scripts().get_current_head()
    if head is None:  # pragma: no cover - the package always ships migrations
        raise RuntimeError("the AXIOM package ships no migrations")
    return head


def known_revisions() -> frozenset[str]:
    return frozenset(script.revision for script in _scripts().walk_revisions())


def lock_for_migration(connection: Connection) -> None:
    """Serialise schema checks between processes (SQLite: BEGIN IMMEDIATE already did)."""
    if connection.dialect.name == "postgresql":
        connection.execute(select(func.pg_advisory_xact_lock(MIGRATION_LOCK_KEY)))


def current_revision(connection: Connection) -> str | None:
    """The revision in alembic_version, None when the table is absent or empty."""
    return MigrationContext.configure(connection).get_current_revision()


def _upgrade(connection: Connection) -> None:
    with _ALEMBIC_LOCK:
        command.upgrade(alembic_config(connection), "head")


def _refuse_unknown(shown_url: str, revision: str) -> None:
    if revision not in known_revisions():
        raise SchemaMismatchError(
            f"the database {shown_url} was upgraded by a newer AXIOM (schema revision "
            f"{revision}); this client (AXIOM {__version__}, schema {head_revision()}) is "
            "too old for it and must be upgraded. The database was left untouched."
        )


def check_and_migrate(
    connection: Connection, shown_url: str, *, upgrade: bool
) -> tuple[str | None, str]:
    """Bring the schema to head if allowed; return (revision before, revision after).

    Call inside a transaction; the caller commits. An empty database is always created
    at head. An older schema is upgraded only when `upgrade` is true; a newer or foreign
    one is never touched.
    """
    lock_for_migration(connection)
    head = head_revision()
    tables = set(inspect(connection).get_table_names())
    if VERSION_TABLE not in tables:
        if tables:
            raise SchemaMismatchError(
                f"the database {shown_url} is not an AXIOM database: it has tables "
                f"({', '.join(sorted(tables)[:5])}...) but no {VERSION_TABLE}; point "
                "AXIOM_DB_URL / --db at an empty or an AXIOM database"
            )
        _upgrade(connection)
        return None, head
    before = current_revision(connection)
    if before == head:
        return before, head
    if before is not None:
        _refuse_unknown(shown_url, before)
    if not upgrade:
        raise SchemaMismatchError(
            f"the database schema of {shown_url} is at {before or 'base (empty)'}, this "
            f"client needs {head}: run `axiom db upgrade`"
        )
    _upgrade(connection)
    return before, head


def require_head(connection: Connection, shown_url: str) -> None:
    """The database is still at this client's schema (one SELECT, no lock: for a process
    that checked it in full when it opened the database and runs for days, such as a farm
    worker); SchemaMismatchError as `check_and_migrate` words it otherwise."""
    revisions = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars()
    found = list(revisions)
    head = head_revision()
    if found == [head]:
        return
    for revision in found:
        _refuse_unknown(shown_url, revision)
    raise SchemaMismatchError(
        f"the database schema of {shown_url} is at {', '.join(found) or 'base (empty)'}, "
        f"this client needs {head}: run `axiom db upgrade`"
    )
