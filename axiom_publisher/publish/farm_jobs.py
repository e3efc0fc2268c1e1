"""Farm jobs of the publish layer: recording a publish for the farm, and running one.

`record_publish_job` writes the farm_job row (the submitter then queues it: farm layer).
`run_publish_job` is what a worker (`axiom worker`, or any farm manager through
`axiom job run ID`) runs: it checks that the sources are visible from this machine,
publishes with the job's progress written to its row, stops between frames when the row
says 'cancelled', and publishes exactly once: the version it reserves is recorded on the
job row before any file is staged, so a retry of a job that committed v007 and died before
reporting finds v007 published and reports it instead of making v008. (A job killed after
its reservation but before it recorded it leaves at most an expired reservation, which
`axiom verify --repair` cleans; the retry then publishes the one version.)
"""

from __future__ import annotations

import os
import re
import socket
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from axiom_publisher.config import Settings
from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.core.errors import AxiomError, BadInputError, SourceNotFoundError
from axiom_publisher.core.farm import FarmJobRecord
from axiom_publisher.core.secrets import mask_secrets
from axiom_publisher.core.types import EntityKind, ProgressEvent, PublishContext, PublishItem
from axiom_publisher.core.user import current_user
from axiom_publisher.db import Database, Session, farm_jobs, open_database
from axiom_publisher.publish.service import PublishService
from axiom_publisher.publish.sources import looks_like_pattern, resolve_source

PUBLISH_KIND = "publish_item"
# Tests stop a worker between the commit and its report (the exactly-once case).
PAUSE_AFTER_COMMIT = "AXIOM_FARM_TEST_PAUSE_AFTER_COMMIT"
_RESERVED = re.compile(r"v(\d+)$")
_PROGRESS_EVERY = 0.5  # seconds between progress writes within a phase


@dataclass(frozen=True, slots=True)
class PublishRequest:
    """What `axiom publish --farm` records: the paths as this machine names them."""

    context: PublishContext
    paths: tuple[str, ...]
    comment: str = ""
    host: str = "farm"
    colorspace: str | None = None
    qc_override_reason: str | None = None

    def to_json(self) -> dict[str, Any]:
        context = self.context
        return {
            "project": context.project,
            "entity": context.entity,
            "entity_kind": context.entity_kind.value,
            "task": context.task,
            "product": context.product,
            "paths": [os.path.abspath(os.path.expanduser(path)) for path in self.paths],
            "comment": self.comment,
            "host": self.host,
            "colorspace": self.colorspace,
            "qc_override_reason": self.qc_override_reason,
        }

    @classmethod
    def from_json(cls, payload: dict[str, Any]) -> PublishRequest:
        return cls(
            context=PublishContext(
                project=payload["project"],
                entity=payload["entity"],
                task=payload["task"],
                product=payload["product"],
                entity_kind=EntityKind(payload["entity_kind"]),
            ),
            paths=tuple(payload["paths"]),
            comment=payload.get("comment", ""),
            host=payload.get("host", "farm"),
            colorspace=payload.get("colorspace"),
            qc_override_reason=payload.get("qc_override_reason"),
        )


def record_publish_job(database: Database, request: PublishRequest) -> FarmJobRecord:
    """Record a queued publish job (its idempotency key: a new UUID)."""
    payload = request.to_json()
    payload["author"] = current_user()
    key = uuid.uuid4().hex
    return database.run(
        lambda s: farm_jobs.create_job(s, PUBLISH_KIND, payload, key, payload["author"])
    )


def invisible_sources(paths: tuple[str, ...]) -> list[str]:
    """The paths this machine cannot see (a sequence pattern: its folder)."""
    missing = []
    for path in paths:
        seen = Path(path).parent if looks_like_pattern(path) else Path(path)
        if not seen.exists():
            missing.append(path)
    return missing


def worker_host() -> str:
    return os.environ.get("AXIOM_WORKER_HOST") or socket.gethostname()


