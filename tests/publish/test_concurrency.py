"""Many OS processes publishing the same product at the same moment get distinct numbers."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from axiom_publisher.config import Settings
from axiom_publisher.core.types import VersionStatus
from axiom_publisher.media.synth import write_sequence
from axiom_publisher.publish import catalog
from axiom_publisher.publish.database import open_catalog_database
from tests.publish.conftest import start_driver


def _run_publishers(
    settings: Settings,
    drivers: list[subprocess.Popen[str]],
    source: Path,
    processes: int,
    each: int,
) -> None:
    for _ in range(processes):
        drivers.append(start_driver(settings, source, each))
    for process in drivers:
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0, err
        assert "locked" not in err.lower()
        assert out.count("published ") == each


def _assert_versions_exact(settings: Settings, expected: int) -> None:
    with open_catalog_database(settings) as database:
        versions = catalog.list_versions(database, settings, product="plate")
    assert [v.number for v in versions] == list(range(1, expected + 1)), "no duplicate, no gap"
    assert {v.status for v in versions} == {VersionStatus.PUBLISHED}
    assert len({v.comment for v in versions}) == expected, "every publish is its own version"
    folders = sorted(p.name for p in (settings.publish_root / "proj/sh010/main/plate").iterdir())
    assert folders == [f"v{n:03d}" for n in range(1, expected + 1)], "no staging leftovers"


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgres"], indirect=True)
def test_20_processes_x_10_publishes_on_postgresql(
    settings: Settings, drivers: list[subprocess.Popen[str]], tmp_path: Path
) -> None:
    write_sequence(tmp_path / "src", "plate", 1, 2, width=64, height=36)
    _run_publishers(settings, drivers, tmp_path / "src" / "plate.####.png", processes=20, each=10)
    _assert_versions_exact(settings, 200)


@pytest.mark.slow
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_8_processes_x_10_publishes_on_sqlite(
    settings: Settings, drivers: list[subprocess.Popen[str]], tmp_path: Path
) -> None:
    write_sequence(tmp_path / "src", "plate", 1, 2, width=64, height=36)
    _run_publishers(settings, drivers, tmp_path / "src" / "plate.####.png", processes=8, each=10)
    _assert_versions_exact(settings, 80)
