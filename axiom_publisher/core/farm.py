"""Farm jobs as the database records them (the farm_job table), for every layer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

JOB_KINDS = ("publish_item", "ingest_item", "proxy_rebuild", "verify")
JOB_STATUSES = ("queued", "running", "done", "failed", "cancelled")
FINISHED = ("done", "failed", "cancelled")


@dataclass(frozen=True, slots=True)
class FarmJobRecord:
    """One farm job: what it does (`payload`), where it stands, what it made."""

    id: int
    kind: str
    status: str
    payload: dict[str, Any]
    idempotency_key: str
    submitted_by: str
    rq_job_id: str | None
    worker_host: str | None
    progress_done: int
    progress_total: int
    progress_phase: str | None
    version_id: int | None
    error: str | None
    created_at: datetime
    started_at: datetime | None
    ended_at: datetime | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "status": self.status,
            "payload": self.payload,
            "idempotency_key": self.idempotency_key,
            "submitted_by": self.submitted_by,
            "rq_job_id": self.rq_job_id,
            "worker_host": self.worker_host,
            "progress": {
                "done": self.progress_done,
                "total": self.progress_total,
                "phase": self.progress_phase,
            },
            "version_id": self.version_id,
            "error": self.error,
            "created_at": self.created_at.isoformat(),
            "started_at": self.started_at.isoformat() if self.started_at else None,
            "ended_at": self.ended_at.isoformat() if self.ended_at else None,
        }