def run_publish_job(settings: Settings, job_id: int) -> FarmJobRecord:
    """Run recorded publish job `job_id` here; the job's row as it ends.

    Raises (after recording the failure on the row) when the job fails, so that the farm
    manager sees the failure and may retry it."""
    database = open_database(settings.db_url)
    try:
        return _run(settings, database, job_id)
    finally:
        database.dispose()


def _run(settings: Settings, database: Database, job_id: int) -> FarmJobRecord:
    job = database.run(lambda s: farm_jobs.get_job(s, job_id))
    if job.kind != PUBLISH_KIND:
        raise BadInputError(f"farm job {job_id} is a {job.kind} job, not a publish")
    if job.status in ("done", "cancelled"):
        return job
    if job.version_id is not None:  # a retry: did the earlier run publish?
        version_id = job.version_id
        status = database.run(lambda s: farm_jobs.version_status(s, version_id))
        if status == "published":
            database.run(lambda s: farm_jobs.finish_job(s, job_id, "done", version_id=version_id))
            return database.run(lambda s: farm_jobs.get_job(s, job_id))
    host = worker_host()
    database.run(lambda s: farm_jobs.start_job(s, job_id, host))
    request = PublishRequest.from_json(job.payload)
    try:
        missing = invisible_sources(request.paths)
        if missing:
            raise SourceNotFoundError(
                f"farm job {job_id}: {', '.join(missing)} is not visible from worker {host}; "
                "mount it there (the same path as on the submitting machine) or run the job "
                "on a worker that sees it"
            )
        item = PublishItem(
            context=request.context,
            sources=tuple(resolve_source(path) for path in request.paths),
            comment=request.comment,
            author=str(job.payload.get("author") or job.submitted_by),
            host=request.host,
            colorspace=request.colorspace,
            qc_override_reason=request.qc_override_reason,
        )
        reporter = _Reporter(database, job_id, request.context)
        service = PublishService(settings, database)
        record = service.publish(item, reporter, reporter.cancel)
        pause = float(os.environ.get(PAUSE_AFTER_COMMIT) or 0)
        if pause:
            time.sleep(pause)
    except AxiomError as error:
        status = "cancelled" if error.exit_code == 130 else "failed"
        reason = mask_secrets(str(error))
        database.run(lambda s: farm_jobs.finish_job(s, job_id, status, error=reason))
        if status == "cancelled":
            return database.run(lambda s: farm_jobs.get_job(s, job_id))
        raise
    database.run(lambda s: farm_jobs.finish_job(s, job_id, "done", version_id=record.id))
    return database.run(lambda s: farm_jobs.get_job(s, job_id))


class _Reporter:
    """The publish's progress callback: writes it to the job row (a phase change at once,
    otherwise every half second) and cancels when the row says 'cancelled'."""

    def __init__(self, database: Database, job_id: int, context: PublishContext) -> None:
        self.database = database
        self.job_id = job_id
        self.context = context
        self.cancel = CancelToken()
        self._phase = ""
        self._last = 0.0

    def __call__(self, event: ProgressEvent) -> None:
        if event.phase == "reserve" and event.done == event.total == 1:
            self._record_reservation(event.message)
        now = time.monotonic()
        if event.phase == self._phase and now - self._last < _PROGRESS_EVERY:
            return
        self._phase, self._last = event.phase, now
        job_id = self.job_id
        status = self.database.run(
            lambda s: farm_jobs.report_progress(s, job_id, event.phase, event.done, event.total)
        )
        if status == "cancelled":
            self.cancel.cancel()

    def _record_reservation(self, message: str) -> None:
        match = _RESERVED.search(message)
        if match is None:
            raise RuntimeError(f"the reservation event {message!r} names no version number")
        number, job_id, context = int(match[1]), self.job_id, self.context

        def record(session: Session) -> None:
            version_id = farm_jobs.version_id_of(session, context, number)
            if version_id is not None:
                farm_jobs.record_version(session, job_id, version_id)

        self.database.run(record)
