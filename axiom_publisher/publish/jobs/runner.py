"""Running one recorded farm job on this machine: the frame every job kind shares.

`run_recorded` claims the job's row (queued, or failed and being retried; a farm manager's
`axiom job run` also takes over a running one), checks that this worker sees the publish
root and the job's sources (a failure names the path and the worker), runs the kind's body
with a `JobReporter` (progress on the row, a cancel read back from the row between frames),
and writes how it ended: done (with the version it made), cancelled, or failed with the
reason, for any error (a bug or RQ's job timeout too, so no row is left 'running').

A job that already published (its row names a published version) ends done at once without
running again: that, and recording the reserved version before staging, is exactly once.
"""

from __future__ import annotations

import contextlib
import os
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from axiom_publisher.config import Settings
from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.core.errors import (
    AxiomError,
    BadInputError,
    PublishAreaUnavailableError,
    SourceNotFoundError,
)
from axiom_publisher.core.farm import FarmJobRecord
from axiom_publisher.core.secrets import mask_secrets
from axiom_publisher.core.types import ProgressEvent
from axiom_publisher.db import Database, Session, farm_jobs, open_database
from axiom_publisher.publish.sources import looks_like_pattern

PROGRESS_EVERY = 0.5  # seconds between progress writes within a phase
HOST_VARIABLE = "AXIOM_WORKER_HOST"
# Tests slow every progress step down by this many seconds (to cancel or kill mid-job).
SLOW_STEPS = "AXIOM_FARM_TEST_STEP_SECONDS"


def worker_host() -> str:
    """The name this worker records on its jobs: AXIOM_WORKER_HOST, or the host name."""
    return os.environ.get(HOST_VARIABLE) or socket.gethostname()


def _last_step(event: ProgressEvent) -> bool:
    """The end of a phase worth showing at once (a version reserved, published)."""
    return event.phase in ("reserve", "commit") and event.done == event.total > 0


class JobReporter:
    """A job's progress callback: writes the progress to the job's row (at most every
    PROGRESS_EVERY seconds; a version reserved and a commit's end at once), records the
    version a publish reserved (the reserve event carries its id) in the same transaction,
    and cancels `cancel` when the row says 'cancelled' (so a cancel is honoured between
    frames)."""

    def __init__(self, database: Database, job_id: int) -> None:
        self.database = database
        self.job_id = job_id
        self.cancel = CancelToken()
        self._last = time.monotonic()  # the claim has just written the row (and read it)
        self._slow = float(os.environ.get(SLOW_STEPS) or 0)

    def __call__(self, event: ProgressEvent) -> None:
        job_id = self.job_id
        if self._slow:
            time.sleep(self._slow)
        reserved = event.version_id if event.phase == "reserve" else None
        now = time.monotonic()
        if reserved is None and now - self._last < PROGRESS_EVERY and not _last_step(event):
            return
        self._last = now

        def write(session: Session) -> str:
            if reserved is not None:  # before any file is staged: a retry finds it
                farm_jobs.record_version(session, job_id, reserved)
            return farm_jobs.report_progress(session, job_id, event.phase, event.done, event.total)

        if self.database.run(write) == "cancelled":
            self.cancel.cancel()


@dataclass(frozen=True, slots=True)
class JobRun:
    """What a job kind's body gets: this worker's settings and database, the claimed job.

    `ending`: payload values the body leaves to be written with the job's end, in the
    transaction that marks it done (a result and its end are seen together)."""

    settings: Settings
    database: Database
    job: FarmJobRecord
    host: str
    reporter: JobReporter
    ending: dict[str, Any] = field(default_factory=dict)


JobBody = Callable[[JobRun], "int | None"]
# Called after the job's run has ended, whatever the end (an ingest run is finished then).
AfterJob = Callable[[Database, FarmJobRecord], None]


def invisible_paths(paths: Iterable[str]) -> list[str]:
    """The paths this machine cannot see (a sequence pattern: its folder)."""
    missing = []
    for path in paths:
        seen = Path(path).parent if looks_like_pattern(path) else Path(path)
        if not seen.exists():
            missing.append(path)
    return missing


def check_visible(settings: Settings, job_id: int, host: str, sources: Iterable[str]) -> None:
    """This worker sees the publish root and every source, or an error naming the path."""
    root = settings.publish_root
    if not root.is_dir():
        raise PublishAreaUnavailableError(
            f"farm job {job_id}: the publish root {root} is not visible from worker {host}; "
            "mount it there or set the worker's AXIOM_PUBLISH_ROOT / --root"
        )
    missing = invisible_paths(sources)
    if missing:
        raise SourceNotFoundError(
            f"farm job {job_id}: {', '.join(missing)} is not visible from worker {host}; "
            "mount it there (the same path as on the submitting machine) or run the job "
            "on a worker that sees it"
        )


