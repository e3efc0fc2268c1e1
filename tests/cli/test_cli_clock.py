"""One clock, the database's: workstations 15 minutes off (libfaketime) neither kill a live
publish nor reorder review decisions, and a killed publish is still repaired.

PostgreSQL only: SQLite is embedded, so its clock is the clock of the one workstation that
uses it (README, "One clock"); two skewed processes on one machine are not a real setup.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from axiom_publisher.media.synth import write_clip
from tests.cli.conftest import Axiom, wait_until_staging

REPO = Path(__file__).resolve().parents[2]
LIBFAKETIME = (
    Path("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"),
    Path("/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1"),
    Path("/usr/lib/faketime/libfaketime.so.1"),
)
SKEW = 15  # minutes


@pytest.fixture
def postgres(db_url: str) -> str:
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite's clock is the workstation's own (one machine, one clock)")
    return db_url


def _libfaketime() -> Path:
    for path in LIBFAKETIME:
        if path.is_file():
            return path
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail("libfaketime is required on CI (tests/run installs Debian's faketime)")
    pytest.skip("libfaketime not installed")


def skewed(minutes: int, **extra: str) -> dict[str, str]:
    """The environment of a process whose clock is `minutes` off (checked for real)."""
    env = {key: value for key, value in os.environ.items()}
    env.update(extra, PYTHONPATH=str(REPO), FAKETIME_DONT_FAKE_MONOTONIC="1")
    if minutes:
        env.update(LD_PRELOAD=str(_libfaketime()), FAKETIME=f"{minutes:+d}m")
    probe = "from datetime import datetime, timezone; print(datetime.now(timezone.utc).timestamp())"
    seen = float(subprocess.check_output([sys.executable, "-c", probe], env=env, text=True))
    assert abs(seen - time.time() - minutes * 60) < 30, "libfaketime did not skew Python"
    return env


def _axiom(axiom: Axiom, *args: str) -> list[str]:
    return [sys.executable, "-m", "axiom_publisher", "--db", axiom.db_url,
            "--root", str(axiom.root), *args]  # fmt: skip


def _start_publish(axiom: Axiom, tmp_path: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    axiom.ok("project", "create", "proj")
    axiom.ok("shot", "create", "proj", "sh010")
    frames = tmp_path / "frames"
    frames.mkdir()
    for frame in range(1, 301):
        (frames / f"big.{frame:04d}.bin").write_bytes(os.urandom(128 << 10))  # no decoding
    command = _axiom(axiom, "publish", str(frames / "big.####.bin"), "--project", "proj",
                     "--shot", "sh010", "--product", "plate", "--json")  # fmt: skip
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    wait_until_staging(process, axiom.root / "proj" / "sh010" / "main" / "plate", "publish")
    return process


def _verify_repair(axiom: Axiom, env: dict[str, str]) -> dict[str, object]:
    done = subprocess.run(
        _axiom(axiom, "verify", "--repair", "--json"), capture_output=True, text=True, env=env
    )
    assert done.returncode in (0, 1) and done.stdout.startswith("{"), done.stderr
    report: dict[str, object] = json.loads(done.stdout)
    return report


def _quarantined(axiom: Axiom) -> list[Path]:
    folder = axiom.root / ".axiom-quarantine"
    return sorted(folder.rglob("*")) if folder.is_dir() else []


@pytest.mark.parametrize(
    ("publisher", "verifier"), [(-SKEW, SKEW), (-SKEW, 0), (0, SKEW), (SKEW, -SKEW)]
)
def test_a_skewed_verify_never_harms_a_live_publish(
    axiom: Axiom, postgres: str, tmp_path: Path, publisher: int, verifier: int
) -> None:
    verify_env = skewed(verifier)
    process = _start_publish(axiom, tmp_path, skewed(publisher))
    process.send_signal(signal.SIGSTOP)  # frozen mid-staging: alive, its lease still valid
    try:
        report = _verify_repair(axiom, verify_env)
    except BaseException:
        process.kill()
        process.communicate()
        raise
    finally:
        process.send_signal(signal.SIGCONT)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    assert report["problems"] == [] and report["repairs"] == []
    [version] = axiom.ok("versions", "--json").json()
    assert (version["label"], version["status"]) == ("v001", "published")
    assert json.loads(out)["id"] == version["id"]
    assert _quarantined(axiom) == []


@pytest.mark.parametrize("verifier", [0, -SKEW])
def test_a_killed_publish_ahead_of_time_is_still_repaired(
    axiom: Axiom, postgres: str, tmp_path: Path, verifier: int
) -> None:
    verify_env = skewed(verifier)
    process = _start_publish(axiom, tmp_path, skewed(SKEW, AXIOM_LEASE_SECONDS="5"))
    process.kill()
    process.communicate(timeout=60)
    time.sleep(6)  # the lease (5 s of the server's clock) runs out
    report = _verify_repair(axiom, verify_env)
    kinds = sorted(str(problem["kind"]) for problem in report["problems"])  # type: ignore[attr-defined]
    assert "expired_lease" in kinds
    [version] = axiom.ok("versions", "--json").json()
    assert (version["label"], version["status"]) == ("v001", "failed")
    assert [p.name for p in (axiom.root / "proj" / "sh010" / "main" / "plate").iterdir()] == []
    assert _quarantined(axiom) != []


def test_decisions_keep_the_servers_order(
    axiom: Axiom, postgres: str, tmp_path: Path, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AXIOM_USER", "lead.cli")
    monkeypatch.setenv("AXIOM_REVIEW_LEADS", "lead.cli")
    axiom.ok("project", "create", "proj", "--fps", "24", "--resolution", "64x36")
    axiom.ok("shot", "create", "proj", "sh010", "--frames", "1001-1010", "--handles", "0")
    published = axiom.publish(media / "seq" / "plate.####.png", product="plate")
    assert published.code == 0, published.err
    version = str(published.json()["id"])
    ahead, behind = skewed(SKEW), skewed(-SKEW)
    for env, action, note in ((ahead, "approve", "first"), (behind, "reject", "second")):
        done = subprocess.run(
            _axiom(axiom, "review", action, version, "--note", note, "--json"),
            capture_output=True, text=True, env=env,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
    notes = axiom.ok("review", "notes", version, "--json").json()
    assert [note["text"] for note in notes] == ["first", "second"]
    assert [note["decision"] for note in notes] == ["approved", "rejected"]
    times = [datetime.fromisoformat(note["created_at"]) for note in notes]
    assert times[0] <= times[1] and abs(times[1] - datetime.now(timezone.utc)) < timedelta(
        minutes=1
    )
    engine = create_engine(postgres)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT text FROM review_note WHERE version_id = :v ORDER BY created_at"),
                {"v": int(version)},
            ).all()
    finally:
        engine.dispose()
    assert [row[0] for row in rows] == ["first", "second"]  # by the time stored, not the id


def test_an_ingest_run_starts_by_the_servers_clock(
    axiom: Axiom, postgres: str, tmp_path: Path
) -> None:
    axiom.ok("project", "create", "proj", "--resolution", "64x36")
    axiom.ok("shot", "create", "proj", "ab010")
    delivery = tmp_path / "delivery"
    write_clip(delivery / "ab010_plate.mov", frames=4, width=64, height=36)
    before = datetime.now(timezone.utc)
    done = subprocess.run(
        _axiom(axiom, "ingest", str(delivery), "--project", "proj", "--json"),
        capture_output=True, text=True, env=skewed(SKEW),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    after = datetime.now(timezone.utc)
    [run] = axiom.ok("ingest", "runs", "--project", "proj", "--json").json()
    started = datetime.fromisoformat(run["started_at"])
    ended = datetime.fromisoformat(run["ended_at"])
    slack = timedelta(seconds=5)
    assert before - slack <= started <= ended <= after + slack
