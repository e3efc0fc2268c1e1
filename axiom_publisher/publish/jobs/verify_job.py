"""The verify farm job: `axiom verify [--project P] [--repair]` on a render node.

The node must see the publish root (jobs.runner checks it). The report is written on the
job's row (`payload.result`: clean, counts, problems, repairs); problems left unrepaired
end the job failed with their count, so the Farm panel and `axiom jobs` show it.
"""

from __future__ import annotations

import uuid
from typing import Any

from axiom_publisher.config import Settings
from axiom_publisher.core.errors import VerifyProblemsError
from axiom_publisher.core.farm import FarmJobRecord
from axiom_publisher.core.names import validate_name
from axiom_publisher.core.types import VerifyReport
from axiom_publisher.core.user import current_user
from axiom_publisher.db import Database, farm_jobs
from axiom_publisher.publish.jobs.runner import JobRun, run_recorded
from axiom_publisher.publish.verify import verify

VERIFY_KIND = "verify"
SHOWN_PROBLEMS = 200  # at most this many problems on the row (the counts are whole)


def record_verify_job(
    database: Database, project: str | None = None, *, repair: bool = False
) -> FarmJobRecord:
    """Record a queued verify job of `project` (None: every project)."""
    if project is not None:
        validate_name(project, "project")
    user = current_user()
    payload = {"project": project, "repair": repair, "author": user}
    key = uuid.uuid4().hex
    return database.run(lambda s: farm_jobs.create_job(s, VERIFY_KIND, payload, key, user))


def report_json(report: VerifyReport) -> dict[str, Any]:
    return {
        "clean": report.clean,
        "versions_checked": report.versions_checked,
        "files_checked": report.files_checked,
        "problem_count": len(report.problems),
        "problems": [
            {"kind": p.kind, "path": p.path, "message": p.message,
             "version_id": p.version_id, "repaired": p.repaired}
            for p in report.problems[:SHOWN_PROBLEMS]
        ],
        "repairs": report.repairs[:SHOWN_PROBLEMS],
    }  # fmt: skip


def run_verify_job(
    settings: Settings, job_id: int, *, take_over: bool = False, database: Database | None = None
) -> FarmJobRecord:
    """Run recorded verify job `job_id` here; the job's row as it ends."""
    return run_recorded(
        settings, job_id, VERIFY_KIND, _verify, take_over=take_over, database=database
    )


def _verify(run: JobRun) -> None:
    payload = run.job.payload
    report = verify(
        run.database, run.settings, project=payload.get("project"),
        repair=bool(payload.get("repair")),
    )  # fmt: skip
    job_id, result = run.job.id, report_json(report)
    run.database.run(lambda s: farm_jobs.merge_payload(s, job_id, {"result": result}))
    if not report.clean:
        left = sum(1 for problem in report.problems if not problem.repaired)
        raise VerifyProblemsError(
            f"verify found {left} problem(s) it did not repair (the job's result lists them; "
            "`axiom verify --repair` repairs what it can)"
        )
