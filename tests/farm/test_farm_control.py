"""Steering farm jobs from the CLI: `axiom jobs cancel|retry ID` and `axiom jobs --watch`,
with real Redis children and real `axiom worker` processes (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO

import pytest

from axiom_publisher.core.farm import FINISHED
from axiom_publisher.publish.jobs.publish_item import PAUSE_AFTER_COMMIT
from axiom_publisher.publish.jobs.runner import SLOW_STEPS
from tests.farm.conftest import REPO, Farm
from tests.farm.test_farm_publish import _children, _finish


def _wait_for(farm: Farm, job_id: int, status: str, timeout: float = 120) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    while True:
        job = farm.job(job_id)
        if job["status"] == status:
            return job
        assert time.monotonic() < deadline, f"job {job_id} never became {status}: {job}"
        time.sleep(0.05)


def test_cancel_then_retry_publishes_the_job_once_with_the_same_key(
    farm: Farm, plate: Path
) -> None:
    job = farm.submit(plate)
    cancelled = farm.ok("jobs", "cancel", str(job["id"]))
    assert cancelled["status"] == "cancelled" and cancelled["ended_at"]

    retried = farm.ok("jobs", "retry", str(job["id"]))

    assert (retried["status"], retried["error"], retried["ended_at"]) == ("queued", None, None)
    assert retried["idempotency_key"] == job["idempotency_key"]
    assert retried["rq_job_id"] != job["rq_job_id"]  # queued again on RQ
    _finish(farm.worker("node-r", "--burst"))  # runs both RQ jobs: the first finds it taken
    done = farm.job(job["id"])
    assert (done["status"], done["worker_host"]) == ("done", "node-r")
    assert farm.versions() == [(1, "published")]


def test_done_jobs_are_neither_cancelled_nor_retried(farm: Farm, plate: Path) -> None:
    job = farm.submit(plate)
    farm.ok("job", "run", str(job["id"]))
    code, _, err = farm("jobs", "retry", str(job["id"]))
    assert code == 2 and f"farm job {job['id']} is done" in err
    code, _, err = farm("jobs", "cancel", str(job["id"]))
    assert code == 2 and "nothing to cancel" in err
    queued = farm.submit(plate)
    code, _, err = farm("jobs", "retry", str(queued["id"]))
    assert code == 2 and "is queued: only a failed or cancelled job is retried" in err
    listed = farm.ok("jobs", "--status", "queued")
    assert [row["id"] for row in listed] == [queued["id"]]


def test_a_running_job_stops_between_frames_when_cancelled(farm: Farm, plate: Path) -> None:
    job = farm.submit(plate)
    worker = farm.worker("node-s", "--burst", **{SLOW_STEPS: "0.3"})
    _wait_for(farm, job["id"], "running")
    time.sleep(1.0)  # into the frames
    farm.ok("jobs", "cancel", str(job["id"]))
    _finish(worker)
    ended = farm.job(job["id"])
    assert ended["status"] == "cancelled", ended
    assert ended["progress"]["phase"] != "commit"
    assert all(status != "published" for _, status in farm.versions())


def test_retry_of_a_job_whose_worker_died_after_its_commit_does_not_publish_twice(
    farm: Farm, plate: Path
) -> None:
    job = farm.submit(plate)
    worker = farm.worker("node-t", "--burst", **{PAUSE_AFTER_COMMIT: "120"})
    deadline = time.monotonic() + 180
    while farm.versions() != [(1, "published")]:
        assert worker.poll() is None, worker.communicate()[0].decode(errors="replace")
        assert time.monotonic() < deadline, "the worker did not commit v001"
        time.sleep(0.1)
    for pid in [*_children(worker.pid), worker.pid]:
        os.kill(pid, signal.SIGKILL)
    worker.communicate(timeout=30)
    farm.ok("jobs", "cancel", str(job["id"]))  # the wrangler gives up on the dead run...
    farm.ok("jobs", "retry", str(job["id"]))  # ...and retries it

    _finish(farm.worker("node-u", "--burst"))

    done = farm.job(job["id"])
    assert (done["status"], done["error"]) == ("done", None)
    assert farm.versions() == [(1, "published")]  # v001 found again, no v002


def _read_lines(stream: IO[bytes]) -> tuple[list[bytes], threading.Thread]:
    """The lines `stream` gives, as they come (a thread reads it to its end)."""
    lines: list[bytes] = []
    reader = threading.Thread(target=lambda: lines.extend(stream), daemon=True)
    reader.start()
    return lines, reader


def test_jobs_watch_refreshes_until_the_jobs_have_ended(farm: Farm, plate: Path) -> None:
    job = farm.submit(plate)
    watch = subprocess.Popen(
        [sys.executable, "-m", "axiom_publisher", "--db", farm.db_url, "--root", str(farm.root),
         "jobs", "--watch", "--json", "--interval", "0.2"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert watch.stdout is not None and watch.stderr is not None
    lines, reader = _read_lines(watch.stdout)
    try:
        # Waits on the watch itself, not on a fixed sleep: a loaded machine can take longer
        # than any fixed sleep to start it, and a worker started first ends the job unseen.
        deadline = time.monotonic() + 120
        while len(lines) < 2:  # it has shown the queued job, and refreshed it
            assert watch.poll() is None, (lines, watch.stderr.read())
            assert time.monotonic() < deadline, f"the watch showed {len(lines)} of 2 frames"
            time.sleep(0.05)
        assert watch.poll() is None  # still watching the queued job
        _finish(farm.worker("node-w", "--burst"))
        watch.wait(timeout=120)
        reader.join(timeout=30)
        err = watch.stderr.read().decode(errors="replace")
    finally:
        if watch.poll() is None:
            watch.kill()
            watch.wait()
        reader.join(timeout=30)
        watch.stdout.close()
        watch.stderr.close()
    assert watch.returncode == 0, err
    assert not reader.is_alive()  # every line read
    frames = [json.loads(line) for line in lines]
    assert len(frames) >= 3
    assert [frame[0]["status"] for frame in frames[:2]] == ["queued", "queued"]
    assert all(frame[0]["status"] not in FINISHED for frame in frames[:-1])  # until it ended
    assert (frames[-1][0]["id"], frames[-1][0]["status"]) == (job["id"], "done")


def test_a_job_stopped_by_the_farm_timeout_ends_failed_with_the_reason(
    farm: Farm, plate: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "studio.toml"
    config.write_text("[farm]\njob_timeout = 2\nretries = 0\n")
    monkeypatch.setenv("AXIOM_STUDIO_CONFIG", str(config))
    job = farm.submit(plate)  # RQ stops it after 2 s; it takes over 5 s
    _finish(farm.worker("node-o", "--burst", **{SLOW_STEPS: "0.5"}))
    ended = farm.job(job["id"])
    assert ended["status"] == "failed", ended  # not left running
    assert "JobTimeoutException" in ended["error"] and ended["ended_at"]
    assert all(status != "published" for _, status in farm.versions())
