"""One clock: the database's. Leases, decision times and publish times are taken in SQL.

A workstation whose clock is off must neither expire a live publish nor reorder review
decisions, so no time that another process compares with is taken in Python.
`server_now()` and `server_later(seconds)` are SQL expressions evaluated by the database:
`now()` on PostgreSQL (the server's clock at the start of the transaction, the same for
every workstation, and the time migration 0002's triggers judge leases by).
SQLite is embedded: its "server" clock is the clock of the machine that opens the file,
which is one clock for the single-user store it is meant for. On SQLite the value is
written in the text form UTCDateTime stores (`YYYY-MM-DD HH:MM:SS.ffffff`), so times
taken by SQL and by Python compare correctly.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from axiom_publisher.db.columns import UTCDateTime

_SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now'{shift}) || '000'"


class ServerNow(FunctionElement[datetime]):
    """The database's current time, `seconds` later (an int, rendered as a literal)."""

    type = UTCDateTime()
    inherit_cache = False
    name = "server_now"

    def __init__(self, seconds: int = 0) -> None:
        if not isinstance(seconds, int) or isinstance(seconds, bool):
            raise TypeError(f"seconds must be an int, not {seconds!r}")
        self.seconds = seconds
        super().__init__()


def server_now() -> ServerNow:
    """The database's current time (SQL expression)."""
    return ServerNow(0)


def server_later(seconds: int) -> ServerNow:
    """The database's current time plus `seconds` (SQL expression)."""
    return ServerNow(seconds)


@compiles(ServerNow)
def _default(element: ServerNow, compiler: SQLCompiler, **kw: Any) -> str:
    shift = f", '{element.seconds:+d} seconds'" if element.seconds else ""
    return _SQLITE_NOW.format(shift=shift)


@compiles(ServerNow, "postgresql")
def _postgresql(element: ServerNow, compiler: SQLCompiler, **kw: Any) -> str:
    if not element.seconds:
        return "now()"
    return f"(now() + interval '{element.seconds:d} seconds')"


def read_server_now(session: Session) -> datetime:
    """The database's current time, read (e.g. the date a report is made on)."""
    return session.execute(select(server_now())).scalar_one()
