"""A signal at any point of a publish stops it cleanly.

The SIGTERM of a farm scheduler or a closing terminal can land anywhere: in the analysis,
in the reservation, in SQLAlchemy's pool while it checks a connection out or in, inside
psycopg, while staging, at the commit, or while a failed publish is being rolled back.
These tests deliver a real SIGTERM to the process at many chosen points of a real
`axiom publish` (a profile hook counts the calls of the interpreter and raises the
signal at the n-th one), on SQLite and PostgreSQL, and check every outcome: exit 130
with one line on stderr and the version failed or never reserved, or, when the signal
came after the database commit, the complete published version (exit 0). Never a
traceback, never a partial version, never a staging folder left behind.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.cli.conftest import Axiom

REPO = Path(__file__).resolve().parents[2]
SPREAD_POINTS = 12  # evenly over the whole command
RISKY_POINTS = 14  # in the connection pool, the driver and the publish service


def _run(axiom: Axiom, calls: str, report: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`axiom --db --root ARGS` in its own process, with SIGTERM at each of its CALLS
    (`N` or `N,M`: the N-th and M-th Python calls it makes)."""
    return subprocess.run(
        [sys.executable, "-m", "tests.drivers.signal_at", calls, str(report),
         "--db", axiom.db_url, "--root", str(axiom.root), *args],
        cwd=REPO, env=dict(os.environ, PYTHONPATH=str(REPO)), capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip


def _points(report: Path) -> tuple[int, list[int]]:
    """The total number of calls and the calls to interrupt: some evenly spread, the
    others among the calls into the pool, the driver and the service."""
    calibration = json.loads(report.read_text())
    total, risky = int(calibration["count"]), list(calibration["risky"])
    spread = [total * (2 * i + 1) // (2 * SPREAD_POINTS) for i in range(SPREAD_POINTS)]
    step = max(1, len(risky) // RISKY_POINTS)
    return total, sorted(set(spread + risky[::step][:RISKY_POINTS]))


def _check_outcome(axiom: Axiom, product: str, code: int, out: str, err: str) -> str | None:
    """What is wrong with one interrupted publish (None: nothing)."""
    if "Traceback" in err or len(err.strip().splitlines()) > 1:
        return f"exit {code} with more than one line on stderr: {err!r}"
    versions = [v for v in axiom.ok("versions", "--json").json() if v["product"] == product]
    folder = axiom.root / "proj" / "sh010" / "main" / product
    left = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
    if code == 0:
        statuses = [v["status"] for v in versions]
        if statuses != ["published"] or left != ["v001"] or not out:
            return f"exit 0 but versions {statuses}, folder {left}"
        return None
    if code != 130:
        return f"exit {code}: {err!r}"
    if out or json.loads(err)["error"]["type"] != "CancelledError":
        return f"exit 130 with stdout {out!r}, stderr {err!r}"
    states = [(v["status"], v["failed_reason"]) for v in versions]
    if states not in ([], [("failed", "cancelled by the user")]) or left:
        return f"exit 130 but versions {states}, folder {left}"
    return None


def test_sigterm_at_any_point_of_a_publish_exits_130_cleanly(axiom: Axiom, tmp_path: Path) -> None:
    axiom.ok("project", "create", "proj")
    axiom.ok("shot", "create", "proj", "sh010")
    frames = tmp_path / "frames"
    frames.mkdir()
    for frame in range(1, 4):
        (frames / f"raw.{frame:04d}.bin").write_bytes(os.urandom(64 << 10))  # no decoding
    report = tmp_path / "calls.json"

    def publish(call: int, product: str) -> subprocess.CompletedProcess[str]:
        pattern = str(frames / "raw.####.bin")
        target = ("--project", "proj", "--shot", "sh010", "--product", product)
        return _run(axiom, str(call), report, "publish", pattern, *target, "--json")

    calibration = publish(0, "calibration")
    assert calibration.returncode == 0, calibration.stderr
    total, points = _points(report)
    problems: list[str] = []
    codes: list[int] = []
    for index, point in enumerate(points):
        product = f"p{index:02d}"
        done = publish(point, product)
        codes.append(done.returncode)
        problem = _check_outcome(axiom, product, done.returncode, done.stdout, done.stderr)
        if problem is not None:
            problems.append(f"call {point} of {total}: {problem}")
    assert problems == [], "\n".join(problems)
    assert codes.count(130) >= len(points) * 2 // 3, codes  # most points are before the commit
    verify = axiom("verify", "--json")
    assert verify.code == 0, verify.out


def test_a_second_sigterm_stops_at_once_and_verify_repair_cleans_up(
    axiom: Axiom, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AXIOM_LEASE_SECONDS", "5")  # the left version's lease, for --repair
    axiom.ok("project", "create", "proj")
    axiom.ok("shot", "create", "proj", "sh010")
    frames = tmp_path / "frames"
    frames.mkdir()
    for frame in range(1, 9):
        (frames / f"raw.{frame:04d}.bin").write_bytes(os.urandom(64 << 10))
    report = tmp_path / "calls.json"
    pattern = str(frames / "raw.####.bin")
    target = ("--project", "proj", "--shot", "sh010")
    calibration = _run(axiom, "0", report, "publish", pattern, *target, "--product", "cal")
    assert calibration.returncode == 0, calibration.stderr
    # The first signal as the first file is staged, the second while the publish stops.
    first = json.loads(report.read_text())["first"]["add_copy"]
    done = _run(axiom, f"{first},{first + 40}", report, "publish", pattern, *target,
                "--product", "plate", "--json")  # fmt: skip
    assert done.returncode == 130, done.stderr
    assert done.stdout == ""
    [line] = done.stderr.splitlines()
    error = json.loads(line)["error"]
    assert error["type"] == "CancelledError" and "second signal" in error["message"]
    assert "axiom verify --repair" in error["message"]
    # Stopped at once, like a crash: the rollback did not finish, the version is reserved.
    folder = axiom.root / "proj" / "sh010" / "main" / "plate"
    [version] = [v for v in axiom.ok("versions", "--json").json() if v["product"] == "plate"]
    assert version["status"] == "staging"
    time.sleep(5.5)  # the lease expires
    repaired = axiom.ok("verify", "--repair", "--json").json()
    assert repaired["problems"], repaired  # the expired lease (and the staging folder)
    assert axiom("verify", "--json").code == 0
    [version] = [v for v in axiom.ok("versions", "--json").json() if v["product"] == "plate"]
    assert version["status"] == "failed"
    assert list(folder.iterdir()) == []
