"""The real Kitsu server (zou) the tracker tests talk to: one per test session.

Skips with the reason when zou is not installed (tests/run installs it into .venv-zou),
fails on CI (CI=true), like the PostgreSQL fixtures.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from urllib.parse import urlsplit

import psycopg
import pytest

from tests.conftest import _pg_admin_dsn, create_test_database
from tests.tracker.zou_server import ZouServer, start_zou, zou_missing


def _on_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def zou(pg_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ZouServer]:
    """A running zou: `.url`, admin `.email` / `.password`; stopped and dropped at the end."""
    reason = zou_missing()
    if reason is not None:
        if _on_ci():
            pytest.fail(f"the Kitsu server is required on CI: {reason}")
        pytest.skip(reason)
    dsn = _pg_admin_dsn()
    address = urlsplit(dsn)

    def create(name: str) -> None:
        create_test_database(name)  # synchronous_commit off: see tests/conftest.py

    def drop(name: str) -> None:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    server = start_zou(
        tmp_path_factory.mktemp("zou"),
        create,
        address.hostname or "127.0.0.1",
        address.port or 5432,
    )
    timings = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in server.timings.items())
    print(f"\n[zou] {server.url} started ({timings})", file=sys.stderr)
    try:
        yield server
    finally:
        server.stop(drop)
