"""PostgreSQL with AXIOM's roles: an artist's login writes outbox events (its publishes and
decisions do, in their transaction) and drains them (the app and `axiom tracker push` run
as the artist): migration 0007's grants."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy.engine import make_url

from axiom_publisher.core.errors import DatabaseUnavailableError
from axiom_publisher.core.outbox import EventKind, EventStatus, NewEvent
from axiom_publisher.db import open_database
from axiom_publisher.db.outbox import add_events, claim_due, list_events, mark_sent, retry_event
from axiom_publisher.db.roles import ARTIST

pytestmark = pytest.mark.postgres


@pytest.fixture
def logins(pg_url: str) -> Iterator[dict[str, str]]:
    """URLs of an artist login and of a login with no AXIOM role."""
    open_database(pg_url).dispose()  # the schema at head, with its grants
    suffix = uuid.uuid4().hex[:10]
    names = {"artist": f"axiom_o{suffix}_artist", "nobody": f"axiom_o{suffix}_nobody"}
    dsn = pg_url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(dsn, autocommit=True) as connection:
        for name in names.values():
            connection.execute(f"CREATE ROLE {name} LOGIN")
        connection.execute(f"GRANT {ARTIST} TO {names['artist']}")
    try:
        yield {
            kind: make_url(pg_url).set(username=name).render_as_string(hide_password=False)
            for kind, name in names.items()
        }
    finally:
        with psycopg.connect(dsn, autocommit=True) as connection:
            for name in names.values():
                connection.execute(f"DROP ROLE IF EXISTS {name}")


def test_an_artist_writes_and_drains_events(
    logins: dict[str, str],
) -> None:
    event = NewEvent(EventKind.INGEST_RUN, "bus", {"run_id": 1}, f"k-{uuid.uuid4().hex}")
    with open_database(logins["artist"]) as db:
        db.run(lambda s: add_events(s, [event]))
        (claimed,) = db.run(lambda s: claim_due(s, 5, 60))
        db.run(lambda s: mark_sent(s, claimed.id, "HTTP 200"))
        assert db.run(lambda s: retry_event(s, claimed.id)) is False
        (listed,) = db.run(lambda s: list_events(s, ids=[claimed.id]))
        assert listed.status is EventStatus.SENT and listed.remote_id == "HTTP 200"
    with pytest.raises(DatabaseUnavailableError, match="permission denied"):
        open_database(logins["nobody"]).dispose()  # no AXIOM role: not even to read
