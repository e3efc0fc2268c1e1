"""Farm job repository functions: the farm_job rows the submitters write and workers report to.

Times are the database server's (server_now()); a job's status only moves forward from
queued to running to done / failed / cancelled, except that a retry may run it again.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from axiom_publisher.core.errors import BadInputError, UnknownEntityError
from axiom_publisher.core.farm import JOB_KINDS, FarmJobRecord
from axiom_publisher.core.types import PublishContext
from axiom_publisher.db.clock import server_now
from axiom_publisher.db.models import Entity, FarmJob, Product, Project, Version


def _record(row: FarmJob) -> FarmJobRecord:
    return FarmJobRecord(
        id=row.id,
        kind=row.kind,
        status=row.status,
        payload=dict(row.payload),
        idempotency_key=row.idempotency_key,
        submitted_by=row.submitted_by,
        rq_job_id=row.rq_job_id,
        worker_host=row.worker_host,
        progress_done=row.progress_done,
        progress_total=row.progress_total,
        progress_phase=row.progress_phase,
        version_id=row.version_id,
        error=row.error,
        created_at=row.created_at,
        started_at=row.started_at,
        ended_at=row.ended_at,
    )


def create_job(
    session: Session, kind: str, payload: dict[str, Any], key: str, submitted_by: str
) -> FarmJobRecord:
    """Record a queued job; `key` (unique) identifies its work across retries."""
    if kind not in JOB_KINDS:
        raise BadInputError(f"{kind!r} is not a farm job kind; use one of {JOB_KINDS}")
    row = FarmJob(
        kind=kind,
        status="queued",
        payload=payload,
        idempotency_key=key,
        submitted_by=submitted_by,
        progress_done=0,
        progress_total=0,
    )
    session.add(row)
    session.flush()
    session.refresh(row)
    return _record(row)


def _row(session: Session, job_id: int) -> FarmJob:
    row = session.get(FarmJob, job_id)
    if row is None:
        raise UnknownEntityError(f"there is no farm job {job_id}; `axiom jobs` lists them")
    return row


def get_job(session: Session, job_id: int) -> FarmJobRecord:
    return _record(_row(session, job_id))


def list_jobs(session: Session, limit: int = 200) -> list[FarmJobRecord]:
    """The newest `limit` jobs, newest first."""
    rows = session.scalars(select(FarmJob).order_by(FarmJob.id.desc()).limit(limit))
    return [_record(row) for row in rows]


def set_rq_job(session: Session, job_id: int, rq_job_id: str) -> None:
    session.execute(update(FarmJob).where(FarmJob.id == job_id).values(rq_job_id=rq_job_id))


def start_job(session: Session, job_id: int, host: str) -> FarmJobRecord:
    """Mark the job running on `host` (a retry runs it again: its error is cleared)."""
    row = _row(session, job_id)
    row.status = "running"
    row.worker_host = host
    row.error = None
    row.started_at = server_now()
    row.ended_at = None
    session.flush()
    session.refresh(row)
    return _record(row)


def report_progress(session: Session, job_id: int, phase: str, done: int, total: int) -> str:
    """Write the job's progress; its status (a cancel shows there as 'cancelled')."""
    session.execute(
        update(FarmJob)
        .where(FarmJob.id == job_id)
        .values(progress_phase=phase[:32], progress_done=done, progress_total=total)
    )
    return str(session.scalar(select(FarmJob.status).where(FarmJob.id == job_id)))


def job_status(session: Session, job_id: int) -> str:
    return _row(session, job_id).status


def record_version(session: Session, job_id: int, version_id: int) -> None:
    """The version this job reserved (so a retry finds it)."""
    session.execute(update(FarmJob).where(FarmJob.id == job_id).values(version_id=version_id))


def finish_job(
    session: Session,
    job_id: int,
    status: str,
    *,
    version_id: int | None = None,
    error: str | None = None,
) -> None:
    values: dict[str, Any] = {"status": status, "error": error, "ended_at": server_now()}
    if version_id is not None:
        values["version_id"] = version_id
    session.execute(update(FarmJob).where(FarmJob.id == job_id).values(**values))


def cancel_job(session: Session, job_id: int) -> None:
    """Ask a queued or running job to stop (the worker checks between frames)."""
    row = _row(session, job_id)
    if row.status in ("queued", "running"):
        row.status = "cancelled"
        row.ended_at = server_now()


def version_id_of(session: Session, context: PublishContext, number: int) -> int | None:
    """The id of version `number` of the product `context` names (None if there is none)."""
    return session.scalar(
        select(Version.id)
        .join(Product, Version.product_id == Product.id)
        .join(Entity, Product.entity_id == Entity.id)
        .join(Project, Entity.project_id == Project.id)
        .where(
            Project.code == context.project,
            Entity.code == context.entity,
            Entity.kind == context.entity_kind.value,
            Product.task == context.task,
            Product.name == context.product,
            Version.number == number,
        )
    )


def version_status(session: Session, version_id: int) -> str | None:
    return session.scalar(select(Version.status).where(Version.id == version_id))
