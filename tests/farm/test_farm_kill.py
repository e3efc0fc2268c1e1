"""Crash safety on the farm: workers SIGKILLed at random moments of a delivery's ingest
(analysis, waiting, reserve, stage, commit), real Redis and real `axiom worker` processes.

Most kills take a job's process (its worker lives on and RQ retries the job at once); some
take the whole node (RQ finds the job abandoned once its heartbeat expires, at a surviving
worker's sweep). Every job must end done exactly once or failed with its reason, no
content may be published twice, no version may stay half made, and verify must be clean
after `verify --repair`.
"""

from __future__ import annotations

import collections
import os
import random
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from tests.farm.conftest import Farm
from tests.farm.test_farm_ingest import make_project, wait_for_run
from tests.farm.test_farm_publish import _children
from tests.publish.ingest_delivery import write_delivery

KILLS = 20
NODE_KILLS = 3  # of which whole nodes (the others: the job's process only)
SEED = int(os.environ.get("AXIOM_FARM_KILL_SEED", "14"))


def _node(farm: Farm, tmp_path: Path, number: int) -> subprocess.Popen[bytes]:
    scratch = tmp_path / f"node-{number}-scratch"
    scratch.mkdir()
    return farm.worker(
        f"node-{number}", "--sweep-interval", "2", TMPDIR=str(scratch),
        AXIOM_LEASE_SECONDS="5", AXIOM_FARM_TEST_STEP_SECONDS="0.05",
    )  # fmt: skip


def _kill(pids: list[int]) -> bool:
    """SIGKILL each process; whether any was still there (a job's process ends with its
    job, which may happen between the look at the node's children and the kill)."""
    killed = False
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
            killed = True
        except ProcessLookupError:
            pass
    return killed


def _phase_of(farm: Farm, running: list[dict[str, Any]], host: str) -> str:
    for job in running:
        if job["worker_host"] == host:
            return str(job["progress"]["phase"] or "start")
    return "between jobs"


@pytest.mark.slow
def test_workers_killed_at_random_moments_publish_every_item_once(
    farm: Farm, tmp_path: Path
) -> None:
    delivery = write_delivery(tmp_path / "delivery")
    make_project(farm, "proj2")
    submitted = farm.ok("ingest", delivery.root, "--project", "proj2", "--farm")
    rng = random.Random(SEED)
    nodes = {number: _node(farm, tmp_path, number) for number in (1, 2, 3)}
    next_number = 4
    phases: collections.Counter[str] = collections.Counter()
    whole = set(rng.sample(range(KILLS), NODE_KILLS))
    try:
        kills = 0
        deadline = time.monotonic() + 600
        while kills < KILLS and time.monotonic() < deadline:
            time.sleep(rng.uniform(0.2, 1.2))
            listed = farm.ok("jobs", "--limit", "200")
            running = [job for job in listed if job["status"] == "running"]
            busy = [n for n, node in nodes.items() if node.poll() is None and _children(node.pid)]
            if not running or not busy:
                if all(job["status"] != "queued" for job in listed):
                    break  # nothing left to kill
                continue
            number = rng.choice(busy)
            node = nodes[number]
            phase = _phase_of(farm, running, f"node-{number}")
            horses = _children(node.pid)
            if kills in whole:  # the node dies: its worker and the job's process
                _kill([*horses, node.pid])
                node.communicate(timeout=30)
                nodes[next_number] = _node(farm, tmp_path, next_number)
                del nodes[number]
                next_number += 1
            elif not _kill(horses):  # its job ended between the look and the kill
                continue
            phases[phase] += 1
            kills += 1
        run = wait_for_run(farm, submitted["run_id"], 900)
    finally:
        for node in nodes.values():
            if node.poll() is None:
                os.killpg(node.pid, signal.SIGTERM)
        for node in nodes.values():
            node.communicate(timeout=60)
    assert kills >= 10, phases

    jobs = [farm.job(job["id"]) for job in submitted["jobs"]]
    for job in jobs:
        assert job["status"] in ("done", "failed"), job
        if job["status"] == "failed":
            assert job["error"], job
    outcomes = {result["display"]: result for result in run["results"]}
    published_ids = {r["version_id"] for r in run["results"] if r["outcome"] == "published"}
    for name in delivery.published:
        result = outcomes[name]
        assert result["outcome"] in ("published", "failed", "duplicate"), result
        if result["outcome"] == "failed":  # only a job the farm gave up on
            assert "died" in result["reason"] or "abandoned" in result["reason"], result
        if result["outcome"] == "duplicate":
            # Killed and queued again while its identical twin, a later item, went on
            # (publish.jobs.ingest_item._earlier_twin does not wait for a job no worker
            # runs): the content is published once, by the twin, and this item names it.
            assert result["duplicate_of"] in published_ids, result

    time.sleep(6)  # the killed runs' leases (5 s) expire
    farm.ok("verify", "--project", "proj2", "--repair")
    assert farm.ok("verify", "--project", "proj2")["clean"]
    engine = sa.create_engine(farm.db_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(sa.text(
                "SELECT e.code, p.name, v.status, v.content_hash FROM version v "
                "JOIN product p ON v.product_id = p.id JOIN entity e ON p.entity_id = e.id"
            )).all()  # fmt: skip
    finally:
        engine.dispose()
    published = [(code, name) for code, name, status, _ in rows if status == "published"]
    assert len(published) == len(set(published))  # each item once
    hashes = [content for *_, status, content in rows if status == "published" and content]
    assert len(hashes) == len(set(hashes))  # no content twice
    assert {status for *_, status, _ in rows} <= {"published", "failed"}  # nothing half made
    done = [job for job in jobs if job["status"] == "done"]
    print(f"kills: {kills} ({NODE_KILLS} whole nodes), by phase: {dict(phases)}; jobs: "
          f"{len(done)} done, {len(jobs) - len(done)} failed; versions: {len(rows)} "
          f"({len(published)} published)")  # fmt: skip
