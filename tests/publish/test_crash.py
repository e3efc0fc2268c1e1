"""A publish killed with SIGKILL at any point never leaves a partial published version, and
`axiom verify` finds every leftover, `--repair` cleans them, a second repair does nothing."""

from __future__ import annotations

import hashlib
import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from axiom_publisher.config import Settings
from axiom_publisher.core.types import VersionStatus
from axiom_publisher.media.synth import write_sequence
from axiom_publisher.publish import catalog
from axiom_publisher.publish.database import open_catalog_database
from tests.publish.conftest import REPO, driver_env, start_driver

KILLS = 32
PHASES = ("analyze", "reserve", "stage", "commit")


def _kill_during(settings: Settings, source: Path, phase: str, rng: random.Random) -> str:
    """Start one publish, kill it with SIGKILL at a random event of `phase`; return the last
    line the process printed before it died."""
    process = start_driver(settings, source, 1)
    assert process.stdout is not None
    lines: list[str] = []
    try:
        seen = 0
        target = rng.randint(1, 12)
        for line in process.stdout:
            lines.append(line.strip())
            if line.startswith(phase):
                seen += 1
                if seen >= target or line.split()[1] == line.split()[2]:
                    time.sleep(rng.uniform(0, 0.015))  # land between events too
                    process.send_signal(signal.SIGKILL)
                    break
    finally:
        process.kill()
        process.communicate()
    return lines[-1] if lines else ""


def _axiom(settings: Settings, *args: str) -> tuple[int, dict[str, object]]:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "axiom_publisher",
            "--db",
            settings.db_url,
            "--root",
            str(settings.publish_root),
            *args,
            "--json",
        ],
        cwd=REPO,
        env=driver_env(settings),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, json.loads(done.stdout)


@pytest.mark.slow
def test_sigkill_at_random_points_never_leaves_a_partial_version(
    settings: Settings, tmp_path: Path
) -> None:
    rng = random.Random(20261121)
    write_sequence(tmp_path / "src", "plate", 1001, 1012, width=64, height=36)
    source = tmp_path / "src" / "plate.####.png"
    expected = {
        f"{frame}": hashlib.sha256(
            (tmp_path / "src" / f"plate.{frame}.png").read_bytes()
        ).hexdigest()
        for frame in range(1001, 1013)
    }
    last_lines = [
        _kill_during(settings, source, PHASES[i % len(PHASES)], rng) for i in range(KILLS)
    ]
    assert {line.split()[0] for line in last_lines if line} >= set(PHASES), last_lines

    # Published versions are whole: every file present, right content, read-only.
    with open_catalog_database(settings) as database:
        versions = catalog.list_versions(database, settings)
    statuses = {v.status for v in versions}
    assert VersionStatus.STAGING in statuses, "some kills must have hit after the reservation"
    for version in versions:
        if version.status is VersionStatus.PUBLISHED:
            media = [f for f in version.files if f.representation == 0]
            assert len(media) == 12
            for file in media:
                assert (
                    hashlib.sha256(file.path.read_bytes()).hexdigest() == expected[str(file.frame)]
                )

    time.sleep(settings.lease_seconds + 0.5)  # every reservation of a killed process has expired
    code, report = _axiom(settings, "verify")
    problems = report["problems"]
    assert isinstance(problems, list)
    kinds = {problem["kind"] for problem in problems}
    assert code == 1 and kinds <= {"expired_lease", "staging_leftover", "unknown_folder"}, problems
    staging_versions = [v for v in versions if v.status is VersionStatus.STAGING]
    assert sum(p["kind"] == "expired_lease" for p in problems) == len(staging_versions)
    leftovers = [
        p for p in settings.publish_root.rglob("*") if p.is_dir() and "axiom-staging" in p.name
    ]
    assert sum(p["kind"] == "staging_leftover" for p in problems) == len(leftovers)

    code, repaired = _axiom(settings, "verify", "--repair")
    assert code == 0 and repaired["repairs"]
    code, clean = _axiom(settings, "verify")
    assert code == 0 and clean["problems"] == [] and clean["clean"] is True
    code, second = _axiom(settings, "verify", "--repair")
    assert code == 0 and second["repairs"] == [] and second["problems"] == []
    quarantined = settings.publish_root / ".axiom-quarantine"
    unknown = sum(p["kind"] in ("staging_leftover", "unknown_folder") for p in problems)
    moved = [
        p
        for p in quarantined.rglob("*")
        if p.is_dir() and (p.name.startswith("v") or "staging" in p.name)
    ]
    assert len(moved) >= unknown, "repair moves leftovers to quarantine, it never deletes"

    # The product still publishes normally afterwards, with the next free number.
    code, _ = _axiom(settings, "versions")
    with open_catalog_database(settings) as database:
        after = catalog.list_versions(database, settings)
    assert all(v.status is not VersionStatus.STAGING for v in after)
