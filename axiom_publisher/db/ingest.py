"""Repository functions for ingest runs, and the published content an ingest skips.

A run's row is inserted when it starts (`ended_at` empty) and finished with its counts and
its summary: `{"results": [ItemResult JSON...], "fingerprint": ..., "summary_path": ...}`.
They take a Session and never commit.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from axiom_publisher.core.errors import UnknownEntityError
from axiom_publisher.core.ingest import IngestRun, ItemResult
from axiom_publisher.core.types import VersionStatus
from axiom_publisher.db.clock import server_now
from axiom_publisher.db.entities import project_row
from axiom_publisher.db.models import Entity, Product, Project, Version
from axiom_publisher.db.models import IngestRun as IngestRunRow


def start_ingest_run(
    session: Session,
    project: str,
    source_dir: str,
    user: str,
    started_at: datetime | None,
    summary: dict[str, Any],
) -> int:
    """Insert a run that has started (None: now, by the database's clock); its id."""
    row = IngestRunRow(
        project_id=project_row(session, project).id,
        source_dir=source_dir,
        user=user,
        started_at=started_at if started_at is not None else server_now(),
        summary=summary,
    )
    session.add(row)
    session.flush()
    return row.id


def open_ingest_run(
    session: Session, project: str, source_dir: str, user: str, summary: dict[str, Any]
) -> tuple[int, datetime]:
    """Insert a run starting now by the database's clock; (its id, that start time)."""
    run_id = start_ingest_run(session, project, source_dir, user, None, summary)
    query = select(IngestRunRow.started_at).where(IngestRunRow.id == run_id)
    return run_id, session.execute(query).scalar_one()


def finish_ingest_run(
    session: Session,
    run_id: int,
    *,
    ended_at: datetime,
    counts: tuple[int, int, int, int],
    summary: dict[str, Any],
) -> None:
    """Record the end of a run: (published, failed, skipped, duplicate) and its summary."""
    row = session.get(IngestRunRow, run_id)
    if row is None:
        raise UnknownEntityError(f"there is no ingest run {run_id}")
    row.ended_at = ended_at
    row.published, row.failed, row.skipped, row.duplicate = counts
    row.summary = summary
    session.flush()


def _run(row: IngestRunRow, project: str, *, with_results: bool) -> IngestRun:
    summary = row.summary or {}
    results = (
        tuple(ItemResult.from_json(entry) for entry in summary.get("results") or ())
        if with_results
        else ()
    )
    path = summary.get("summary_path")
    counts = summary.get("counts")
    refused = counts.get("refused", 0) if isinstance(counts, dict) else 0
    return IngestRun(
        id=row.id,
        project=project,
        source_dir=Path(row.source_dir),
        user=row.user,
        started_at=row.started_at,
        ended_at=row.ended_at,
        published=row.published,
        failed=row.failed,
        skipped=row.skipped,
        duplicate=row.duplicate,
        results=results,
        summary_path=Path(path) if path else None,
        fingerprint=summary.get("fingerprint"),
        refused=int(refused or 0),
    )


def list_ingest_runs(
    session: Session,
    project: str | None = None,
    *,
    source_dir: str | None = None,
    limit: int = 100,
) -> list[IngestRun]:
    """Runs, newest first, without their per-item results."""
    query = select(IngestRunRow, Project.code).join(Project, IngestRunRow.project_id == Project.id)
    if project is not None:
        query = query.where(IngestRunRow.project_id == project_row(session, project).id)
    if source_dir is not None:
        query = query.where(IngestRunRow.source_dir == source_dir)
    query = query.order_by(IngestRunRow.started_at.desc(), IngestRunRow.id.desc()).limit(limit)
    return [_run(row, code, with_results=False) for row, code in session.execute(query)]


def get_ingest_run(session: Session, run_id: int) -> IngestRun:
    """One run with its per-item results; UnknownEntityError when there is none."""
    found = session.execute(
        select(IngestRunRow, Project.code)
        .join(Project, IngestRunRow.project_id == Project.id)
        .where(IngestRunRow.id == run_id)
    ).one_or_none()
    if found is None:
        raise UnknownEntityError(
            f"there is no ingest run {run_id}; see `axiom ingest runs` for the recorded ones"
        )
    row, code = found
    return _run(row, code, with_results=True)


def published_contents(session: Session, project: str, hashes: Collection[str]) -> dict[str, int]:
    """Content hash -> the id of the first published version of `project` with it."""
    if not hashes:
        return {}
    rows = session.execute(
        select(Version.content_hash, Version.id)
        .join(Product, Version.product_id == Product.id)
        .join(Entity, Product.entity_id == Entity.id)
        .where(
            Entity.project_id == project_row(session, project).id,
            Version.status == VersionStatus.PUBLISHED.value,
            Version.content_hash.in_(sorted(set(hashes))),
        )
        .order_by(Version.id)
    )
    found: dict[str, int] = {}
    for content_hash, version_id in rows:
        if content_hash is not None:
            found.setdefault(content_hash, version_id)
    return found
