"""Sending work to the farm: record the farm_job row first, then queue it on RQ; retry."""

from __future__ import annotations

from collections.abc import Callable

from axiom_publisher.config import Settings
from axiom_publisher.core.errors import AxiomError
from axiom_publisher.core.farm import FarmJobRecord
from axiom_publisher.core.ingest import IngestPlan
from axiom_publisher.core.secrets import mask_secrets
from axiom_publisher.core.user import current_user
from axiom_publisher.db import Database, farm_jobs
from axiom_publisher.farm.entry import PERFORM
from axiom_publisher.farm.queue import FarmQueue
from axiom_publisher.publish import jobs
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.jobs.ingest_run import record_ingest_run, settle_run
from axiom_publisher.publish.jobs.publish_item import PublishRequest, record_publish_job
from axiom_publisher.publish.jobs.rebuild_item import record_rebuild_job
from axiom_publisher.publish.jobs.verify_job import record_verify_job


def enqueuer(farm: FarmQueue) -> Callable[[FarmJobRecord], str]:
    """Queue a recorded job on `farm` (only its id travels): the RQ job id."""

    def enqueue(job: FarmJobRecord) -> str:
        return farm.submit(PERFORM, job.id, description=f"axiom farm job {job.id} ({job.kind})")

    return enqueue


def queue_recorded(database: Database, farm: FarmQueue, job: FarmJobRecord) -> FarmJobRecord:
    """Queue recorded job `job`; if Redis refuses it, its row says failed and it raises."""
    try:
        rq_id = enqueuer(farm)(job)
    except AxiomError as error:
        reason = mask_secrets(str(error))
        database.run(lambda s: farm_jobs.finish_job(s, job.id, "failed", error=reason))
        raise
    database.run(lambda s: farm_jobs.set_rq_job(s, job.id, rq_id))
    return database.run(lambda s: farm_jobs.get_job(s, job.id))


def submit_publish(
    settings: Settings, request: PublishRequest, queue: str | None = None
) -> FarmJobRecord:
    """Record the publish as a queued job and queue it; the job as recorded.

    If Redis refuses it, the job row says failed with the reason, and the error is raised."""
    farm = FarmQueue.open(settings.farm, queue)  # an unreachable farm records nothing
    with open_catalog_database(settings) as database:
        job = record_publish_job(database, request)
        return queue_recorded(database, farm, job)


def retry_job(settings: Settings, job_id: int, queue: str | None = None) -> FarmJobRecord:
    """Queue failed or cancelled job `job_id` again (same idempotency key: a job that
    published reports its version instead of publishing twice); the job as recorded."""
    farm = FarmQueue.open(settings.farm, queue)  # an unreachable farm changes nothing
    return jobs.retry_job(settings, job_id, enqueuer(farm))


def cancel_job(settings: Settings, job_id: int) -> FarmJobRecord:
    """Cancel job `job_id` (the record says so; its worker stops between frames)."""
    return jobs.cancel_job(settings, job_id)


def submit_ingest(
    settings: Settings,
    plan: IngestPlan,
    *,
    allow_duplicates: bool = False,
    colorspace: str | None = None,
    queue: str | None = None,
) -> tuple[int, list[FarmJobRecord]]:
    """Record an ingest run of `plan` and queue one job per matched item: (run id, jobs).

    The run is finished by the worker that ends its last item (at once if it has none)."""
    farm = FarmQueue.open(settings.farm, queue)  # an unreachable farm records nothing
    with open_catalog_database(settings) as database:
        run_id, recorded = record_ingest_run(
            database, plan, current_user(), allow_duplicates=allow_duplicates,
            colorspace=colorspace,
        )  # fmt: skip
        try:
            queued = [queue_recorded(database, farm, job) for job in recorded]
        finally:
            settle_run(database, run_id)  # no item, or Redis refused them: the run ends
        return run_id, queued


def submit_verify(
    settings: Settings,
    project: str | None = None,
    *,
    repair: bool = False,
    queue: str | None = None,
) -> FarmJobRecord:
    """Record a verify of `project` (None: all) as a queued job and queue it."""
    farm = FarmQueue.open(settings.farm, queue)
    with open_catalog_database(settings) as database:
        job = record_verify_job(database, project, repair=repair)
        return queue_recorded(database, farm, job)


def submit_rebuild(
    settings: Settings,
    version_ids: list[int],
    *,
    reason: str = "",
    thumbnail_frame: int | None = None,
    queue: str | None = None,
) -> list[FarmJobRecord]:
    """Record a rebuild of each version's review media as a queued job and queue it."""
    farm = FarmQueue.open(settings.farm, queue)  # an unreachable farm records nothing
    with open_catalog_database(settings) as database:
        return [
            queue_recorded(
                database, farm,
                record_rebuild_job(database, version_id, reason=reason,
                                   thumbnail_frame=thumbnail_frame),
            )
            for version_id in version_ids
        ]  # fmt: skip
