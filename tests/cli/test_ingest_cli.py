"""`axiom ingest`: the table, --json, exit codes, --rules, --dry-run, runs/show, --watch --once,
and Ctrl-C that stops cleanly."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from axiom_publisher.media.synth import write_clip, write_sequence
from tests.cli.conftest import Axiom, wait_until_staging

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def delivery(tmp_path: Path) -> Path:
    root = tmp_path / "delivery"
    write_clip(root / "ab010_plate.mov", frames=4, width=64, height=36)
    write_sequence(root / "seq", "ab020_plate", 1001, 1004, 64, 36, skip=frozenset({1002}))
    (root / "readme.txt").write_text("hello\n", encoding="utf-8")
    return root


@pytest.fixture
def shots(axiom: Axiom) -> Axiom:
    axiom.ok("project", "create", "proj", "--resolution", "64x36")
    for code in ("ab010", "ab020"):
        axiom.ok("shot", "create", "proj", code)
    return axiom


def test_ingest_prints_the_items_and_exits_1_when_one_failed(shots: Axiom, delivery: Path) -> None:
    result = shots("ingest", delivery, "--project", "proj")
    assert result.code == 1, result.err
    lines = result.out.splitlines()
    assert lines[0] == f"ingest run 1: proj <- {delivery} (3 items)"
    assert lines[1].split() == ["item", "shot/task/product", "outcome", "version", "reason"]
    assert lines[2].split() == ["ab010_plate.mov", "ab010/plate/plate", "published", "v001"]
    assert lines[3].split()[:4] == ["readme.txt", "-", "skipped", "-"]
    assert lines[4].split()[:5] == [
        "seq/ab020_plate.####.png", "ab020/plate/plate", "failed", "-", "QC",
    ]  # fmt: skip
    assert "missing frame 1002" in lines[4]
    assert lines[5] == "1 published, 1 failed, 1 skipped, 0 duplicate"
    assert lines[6].startswith(f"summary: {delivery}/axiom-ingest-1-")

    again = shots("ingest", delivery, "--project", "proj", "--json")
    assert again.code == 1
    payload = again.json()
    assert payload["id"] == 2
    assert payload["counts"] == {
        "published": 0, "failed": 1, "skipped": 1, "duplicate": 1, "planned": 0,
        "refused": 0,
    }  # fmt: skip
    assert payload["results"][0]["duplicate_of"] == 1

    runs = shots.ok("ingest", "runs", "--project", "proj", "--json").json()
    assert [(run["id"], run["counts"]["published"]) for run in runs] == [(2, 0), (1, 1)]
    assert shots.ok("ingest", "runs").out.splitlines()[0].split()[:3] == [
        "id",
        "project",
        "started",
    ]
    shown = shots("ingest", "show", "1", "--json")
    assert shown.code == 1  # the run had a failure
    assert [r["outcome"] for r in shown.json()["results"]] == ["published", "skipped", "failed"]
    assert shots("ingest", "show", "99").code == 2


def test_rules_file_dry_run_and_bad_input(shots: Axiom, delivery: Path, tmp_path: Path) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text(
        "[[rules]]\npattern = '^(?P<shot>ab\\d{3})_plate\\.mov$'\ntask = \"scan\"\n"
        'product = "main"\n',
        encoding="utf-8",
    )
    dry = shots("ingest", delivery, "--project", "proj", "--rules", rules, "--dry-run", "--json")
    assert dry.code == 0, dry.err
    payload = dry.json()
    assert payload["id"] is None and payload["dry_run"] is True
    assert [(r["display"], r["outcome"]) for r in payload["results"]] == [
        ("ab010_plate.mov", "planned"),
        ("readme.txt", "skipped"),
        ("seq/ab020_plate.####.png", "skipped"),
    ]
    assert payload["results"][0]["context"]["task"] == "scan"
    assert shots.ok("ingest", "runs").out.strip() == "no ingest runs"
    assert sorted(p.name for p in delivery.iterdir()) == ["ab010_plate.mov", "readme.txt", "seq"]

    rules.write_text('[[rules]]\npattern = "ab\\\\d+"\n', encoding="utf-8")
    bad = shots("ingest", delivery, "--project", "proj", "--rules", rules, "--json")
    assert bad.code == 2 and "no named group" in bad.error()["message"]
    assert shots("ingest", delivery).code == 2  # no --project
    assert shots("ingest", tmp_path / "nowhere", "--project", "proj").code == 2
    assert shots("ingest", delivery, "--project", "nope").code == 2
    assert shots("ingest", delivery, "extra", "--project", "proj").code == 2
    assert shots("ingest", delivery, "--project", "proj", "--once").code == 2


def test_watch_once_ingests_a_settled_delivery_once(
    shots: Axiom, delivery: Path, tmp_path: Path
) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    delivery.rename(drop / "vendor_0412")
    first = shots("ingest", "--watch", drop, "--project", "proj", "--settle", "0", "--once")
    assert first.code == 1  # the delivery has an item that fails QC
    assert f"ingest run 1: proj <- {drop / 'vendor_0412'}" in first.out
    for _ in range(2):  # a restart: the database knows it was ingested
        again = shots("ingest", "--watch", drop, "--project", "proj", "--once", "--json")
        assert again.code == 0, again.err
        event = json.loads(again.out)
        assert (event["status"], event["message"]) == ("done", "run 1")
    waiting = shots("ingest", "--watch", drop, "--project", "proj", "--once", "--settle", "60")
    assert waiting.code == 0 and "done" in waiting.out  # settled deliveries stay done
    assert len(shots.ok("ingest", "runs", "--json").json()) == 1


def test_ctrl_c_stops_an_ingest_cleanly(shots: Axiom, tmp_path: Path) -> None:
    root = tmp_path / "big"
    root.mkdir()
    for frame in range(1, 301):
        (root / f"ab010_plate.{frame:04d}.bin").write_bytes(os.urandom(256 << 10))
    env = dict(os.environ, PYTHONPATH=str(REPO))
    process = subprocess.Popen(
        [sys.executable, "-m", "axiom_publisher", "--db", shots.db_url, "--root", str(shots.root),
         "ingest", str(root), "--project", "proj", "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    product = shots.root / "proj" / "ab010" / "plate" / "plate"
    wait_until_staging(process, product, "ingest")
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert out == ""
    error = json.loads(err)["error"]
    assert error["type"] == "CancelledError"
    assert "nothing half published; run 1 recorded" in error["message"]
    [version] = shots.ok("versions", "--json").json()
    assert (version["status"], version["failed_reason"]) == ("failed", "cancelled by the user")
    assert [p.name for p in product.iterdir()] == []
    run = shots.ok("ingest", "show", "1", "--json").json()
    assert run["counts"]["skipped"] == 1 and run["ended_at"] is not None
    assert run["results"][0]["reason"] == "cancelled before it was published"
