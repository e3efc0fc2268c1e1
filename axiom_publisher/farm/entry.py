"""What the farm runs: `perform_job(job_id)`, the function every RQ job of AXIOM names.

It runs the recorded job with this worker's settings (`axiom worker`'s --db/--root/--config,
kept here for its work horses: a forked horse inherits them), or, outside a worker, the
settings of the environment. Only the job id travels through Redis: no path, no credential.
"""

from __future__ import annotations

from collections.abc import Callable

from axiom_publisher.config import Settings, load_settings
from axiom_publisher.core.errors import BadInputError
from axiom_publisher.core.farm import FarmJobRecord
from axiom_publisher.db import farm_jobs
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.jobs.ingest_item import run_ingest_job
from axiom_publisher.publish.jobs.ingest_run import INGEST_KIND
from axiom_publisher.publish.jobs.publish_item import PUBLISH_KIND, run_publish_job
from axiom_publisher.publish.jobs.rebuild_item import REBUILD_KIND, run_rebuild_job
from axiom_publisher.publish.jobs.verify_job import VERIFY_KIND, run_verify_job

PERFORM = "axiom_publisher.farm.entry.perform_job"

_worker_settings: list[Settings] = []

Runner = Callable[..., FarmJobRecord]
RUNNERS: dict[str, Runner] = {
    PUBLISH_KIND: run_publish_job,
    INGEST_KIND: run_ingest_job,
    VERIFY_KIND: run_verify_job,
    REBUILD_KIND: run_rebuild_job,
}


def use_settings(settings: Settings) -> None:
    """The settings the jobs of this process run with (set by the worker)."""
    _worker_settings[:] = [settings]


def job_settings() -> Settings:
    return _worker_settings[0] if _worker_settings else load_settings()


def perform_job(job_id: int) -> int | None:
    """Run farm job `job_id`; the version it published (None when it made none)."""
    return run_job(job_settings(), job_id).version_id


def run_job(settings: Settings, job_id: int, *, take_over: bool = False) -> FarmJobRecord:
    """Run recorded job `job_id` in this process (`axiom job run ID`, or a worker).

    `take_over`: run it even if its row says running (a farm manager running it again
    knows that its earlier run is dead)."""
    with open_catalog_database(settings) as database:  # one connection for the whole job
        job = database.run(lambda s: farm_jobs.get_job(s, job_id))
        runner = RUNNERS.get(job.kind)
        if runner is None:
            raise BadInputError(
                f"farm job {job_id} is a {job.kind} job, which this AXIOM version does not run yet"
            )
        return runner(settings, job_id, take_over=take_over, database=database)