def run_recorded(
    settings: Settings,
    job_id: int,
    kind: str,
    body: JobBody,
    *,
    sources: Callable[[FarmJobRecord], Iterable[str]] = lambda job: (),
    take_over: bool = False,
    after: AfterJob | None = None,
    database: Database | None = None,
) -> FarmJobRecord:
    """Run recorded job `job_id` of `kind` here with `body`; its row as it ends.

    Raises (after writing the failure on the row) when the job fails, so that the farm
    manager sees the failure and may retry it. `database`: the caller's, already open
    (it stays open); else this worker's is opened for the job and closed after it."""
    if database is not None:
        return _run_in(settings, database, job_id, kind, body, sources, take_over, after)
    database = open_database(settings.db_url)
    try:
        return _run_in(settings, database, job_id, kind, body, sources, take_over, after)
    finally:
        database.dispose()


def _run_in(
    settings: Settings,
    database: Database,
    job_id: int,
    kind: str,
    body: JobBody,
    sources: Callable[[FarmJobRecord], Iterable[str]],
    take_over: bool,
    after: AfterJob | None,
) -> FarmJobRecord:
    try:
        ended = _run(settings, database, job_id, kind, body, sources, take_over)
    except BaseException:
        if after is not None:
            with contextlib.suppress(Exception):  # the job's own error is the one to see
                after(database, database.run(lambda s: farm_jobs.get_job(s, job_id)))
        raise
    if after is not None:
        after(database, ended)
    return ended


def _run(
    settings: Settings,
    database: Database,
    job_id: int,
    kind: str,
    body: JobBody,
    sources: Callable[[FarmJobRecord], Iterable[str]],
    take_over: bool,
) -> FarmJobRecord:
    host = worker_host()
    job, claimed = database.run(lambda s: _claim(s, job_id, kind, host, take_over))
    if not claimed:
        return job
    reporter = JobReporter(database, job_id)
    run = JobRun(settings, database, job, host, reporter)
    try:
        check_visible(settings, job_id, host, sources(job))
        made = body(run)
    except BaseException as error:
        _record_end(database, job_id, error)
        if isinstance(error, AxiomError) and error.exit_code == 130:
            return database.run(lambda s: farm_jobs.get_job(s, job_id))
        raise
    return database.run(lambda s: _done(s, job_id, made, run.ending))


def _claim(
    session: Session, job_id: int, kind: str, host: str, take_over: bool
) -> tuple[FarmJobRecord, bool]:
    """One transaction: the job read, its retry's earlier publish found, and the job claimed
    for `host`: (the job, True when claimed and to be run here)."""
    job = farm_jobs.get_job(session, job_id)
    if job.kind != kind:
        raise BadInputError(f"farm job {job_id} is a {job.kind} job, not a {kind} job")
    if job.status in ("done", "cancelled"):
        return job, False
    version_id = job.version_id
    if version_id is not None and farm_jobs.version_status(session, version_id) == "published":
        # a retry whose earlier run published: that version is the job's, never a second
        farm_jobs.finish_job(session, job_id, "done", version_id=version_id)
        return farm_jobs.get_job(session, job_id), False
    claimed = farm_jobs.start_job(session, job_id, host, take_over=take_over)
    if claimed is None:  # cancelled meanwhile, or another run of it is working
        session.expire_all()  # the row as that other writer left it
        return farm_jobs.get_job(session, job_id), False
    return claimed, True


def _done(session: Session, job_id: int, made: int | None, ending: dict[str, Any]) -> FarmJobRecord:
    """One transaction: the body's last payload values, the job done, the job read."""
    if ending:
        farm_jobs.merge_payload(session, job_id, ending)
    farm_jobs.finish_job(session, job_id, "done", version_id=made)
    return farm_jobs.get_job(session, job_id)


def _record_end(database: Database, job_id: int, error: BaseException) -> None:
    """Write a failure (or the cancel) on the row; never hide the job's own error."""
    cancelled = isinstance(error, AxiomError) and error.exit_code == 130
    reason = mask_secrets(str(error) or type(error).__name__)
    if not isinstance(error, AxiomError):
        reason = f"{type(error).__name__}: {reason}"
    status = "cancelled" if cancelled else "failed"
    # The database went away: the row stays running, and the sweep settles it.
    with contextlib.suppress(Exception):
        database.run(lambda s: farm_jobs.finish_job(s, job_id, status, error=reason))
