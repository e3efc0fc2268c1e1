"""One database for a process that forks its workers: a farm worker and its work horses.

RQ's worker forks a work horse per job, and whatever a horse builds dies with it: each one
would configure the ORM mappers, read the migration scripts, make an engine and compile
every statement it runs all over again (most of a short job's overhead). `prepare_for_fork`
does it once in the parent: the mappers configured, the database opened (so its schema
checked and the scripts read), the statements `warm` runs compiled into the engine's cache,
and then the parent's connections closed, so that no horse is born holding one.

`after_fork`, first thing in a horse, drops the pooled connections it inherited *without
closing them*: they are the parent's, and closing them from the child would end the
parent's session on the server. The horse connects afresh when it needs to, on the warm
engine. `require_current_schema` is what a horse checks per job instead of opening the
database again: one SELECT of the schema revision, so that a worker that outlives an
upgrade of the database by a newer AXIOM still refuses its jobs.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session, configure_mappers

from axiom_publisher.db.engine import Database
from axiom_publisher.db.schema import require_head


def prepare_for_fork(database: Database, warm: Callable[[Database], object]) -> None:
    """Before forking: the mappers configured, `warm(database)` run (the statements the
    children run, compiled once), then every connection of this process closed."""
    configure_mappers()
    try:
        warm(database)
    finally:
        database.dispose()


def after_fork(database: Database) -> None:
    """In a forked child: forget the pooled connections inherited from the parent, never
    closing them; the engine, its mappers and its compiled statements stay."""
    database.engine.dispose(close=False)


def require_current_schema(session: Session, database: Database) -> None:
    """In the session's transaction: SchemaMismatchError when the database is no longer
    at this client's schema."""
    require_head(session.connection(), database.shown_url)
