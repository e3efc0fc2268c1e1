"""Farm job repository functions: the farm_job rows the submitters write and workers report to.

Times are the database server's (server_now()); a job's status only moves forward from
queued to running to done / failed / cancelled, except that a retry may run it again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from axiom_publisher.core.errors import BadInputError, UnknownEntityError
from axiom_publisher.core.farm import JOB_KINDS, FarmJobRecord
from axiom_publisher.core.types import PublishContext
from axiom_publisher.db.clock import server_now
from axiom_publisher.db.models import Entity, FarmJob, Product, Project, Version
from axiom_publisher.db.models import IngestRun as IngestRunRow


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


def _changed(result: object) -> int:
    """The number of rows an UPDATE changed."""
    return int(getattr(result, "rowcount", 0) or 0)


def get_job(session: Session, job_id: int) -> FarmJobRecord:
    return _record(_row(session, job_id))


def list_jobs(
    session: Session,
    limit: int = 200,
    *,
    statuses: tuple[str, ...] = (),
    kinds: tuple[str, ...] = (),
    ids: tuple[int, ...] = (),
) -> list[FarmJobRecord]:
    """The newest `limit` jobs (of these statuses, kinds or ids when given), newest first."""
    query = select(FarmJob).order_by(FarmJob.id.desc()).limit(limit)
    if statuses:
        query = query.where(FarmJob.status.in_(statuses))
    if kinds:
        query = query.where(FarmJob.kind.in_(kinds))
    if ids:
        query = query.where(FarmJob.id.in_(ids))
    return [_record(row) for row in session.scalars(query)]


def set_rq_job(session: Session, job_id: int, rq_job_id: str) -> None:
    session.execute(update(FarmJob).where(FarmJob.id == job_id).values(rq_job_id=rq_job_id))


def start_job(
    session: Session, job_id: int, host: str, *, take_over: bool = False
) -> FarmJobRecord | None:
    """Claim a queued (or failed, being retried) job for `host` and mark it running; None
    when it is not there to claim (cancelled, done, or running elsewhere), so that two runs
    of one job never work at once. `take_over` also claims a running job (a farm manager
    that runs it again knows its earlier run is dead). A retry's error is cleared."""
    claimable = ("queued", "failed", "running") if take_over else ("queued", "failed")
    claimed = session.execute(
        update(FarmJob)
        .where(FarmJob.id == job_id, FarmJob.status.in_(claimable))
        .values(
            status="running", worker_host=host, error=None, started_at=server_now(), ended_at=None
        )
    )
    if not _changed(claimed):
        return None
    return _record(_row(session, job_id))


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


def cancel_job(session: Session, job_id: int) -> bool:
    """Ask a queued or running job to stop (the worker checks between frames); a failed
    job is cancelled so that no retry runs it. False when it was already cancelled.

    A done job cannot be cancelled (BadInputError): its version is published."""
    row = _row(session, job_id)
    if row.status == "done":
        raise BadInputError(
            f"farm job {job_id} is done (it made version {row.version_id}); "
            "there is nothing to cancel"
        )
    if row.status == "cancelled":
        return False
    done = session.execute(
        update(FarmJob)
        .where(FarmJob.id == job_id, FarmJob.status.in_(("queued", "running", "failed")))
        .values(status="cancelled", ended_at=server_now())
    )
    return bool(_changed(done))


def requeue_job(session: Session, job_id: int, *, error: str | None = None) -> bool:
    """Make a failed or cancelled job queued again, keeping its idempotency key and the
    version it reserved (so that its next run publishes at most once). False when it is
    not failed or cancelled (another retry, or a worker, got there first)."""
    done = session.execute(
        update(FarmJob)
        .where(FarmJob.id == job_id, FarmJob.status.in_(("failed", "cancelled")))
        .values(
            status="queued",
            error=error,
            started_at=None,
            ended_at=None,
            progress_done=0,
            progress_total=0,
            progress_phase=None,
        )
    )
    return bool(_changed(done))


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


def merge_payload(session: Session, job_id: int, values: dict[str, Any]) -> None:
    """Add `values` to the job's payload (what a running job learnt: a content hash, its
    result); only the job's own run writes its row."""
    row = _row(session, job_id)
    row.payload = {**dict(row.payload), **values}
    session.flush()


def jobs_with_key_prefix(session: Session, prefix: str) -> list[FarmJobRecord]:
    """The jobs whose idempotency key starts with `prefix` (one ingest run's), oldest first."""
    pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    rows = session.scalars(
        select(FarmJob)
        .where(FarmJob.idempotency_key.like(pattern, escape="\\"))
        .order_by(FarmJob.id)
    )
    return [_record(row) for row in rows]


def create_jobs(
    session: Session, kind: str, jobs: list[tuple[dict[str, Any], str]], submitted_by: str
) -> list[FarmJobRecord]:
    """Record several queued jobs of `kind` at once: (payload, idempotency key) each."""
    return [create_job(session, kind, payload, key, submitted_by) for payload, key in jobs]


def ingest_run_summary(session: Session, run_id: int) -> dict[str, Any]:
    """The summary an ingest run's row holds (its farm jobs, the items decided at submit)."""
    row = session.get(IngestRunRow, run_id)
    if row is None:
        raise UnknownEntityError(f"there is no ingest run {run_id}")
    return dict(row.summary or {})


def finish_farm_ingest_run(
    session: Session, run_id: int, counts: tuple[int, int, int, int], summary: dict[str, Any]
) -> datetime:
    """Record the end of an ingest run whose items ran on the farm, by the database's clock
    (a run finished again, after a retried item, gets the new end); that end."""
    row = session.get(IngestRunRow, run_id)
    if row is None:
        raise UnknownEntityError(f"there is no ingest run {run_id}")
    row.ended_at = server_now()
    row.published, row.failed, row.skipped, row.duplicate = counts
    row.summary = summary
    session.flush()
    session.refresh(row)
    assert row.ended_at is not None
    return row.ended_at


def version_label(session: Session, version_id: int) -> str | None:
    number = session.scalar(select(Version.number).where(Version.id == version_id))
    return f"v{number:03d}" if number is not None else None


def lose_job(session: Session, job_id: int, status: str, error: str) -> bool:
    """A running job whose run died: `status` (queued again, or failed) with `error`.
    False when the row no longer says running (the run ended, or was cancelled)."""
    values: dict[str, Any] = {"status": status, "error": error}
    values["ended_at"] = server_now() if status == "failed" else None
    done = session.execute(
        update(FarmJob).where(FarmJob.id == job_id, FarmJob.status == "running").values(**values)
    )
    return bool(_changed(done))
