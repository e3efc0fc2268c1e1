"""Publishing on the farm: real Redis children, real `axiom worker` processes, SQLite and
PostgreSQL."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

from axiom_publisher.publish.jobs.publish_item import PAUSE_AFTER_COMMIT
from tests.farm.conftest import Farm


def _finish(worker: subprocess.Popen[bytes], timeout: float = 180) -> str:
    output, _ = worker.communicate(timeout=timeout)
    text = output.decode(errors="replace")
    assert worker.returncode == 0, text
    return text


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def test_a_worker_process_publishes_the_job_publish_farm_queued(farm: Farm, plate: Path) -> None:
    job = farm.submit(plate)
    assert (job["status"], job["kind"], job["version_id"]) == ("queued", "publish_item", None)
    assert job["rq_job_id"] and job["payload"]["paths"] == [str(plate)]
    assert farm.versions() == []  # submitting published nothing

    _finish(farm.worker("node-a", "--burst"))

    done = farm.job(job["id"])
    assert (done["status"], done["worker_host"], done["error"]) == ("done", "node-a", None)
    assert farm.versions() == [(1, "published")]
    assert done["version_id"] is not None
    assert done["progress"]["phase"] == "commit" and done["started_at"] and done["ended_at"]


def test_a_job_whose_source_this_worker_cannot_see_fails_with_the_reason(
    farm: Farm, plate: Path, tmp_path: Path
) -> None:
    job = farm.submit(plate)
    shutil.move(plate, tmp_path / "elsewhere")  # the worker does not see the submitter's path
    code, _, err = farm("job", "run", str(job["id"]))
    assert code == 2, err
    assert f"{plate} is not visible from worker" in err
    failed = farm.job(job["id"])
    assert failed["status"] == "failed"
    assert f"{plate} is not visible from worker" in failed["error"]
    assert farm.versions() == []


def test_job_run_publishes_a_recorded_job_in_the_foreground_once(farm: Farm, plate: Path) -> None:
    job = farm.submit(plate)
    ran = farm.ok("job", "run", str(job["id"]))
    assert ran["status"] == "done" and ran["version_id"] is not None
    # The queued RQ job still runs on a worker: it finds the job done and publishes nothing.
    _finish(farm.worker("node-b", "--burst"))
    assert farm.versions() == [(1, "published")]
    assert farm.job(job["id"])["worker_host"] != "node-b"


def test_a_worker_killed_after_the_commit_does_not_publish_twice_on_retry(
    farm: Farm, plate: Path
) -> None:
    job = farm.submit(plate)
    worker = farm.worker("node-c", "--burst", **{PAUSE_AFTER_COMMIT: "120"})
    deadline = time.monotonic() + 180
    while farm.versions() != [(1, "published")]:
        assert worker.poll() is None, worker.communicate()[0].decode(errors="replace")
        assert time.monotonic() < deadline, "the worker did not commit v001"
        time.sleep(0.1)
    # The node dies before the job reports: its work horse (RQ gives it a session of its
    # own) and the worker.
    for pid in [*_children(worker.pid), worker.pid]:
        os.kill(pid, signal.SIGKILL)
    worker.communicate(timeout=30)
    assert farm.job(job["id"])["status"] == "running"  # it never reported

    retried = farm.ok("job", "run", str(job["id"]))  # the farm manager's retry

    assert (retried["status"], retried["error"]) == ("done", None)
    assert farm.versions() == [(1, "published")]  # v001 found, no v002
    assert retried["version_id"] == farm.job(job["id"])["version_id"] is not None


def test_a_job_cancelled_while_queued_is_not_published_by_the_worker(
    farm: Farm, plate: Path
) -> None:
    from axiom_publisher.db import farm_jobs, open_database

    job = farm.submit(plate)
    database = open_database(farm.db_url)
    try:
        database.run(lambda s: farm_jobs.cancel_job(s, job["id"]))
    finally:
        database.dispose()
    _finish(farm.worker("node-d", "--burst"))
    cancelled = farm.job(job["id"])
    assert (cancelled["status"], cancelled["worker_host"]) == ("cancelled", None)
    assert farm.versions() == []
