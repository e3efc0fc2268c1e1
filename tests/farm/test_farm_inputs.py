"""What a farm publish was made from: `axiom publish --farm --depends-on V` records the input
on the job, and the worker records it on the version as the in-process publish does; a job
recorded by an older submitter (no workfile / loads / inputs in its payload) still runs.
Real Redis child, real `axiom worker` processes, SQLite and PostgreSQL."""

from __future__ import annotations

import subprocess
from pathlib import Path

from axiom_publisher.db import farm_jobs, open_database
from axiom_publisher.media.synth import write_sequence
from axiom_publisher.publish.jobs.publish_item import PUBLISH_KIND, PublishRequest
from tests.farm.conftest import Farm

OLD_KEYS = ("workfile", "workfile_sha256", "loads", "inputs")


def _finish(worker: subprocess.Popen[bytes], timeout: float = 180) -> str:
    output, _ = worker.communicate(timeout=timeout)
    text = output.decode(errors="replace")
    assert worker.returncode == 0, text
    return text


def test_depends_on_travels_with_a_farm_publish(farm: Farm, plate: Path, tmp_path: Path) -> None:
    used = farm.ok(
        "publish", plate, "--project", "proj", "--shot", "sh010", "--product", "bg",
        "--allow-qc-fail", "test plate",
    )  # fmt: skip
    write_sequence(tmp_path / "comp", "comp", 1001, 1010, width=64, height=36)
    job = farm.ok(
        "publish", tmp_path / "comp", "--project", "proj", "--shot", "sh010",
        "--product", "comp", "--depends-on", "proj/sh010/main/bg/v001", "--farm",
    )  # fmt: skip
    assert job["payload"]["inputs"] == [used["id"]]

    _finish(farm.worker("node-i", "--burst"))

    done = farm.job(job["id"])
    assert done["status"] == "done", done["error"]
    found = farm.ok("deps", str(done["version_id"]))
    assert [(link["version_id"], link["kind"]) for link in found["links"]] == [
        (used["id"], "input")
    ]
    users = farm.ok("deps", str(used["id"]), "--reverse")
    assert [link["version_id"] for link in users["links"]] == [done["version_id"]]


def test_a_job_recorded_without_the_new_keys_still_runs(farm: Farm, plate: Path) -> None:
    job = farm.submit(plate)
    old = {key: value for key, value in job["payload"].items() if key not in OLD_KEYS}
    request = PublishRequest.from_json(old)
    assert (request.workfile, request.loads, request.inputs) == (None, (), ())
    database = open_database(farm.db_url)
    try:  # as an older submitter recorded it
        database.run(lambda s: farm_jobs.cancel_job(s, job["id"]))
        recorded = database.run(
            lambda s: farm_jobs.create_job(s, PUBLISH_KIND, old, "old-key", "someone")
        )
    finally:
        database.dispose()
    ran = farm.ok("job", "run", str(recorded.id))
    assert (ran["status"], ran["error"]) == ("done", None)
    assert farm.ok("deps", str(ran["version_id"]))["links"] == []
    assert farm.versions() == [(1, "published")]
