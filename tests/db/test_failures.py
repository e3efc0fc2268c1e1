"""Telling SQLite outages from bugs also where sqlite3 errors carry no result code: Python
3.10 (the DCCs' Python) has no `sqlite_errorcode`, so SQLite's own words decide there. The
errors below are built in Python, which gives them no code on any version."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from axiom_publisher.db.failures import is_transient, is_unavailable, sqlite_primary_code


def _wrapped(message: str, kind: type[DBAPIError] = OperationalError) -> DBAPIError:
    return kind("SELECT 1", {}, sqlite3.OperationalError(message))


@pytest.mark.parametrize(
    ("message", "code"),
    [
        ("unable to open database file", 14),
        ("attempt to write a readonly database", 8),
        ("disk I/O error", 10),
        ("database disk image is malformed", 11),
        ("database or disk is full", 13),
        ("file is not a database", 26),
        ("database table is locked: version", 6),
    ],
)
def test_outages_without_a_result_code_are_unavailable(message: str, code: int) -> None:
    error = _wrapped(message)
    assert getattr(error.orig, "sqlite_errorcode", None) is None
    assert isinstance(error.orig, sqlite3.Error)
    assert sqlite_primary_code(error.orig) == code
    assert is_unavailable(error)


@pytest.mark.parametrize(
    "message", ["no such table: no_such_table", 'near "SELEC": syntax error', "no such column: x"]
)
def test_query_bugs_without_a_result_code_are_not_outages(message: str) -> None:
    error = _wrapped(message)
    assert isinstance(error.orig, sqlite3.Error)
    assert sqlite_primary_code(error.orig) is None
    assert not is_unavailable(error)
    assert not is_transient(error)


def test_a_busy_database_without_a_result_code_is_transient() -> None:
    error = _wrapped("database is locked")
    assert is_transient(error)
    assert is_unavailable(error)


def test_sqlite3s_own_interface_errors_stay_unavailable() -> None:
    assert is_unavailable(_wrapped("Error binding parameter 0", InterfaceError))
