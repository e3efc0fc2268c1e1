"""Opening the configured database for the CLI and the app."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from axiom_publisher.config import Settings
from axiom_publisher.core.errors import BadInputError
from axiom_publisher.db import Database, check_url, open_database, upgrade_database
from axiom_publisher.db.roles import apply_roles


@contextmanager
def open_catalog_database(settings: Settings) -> Iterator[Database]:
    """The configured database, created at head when empty, disposed of afterwards."""
    database = open_database(settings.db_url)
    try:
        yield database
    finally:
        database.dispose()


def check_database_url(settings: Settings) -> None:
    """Refuse (ConfigError, exit 2) a configured database URL that cannot be parsed."""
    check_url(settings.db_url)


def upgrade(settings: Settings) -> tuple[str | None, str]:
    """Upgrade the configured database to this client's schema: (before, after)."""
    return upgrade_database(settings.db_url)


def apply_database_roles(settings: Settings) -> list[str]:
    """Create AXIOM's PostgreSQL roles and grant their privileges on the configured database
    (at head first); returns the roles still missing (this login may not create roles)."""
    if settings.db_url.startswith("sqlite"):
        raise BadInputError(
            "the database is an SQLite file: it has no logins, so there are no roles to "
            "grant (a studio shares a PostgreSQL database; see README, Roles)"
        )
    with open_catalog_database(settings) as database:
        return database.run(lambda session: apply_roles(session.connection()))
