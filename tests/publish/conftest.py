"""Fixtures for service-level tests: a database with a project and shot, and driver processes."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from axiom_publisher.config import Settings, load_settings
from axiom_publisher.core.types import EntityKind, EntitySpec, ProjectSpec
from axiom_publisher.publish import catalog
from axiom_publisher.publish.database import open_catalog_database
from tests.roots import publish_root

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def settings(db_url: str, tmp_path: Path, axiom_env: dict[str, str]) -> Settings:
    """Settings on this test's database and publish root, with proj/sh010 created."""
    env = dict(axiom_env, AXIOM_LEASE_SECONDS="5")
    result = load_settings(env, db_url=db_url, publish_root=publish_root(tmp_path / "publish"))
    with open_catalog_database(result) as database:
        # Targets that the generated test media (64x36, 24 fps) meets; no cut range.
        catalog.create_project(
            database, ProjectSpec(code="proj", name="Project", width=64, height=36)
        )
        catalog.create_entity(database, EntitySpec("proj", "sh010", EntityKind.SHOT))
    return result


def driver_env(settings: Settings) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("AXIOM_")}
    env.update(
        AXIOM_DATA_DIR=str(settings.publish_root.parent / "driver-data"),
        AXIOM_USER_CONFIG=str(settings.publish_root.parent / "no-user-config.toml"),
        AXIOM_LEASE_SECONDS=str(settings.lease_seconds),
        PYTHONPATH=str(REPO),
    )
    return env


def start_driver(
    settings: Settings, source: Path, count: int, product: str = "plate"
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.drivers.publish_loop",
            settings.db_url,
            str(settings.publish_root),
            str(source),
            str(count),
            product,
        ],
        cwd=REPO,
        env=driver_env(settings),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture
def drivers() -> Iterator[list[subprocess.Popen[str]]]:
    """Driver processes a test starts; any still running at the end are killed."""
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
        process.communicate()
