"""Telling transient database errors from real ones, and words for people about both."""

from __future__ import annotations

import sqlite3

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from axiom_publisher.core.errors import DatabaseUnavailableError
from axiom_publisher.core.secrets import mask_secrets, url_secrets

# SQLITE_BUSY, SQLITE_LOCKED (and their extended codes keep the low byte)
_SQLITE_BUSY_CODES = frozenset({5, 6})
# PERM, BUSY, LOCKED, READONLY, IOERR, CORRUPT, FULL, CANTOPEN, NOTADB ("no such table" is
# SQLITE_ERROR: a bug, not an outage)
_SQLITE_UNAVAILABLE_CODES = frozenset({3, 5, 6, 8, 10, 11, 13, 14, 26})
# serialization_failure, deadlock_detected
_PG_RETRY_STATES = frozenset({"40001", "40P01"})
# Python 3.10's sqlite3 errors carry no sqlite_errorcode (3.11+): there the primary code is
# read from SQLite's own words for it (sqlite3_errstr), which its messages start with.
_SQLITE_MESSAGES = (
    ("access permission denied", 3),
    ("database is locked", 5),
    ("database table is locked", 6),
    ("database schema is locked", 6),
    ("attempt to write a readonly database", 8),
    ("disk i/o error", 10),
    ("database disk image is malformed", 11),
    ("database or disk is full", 13),
    ("unable to open database file", 14),
    ("file is not a database", 26),
)
HINT = "is the server running? check AXIOM_DB_URL / --db"
SQLITE_HINT = "check the file, its folder and their permissions, or AXIOM_DB_URL / --db"


def shown_url(url: str) -> str:
    """The URL as it may be shown to people and logs: every password form masked."""
    return mask_secrets(url, url_secrets(url))


def shown_error(text: str, url: str) -> str:
    """An error message that may quote the URL or its password, with both masked."""
    return mask_secrets(text, url_secrets(url))


def sqlite_primary_code(error: sqlite3.Error) -> int | None:
    """SQLite's primary result code of an error (SQLITE_BUSY = 5 ...), None if unknown."""
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF
    text = str(error).lower()
    return next((primary for words, primary in _SQLITE_MESSAGES if words in text), None)


def _sqlite_busy(error: BaseException | None) -> bool:
    if not isinstance(error, sqlite3.OperationalError):
        return False
    if sqlite_primary_code(error) in _SQLITE_BUSY_CODES:
        return True
    text = str(error).lower()
    return "database is locked" in text or "database is busy" in text or "locked" in text


def is_transient(error: DBAPIError) -> bool:
    """True for errors after which the same transaction may simply be run again."""
    if _sqlite_busy(error.orig):
        return True
    state = getattr(error.orig, "sqlstate", None)
    if state in _PG_RETRY_STATES:
        return True
    return bool(error.connection_invalidated)


def is_sqlite_busy(error: DBAPIError) -> bool:
    return _sqlite_busy(error.orig)


def is_unavailable(error: DBAPIError) -> bool:
    """Connection-level failures (server down, auth, disk, locks), not bugs in a query."""
    if error.connection_invalidated:
        return True
    if isinstance(error.orig, sqlite3.Error):
        code = sqlite_primary_code(error.orig)
        if code is not None:
            return code in _SQLITE_UNAVAILABLE_CODES
        return isinstance(error, InterfaceError)  # sqlite3's own, not SQLite's: a closed file
    return isinstance(error, (OperationalError, InterfaceError))


def _reason(error: DBAPIError, url: str) -> str:
    text = shown_error(str(error.orig).strip() or type(error.orig).__name__, url)
    return text.splitlines()[0] if len(text) > 300 else text


def unavailable(error: DBAPIError, url: str, *, attempts: int = 1) -> DatabaseUnavailableError:
    """The AXIOM error for a failed connection or a database that stayed busy."""
    shown = shown_url(url)
    if is_sqlite_busy(error):
        return DatabaseUnavailableError(
            f"the database {shown} stayed busy: other AXIOM processes kept it locked through "
            f"{attempts} attempts; try again in a moment"
        )
    if getattr(error.orig, "sqlstate", None) in _PG_RETRY_STATES:
        return DatabaseUnavailableError(
            f"the database {shown} kept refusing the transaction because of concurrent "
            f"updates ({attempts} attempts); try again in a moment"
        )
    hint = SQLITE_HINT if url.startswith("sqlite") else HINT
    return DatabaseUnavailableError(
        f"cannot use the database {shown}: {_reason(error, url)} ({hint})"
    )
