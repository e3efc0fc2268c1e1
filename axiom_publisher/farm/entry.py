"""What the farm runs: `perform_job(job_id)`, the function every RQ job of AXIOM names.

It runs the recorded job with this worker's settings (`axiom worker`'s --db/--root/--config,
kept here for its work horses: a forked horse inherits them), or, outside a worker, the
settings of the environment. Only the job id travels through Redis: no path, no credential.

A worker opens its database once, before its first fork (`open_worker_database`, db.forked):
its horses inherit the engine with the ORM configured and the frame's statements compiled,
forget the parent's connections (`after_fork`), and check per job with one SELECT that the
schema is still this client's, instead of opening the database again in every horse.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from axiom_publisher.config import Settings, load_settings
from axiom_publisher.core.errors import AxiomError, BadInputError
from axiom_publisher.core.farm import FarmJobRecord
from axiom_publisher.core.secrets import mask_secrets
from axiom_publisher.db import Database, Session, farm_jobs, open_database
from axiom_publisher.db.forked import after_fork as forget_inherited
from axiom_publisher.db.forked import prepare_for_fork, require_current_schema
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.jobs.ingest_item import run_ingest_job
from axiom_publisher.publish.jobs.ingest_run import INGEST_KIND
from axiom_publisher.publish.jobs.publish_item import PUBLISH_KIND, run_publish_job
from axiom_publisher.publish.jobs.rebuild_item import REBUILD_KIND, run_rebuild_job
from axiom_publisher.publish.jobs.verify_job import VERIFY_KIND, run_verify_job
from axiom_publisher.publish.jobs.warm import warm_process, warm_up

PERFORM = "axiom_publisher.farm.entry.perform_job"
log = logging.getLogger(__name__)

_worker_settings: list[Settings] = []
_worker_database: list[Database] = []

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


def open_worker_database(settings: Settings) -> bool:
    """The database the jobs of this worker run on, opened (its schema checked) and warmed
    up once here, before any fork, its connections closed again (db.forked), and what the
    jobs' analysis loads once per process loaded (publish.jobs.warm). False, with a
    warning, when it cannot be opened now: each job then opens it itself, as `axiom job
    run` does, and fails with the reason if it still cannot."""
    _worker_database.clear()
    warm_process(settings)
    try:
        database = open_database(settings.db_url)
    except AxiomError as error:
        log.warning("the farm worker's database is not open yet: %s", mask_secrets(str(error)))
        return False
    try:
        prepare_for_fork(database, warm_up)
    except Exception as error:  # noqa: BLE001 - the jobs open it themselves
        log.warning("the farm worker's warm-up failed: %s", mask_secrets(str(error)))
        database.dispose()
        return False
    _worker_database.append(database)
    return True


def after_fork() -> None:
    """First thing in a work horse: the parent's pooled connections forgotten, never closed."""
    for database in _worker_database:
        forget_inherited(database)


def _shared_database(settings: Settings) -> Database | None:
    if _worker_database and _worker_settings and settings is _worker_settings[0]:
        return _worker_database[0]
    return None


def perform_job(job_id: int) -> int | None:
    """Run farm job `job_id`; the version it published (None when it made none)."""
    return run_job(job_settings(), job_id).version_id


def run_job(settings: Settings, job_id: int, *, take_over: bool = False) -> FarmJobRecord:
    """Run recorded job `job_id` in this process (`axiom job run ID`, or a worker).

    `take_over`: run it even if its row says running (a farm manager running it again
    knows that its earlier run is dead)."""
    shared = _shared_database(settings)
    if shared is None:
        with open_catalog_database(settings) as database:  # one connection for the whole job
            return _run_on(database, settings, job_id, take_over, check_schema=False)
    try:
        return _run_on(shared, settings, job_id, take_over, check_schema=True)
    finally:
        shared.dispose()  # this job's connection closed; the engine stays warm


def _run_on(
    database: Database, settings: Settings, job_id: int, take_over: bool, *, check_schema: bool
) -> FarmJobRecord:
    def read(session: Session) -> FarmJobRecord:
        if check_schema:  # the worker opened it: a newer AXIOM may have upgraded it since
            require_current_schema(session, database)
        return farm_jobs.get_job(session, job_id)

    job = database.run(read)
    runner = RUNNERS.get(job.kind)
    if runner is None:
        raise BadInputError(
            f"farm job {job_id} is a {job.kind} job, which this AXIOM version does not run yet"
        )
    return runner(settings, job_id, take_over=take_over, database=database)
