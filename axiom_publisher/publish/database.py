"""Opening the configured database for the CLI and the app."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from axiom_publisher.config import Settings
from axiom_publisher.db import Database, open_database, upgrade_database


@contextmanager
def open_catalog_database(settings: Settings) -> Iterator[Database]:
    """The configured database, created at head when empty, disposed of afterwards."""
    database = open_database(settings.db_url)
    try:
        yield database
    finally:
        database.dispose()


def upgrade(settings: Settings) -> tuple[str | None, str]:
    """Upgrade the configured database to this client's schema: (before, after)."""
    return upgrade_database(settings.db_url)
