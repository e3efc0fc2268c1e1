"""Shared fixtures: isolated settings, and real databases (SQLite and PostgreSQL).

PostgreSQL tests use the server named by AXIOM_TEST_PG_URL (default: the local server,
user postgres, trust auth). Each test that asks for one gets a fresh, empty database that
is dropped afterwards. With CI=true an unreachable server is an error, never a skip.
"""

from __future__ import annotations

import contextlib
import os
import uuid

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # UI tests run without a screen
from collections.abc import Iterator
from pathlib import Path

import pytest

# What Qt 5's offscreen platform (tests/run-compat: PySide2) says about window operations
# it cannot do, where Qt 6's says nothing; only these exact messages are let through.
QT5_OFFSCREEN_NOISE = (
    r"This plugin does not support propagateSizeHints\(\) \(IGNORED\)",
    r"This plugin does not support setParent!",
)


def pytest_configure(config: pytest.Config) -> None:
    binding = os.environ.get("PYTEST_QT_API") or os.environ.get("QT_API") or ""
    with contextlib.suppress(ValueError):  # pytest-qt not installed: no qt_api option
        binding = binding or str(config.getini("qt_api"))
    if binding.lower() in ("pyside2", "pyqt5"):
        for message in QT5_OFFSCREEN_NOISE:
            config.addinivalue_line("qt_log_ignore", message)


PG_ADMIN_URL = os.environ.get(
    "AXIOM_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def _pg_admin_dsn() -> str:
    return PG_ADMIN_URL.replace("postgresql+psycopg://", "postgresql://", 1)


def _pg_available() -> str | None:
    """None when the server answers, else the reason it does not."""
    import psycopg

    try:
        with psycopg.connect(_pg_admin_dsn(), connect_timeout=3, autocommit=True) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as error:
        return str(error).strip()
    return None


@pytest.fixture(scope="session")
def pg_server() -> str:
    """The admin URL of a reachable PostgreSQL server (skips locally, fails on CI)."""
    reason = _pg_available()
    if reason is not None:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"PostgreSQL is required on CI and is not reachable: {reason}")
        pytest.skip(f"PostgreSQL not reachable: {reason}")
    return PG_ADMIN_URL


def create_test_database(name: str) -> None:
    """CREATE DATABASE `name`, whose sessions do not wait for the disk at each commit.

    synchronous_commit=off only changes what a crash of the PostgreSQL server itself may
    lose (the last few commits); what every client sees is the same, and no test crashes
    the server. A commit then costs ~0.1 ms instead of a WAL flush (3-5 ms on a busy disk).
    """
    import psycopg

    with psycopg.connect(_pg_admin_dsn(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
        conn.execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')


def create_pg_database(admin_url: str) -> str:
    """Create an empty database and return its SQLAlchemy URL."""
    name = f"axiom_test_{uuid.uuid4().hex[:12]}"
    create_test_database(name)
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


def drop_pg_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(_pg_admin_dsn(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test."""
    url = create_pg_database(pg_server)
    try:
        yield url
    finally:
        drop_pg_database(url)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'axiom.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each test using it runs twice: on SQLite and on a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'axiom.db'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def axiom_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """An environment with no studio or user configuration and a private data folder."""
    for variable in list(os.environ):
        if variable.startswith("AXIOM_") and variable != "AXIOM_TEST_PG_URL":
            monkeypatch.delenv(variable)
    data = tmp_path / "axiom-data"
    monkeypatch.setenv("AXIOM_DATA_DIR", str(data))
    monkeypatch.setenv("AXIOM_USER_CONFIG", str(tmp_path / "no-user-config.toml"))
    return {key: value for key, value in os.environ.items()}


@pytest.fixture(scope="session")
def ffmpeg_tools() -> tuple[str, str]:
    """Paths of the ffmpeg and ffprobe CLIs (Debian's), to check AXIOM against."""
    import shutil

    ffmpeg, ffprobe = shutil.which("ffmpeg"), shutil.which("ffprobe")
    if ffmpeg is None or ffprobe is None:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("ffmpeg/ffprobe are required on CI (tests/run installs Debian's ffmpeg)")
        pytest.skip("ffmpeg/ffprobe not installed")
    return ffmpeg, ffprobe
