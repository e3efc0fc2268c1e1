"""`axiom verify --farm` and the node checks every job makes at its start: real Redis, real
`axiom worker` processes, SQLite and PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.farm.conftest import REPO, Farm
from tests.farm.test_farm_publish import _finish


def test_verify_runs_on_a_worker_and_records_its_report(farm: Farm, plate: Path) -> None:
    farm.ok("publish", plate, "--project", "proj", "--shot", "sh010", "--product", "plate")
    job = farm.ok("verify", "--project", "proj", "--farm")
    assert (job["kind"], job["status"], job["payload"]["project"]) == ("verify", "queued", "proj")

    _finish(farm.worker("node-v", "--burst"))

    done = farm.job(job["id"])
    assert done["status"] == "done", done
    result = done["payload"]["result"]
    assert result["clean"] and result["versions_checked"] == 1 and result["files_checked"] > 10

    published = next(path for path in sorted(farm.root.rglob("*.png")) if "v001" in str(path))
    os.chmod(published.parent, 0o755)
    published.unlink()  # a published frame goes missing
    failing = farm.ok("verify", "--project", "proj", "--farm")
    code, _, err = farm("job", "run", str(failing["id"]))
    assert code == 1, err
    ended = farm.job(failing["id"])
    assert ended["status"] == "failed" and "problem(s) it did not repair" in ended["error"]
    problems = ended["payload"]["result"]["problems"]
    assert any(problem["path"].endswith(published.name) for problem in problems), problems


def test_a_worker_that_does_not_see_the_publish_root_fails_the_job_naming_it(
    farm: Farm, plate: Path, tmp_path: Path
) -> None:
    job = farm.submit(plate)
    elsewhere = tmp_path / "not-mounted"
    run = subprocess.run(
        [sys.executable, "-m", "axiom_publisher", "--db", farm.db_url, "--root", str(elsewhere),
         "job", "run", str(job["id"])],
        cwd=REPO, capture_output=True, text=True, timeout=120,
        env=dict(os.environ, AXIOM_WORKER_HOST="node-x"),
    )  # fmt: skip
    assert run.returncode == 3, run.stderr
    message = f"the publish root {elsewhere} is not visible from worker node-x"
    assert message in run.stderr
    failed = farm.job(job["id"])
    assert failed["status"] == "failed" and message in failed["error"]
    assert farm.versions() == []
