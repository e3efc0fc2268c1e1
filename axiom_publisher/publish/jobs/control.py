"""Reading and steering recorded farm jobs: list, cancel, retry (the CLI and the Farm panel).

The database is the record: cancelling writes 'cancelled' on the row, and the job's worker
stops between frames when its reporter reads it back (a queued job is skipped by the worker
that picks it up). Retrying makes a failed or cancelled job queued again with the same
idempotency key and the version it reserved, so that a job that already published reports
its version instead of publishing twice; the caller's `enqueue` (the farm layer's RQ queue)
queues it again.
"""

from __future__ import annotations

from collections.abc import Callable

from axiom_publisher.config import Settings
from axiom_publisher.core.errors import AxiomError, BadInputError
from axiom_publisher.core.farm import FarmJobRecord
from axiom_publisher.core.secrets import mask_secrets
from axiom_publisher.db import farm_jobs
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.jobs.ingest_run import INGEST_KIND, settle_run

Enqueue = Callable[[FarmJobRecord], str]  # queues the job; the queue's id for it


def list_jobs(
    settings: Settings,
    *,
    limit: int = 200,
    statuses: tuple[str, ...] = (),
    kinds: tuple[str, ...] = (),
    ids: tuple[int, ...] = (),
) -> list[FarmJobRecord]:
    """The newest `limit` recorded jobs (of these statuses / kinds / ids), newest first."""
    with open_catalog_database(settings) as database:
        return database.run(
            lambda s: farm_jobs.list_jobs(s, limit, statuses=statuses, kinds=kinds, ids=ids)
        )


def get_job(settings: Settings, job_id: int) -> FarmJobRecord:
    with open_catalog_database(settings) as database:
        return database.run(lambda s: farm_jobs.get_job(s, job_id))


def cancel_job(settings: Settings, job_id: int) -> FarmJobRecord:
    """Cancel a queued, running or failed job; the job as recorded afterwards.

    BadInputError for a done job (its version is published: nothing to cancel)."""
    with open_catalog_database(settings) as database:
        database.run(lambda s: farm_jobs.cancel_job(s, job_id))
        return database.run(lambda s: farm_jobs.get_job(s, job_id))


def retry_job(settings: Settings, job_id: int, enqueue: Enqueue) -> FarmJobRecord:
    """Make failed or cancelled job `job_id` queued again and `enqueue` it; the job.

    BadInputError when the job is queued, running or done. If `enqueue` fails, the row
    says failed with the reason and the error is raised."""
    with open_catalog_database(settings) as database:
        job = database.run(lambda s: farm_jobs.get_job(s, job_id))
        if not database.run(lambda s: farm_jobs.requeue_job(s, job_id)):
            raise BadInputError(
                f"farm job {job_id} is {job.status}: only a failed or cancelled job is retried"
                + ("" if job.status == "done" else "; cancel it first to run it again")
            )
        job = database.run(lambda s: farm_jobs.get_job(s, job_id))
        try:
            queue_id = enqueue(job)
        except AxiomError as error:
            reason = mask_secrets(str(error))
            database.run(lambda s: farm_jobs.finish_job(s, job_id, "failed", error=reason))
            raise
        database.run(lambda s: farm_jobs.set_rq_job(s, job_id, queue_id))
        return database.run(lambda s: farm_jobs.get_job(s, job_id))


def lost_job(settings: Settings, job_id: int, *, retried: bool, reason: str) -> FarmJobRecord:
    """A running job whose run died (its worker or its process killed): queued again when
    the farm retries it, else failed with `reason`. An ingest item that failed this way
    may end its run."""
    status = "queued" if retried else "failed"
    error = f"{reason}; queued again" if retried else reason
    with open_catalog_database(settings) as database:
        database.run(lambda s: farm_jobs.lose_job(s, job_id, status, error))
        job = database.run(lambda s: farm_jobs.get_job(s, job_id))
        if job.kind == INGEST_KIND and job.status == "failed":
            settle_run(database, int(job.payload["run_id"]))
        return job
