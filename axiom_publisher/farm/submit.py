"""Sending work to the farm: record the farm_job row first, then queue it on RQ."""

from __future__ import annotations

from axiom_publisher.config import Settings
from axiom_publisher.core.errors import AxiomError
from axiom_publisher.core.farm import FarmJobRecord
from axiom_publisher.core.secrets import mask_secrets
from axiom_publisher.db import farm_jobs
from axiom_publisher.farm.entry import PERFORM
from axiom_publisher.farm.queue import FarmQueue
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.farm_jobs import PublishRequest, record_publish_job


def submit_publish(
    settings: Settings, request: PublishRequest, queue: str | None = None
) -> FarmJobRecord:
    """Record the publish as a queued job and queue it; the job as recorded.

    If Redis refuses it, the job row says failed with the reason, and the error is raised."""
    farm = FarmQueue.open(settings.farm, queue)  # an unreachable farm records nothing
    with open_catalog_database(settings) as database:
        job = record_publish_job(database, request)
        try:
            rq_id = farm.submit(PERFORM, job.id, description=f"axiom farm job {job.id}")
        except AxiomError as error:
            reason = mask_secrets(str(error))
            database.run(lambda s: farm_jobs.finish_job(s, job.id, "failed", error=reason))
            raise
        database.run(lambda s: farm_jobs.set_rq_job(s, job.id, rq_id))
        return database.run(lambda s: farm_jobs.get_job(s, job.id))
