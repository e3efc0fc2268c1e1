"""Read-side repository functions: versions with their files, leases, folders, dedupe.

Paths in the results are RELATIVE to the publish root; the caller makes them absolute.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.media import MediaInfo
from axiom_publisher.core.my_tasks import TaskLink
from axiom_publisher.core.qc import QCReport
from axiom_publisher.core.types import EntityKind, PublishedFile, VersionRecord, VersionStatus
from axiom_publisher.db.clock import server_now
from axiom_publisher.db.dependencies import dependencies_of
from axiom_publisher.db.models import Entity, File, Product, Project, Version
from axiom_publisher.db.my_tasks import task_links

# SQLAlchemy 2.1 types Select by its columns
_Query = Select[Version, str, str, str, str, str]


def _versions_query() -> _Query:
    return (
        select(Version, Project.code, Entity.code, Entity.kind, Product.task, Product.name)
        .join(Product, Version.product_id == Product.id)
        .join(Entity, Product.entity_id == Entity.id)
        .join(Project, Entity.project_id == Project.id)
        .options(selectinload(Version.files))
        .order_by(Project.code, Entity.code, Product.task, Product.name, Version.number)
    )


def _record(
    version: Version,
    project: str,
    entity: str,
    kind: str,
    task: str,
    product: str,
    dependencies: tuple[int, ...] = (),
    tracker_task: TaskLink | None = None,
) -> VersionRecord:
    frame_range = None
    if version.frame_first is not None and version.frame_last is not None:
        frame_range = FrameRange(version.frame_first, version.frame_last)
    files = tuple(
        PublishedFile(
            path=Path(item.path),
            size=item.size,
            sha256=item.sha256,
            frame=item.frame,
            representation=item.representation,
        )
        for item in version.files
    )
    return VersionRecord(
        id=version.id,
        project=project,
        entity=entity,
        entity_kind=EntityKind(kind),
        task=task,
        product=product,
        number=version.number,
        status=VersionStatus(version.status),
        path=Path(version.path),
        files=files,
        frame_range=frame_range,
        missing_frames=tuple(version.missing_frames or ()),
        comment=version.comment,
        author=version.author,
        host=version.host,
        source=version.source,
        created_at=version.created_at,
        published_at=version.published_at,
        failed_reason=version.failed_reason,
        qc=QCReport.from_json(version.qc_report) if version.qc_report else None,
        qc_override_reason=version.qc_override_reason,
        content_hash=version.content_hash,
        proxy=Path(version.proxy_path) if version.proxy_path else None,
        thumbnail=Path(version.thumbnail_path) if version.thumbnail_path else None,
        media=MediaInfo.from_json(version.media) if version.media else None,
        dependencies=dependencies,
        tracker_task=tracker_task,
    )


def _records(session: Session, query: _Query) -> list[VersionRecord]:
    """The rows as records, with their dependencies and tracker tasks (one extra query
    each, not one a version)."""
    rows = list(session.execute(query))
    dependencies = dependencies_of(session, (row[0].id for row in rows))
    links = task_links(session, (row[0].tracker_task_id for row in rows))
    return [
        _record(
            *row,
            dependencies.get(row[0].id, ()),
            links.get(row[0].tracker_task_id) if row[0].tracker_task_id is not None else None,
        )
        for row in rows
    ]


def list_versions(
    session: Session,
    *,
    project: str | None = None,
    entity: str | None = None,
    product: str | None = None,
    status: VersionStatus | None = None,
    version_id: int | None = None,
    task: str | None = None,
    content_hash: str | None = None,
) -> list[VersionRecord]:
    """Versions matching every given filter, ordered by project, entity, task, product,
    number, each with its files and dependencies (one extra query each, not one a version)."""
    query = _versions_query()
    if project is not None:
        query = query.where(Project.code == project)
    if entity is not None:
        query = query.where(Entity.code == entity)
    if task is not None:
        query = query.where(Product.task == task)
    if product is not None:
        query = query.where(Product.name == product)
    if status is not None:
        query = query.where(Version.status == status.value)
    if version_id is not None:
        query = query.where(Version.id == version_id)
    if content_hash is not None:
        query = query.where(Version.content_hash == content_hash)
    return _records(session, query)


def expired_staging(
    session: Session, now: datetime | None = None, project: str | None = None
) -> list[VersionRecord]:
    """Staging versions whose lease ran out (crashed or stuck publishes): compared in SQL
    with the database's clock (db/clock.py), or with `now` when given."""
    query = _versions_query().where(
        Version.status == VersionStatus.STAGING.value,
        Version.lease_expires_at < (server_now() if now is None else now),
    )
    if project is not None:
        query = query.where(Project.code == project)
    return _records(session, query)


def of_project(query: Any, project: str | None) -> Any:
    """`query` (a Select from Version; Any since Select is variadic) narrowed to one
    project's versions, or as it is."""
    if project is None:
        return query
    return (
        query.join(Product, Version.product_id == Product.id)
        .join(Entity, Product.entity_id == Entity.id)
        .join(Project, Entity.project_id == Project.id)
        .where(Project.code == project)
    )


def version_folders(
    session: Session, project: str | None = None
) -> dict[str, tuple[int, VersionStatus, datetime | None]]:
    """Every version folder (relative POSIX path) -> (id, status, lease expiry), for verify."""
    query = select(Version.path, Version.id, Version.status, Version.lease_expires_at)
    query = of_project(query, project)
    return {
        path: (version_id, VersionStatus(status), lease)
        for path, version_id, status, lease in session.execute(query.order_by(Version.id))
    }


def live_staging(
    session: Session, now: datetime | None = None, project: str | None = None
) -> frozenset[int]:
    """Ids of the staging versions whose lease has not run out (publishes in progress),
    by the database's clock (or `now` when given)."""
    query = select(Version.id).where(
        Version.status == VersionStatus.STAGING.value,
        Version.lease_expires_at >= (server_now() if now is None else now),
    )
    query = of_project(query, project)
    return frozenset(session.scalars(query))


def find_published_file(session: Session, sha256: str, size: int) -> str | None:
    """The relative path of a file of a PUBLISHED version with this content, if any."""
    return find_published_files(session, [(sha256, size)]).get((sha256.lower(), size))


def find_published_files(
    session: Session, contents: Iterable[tuple[str, int]]
) -> dict[tuple[str, int], str]:
    """For each (sha256, size) already published, the relative path of its oldest file.

    One query per 500 hashes, so that dedupe of a long sequence costs one round trip.
    """
    wanted = {(sha256.lower(), size) for sha256, size in contents}
    hashes = sorted({sha256 for sha256, _ in wanted})
    found: dict[tuple[str, int], str] = {}
    for start in range(0, len(hashes), 500):
        rows = session.execute(
            select(File.sha256, File.size, File.path)
            .join(Version, File.version_id == Version.id)
            .where(
                File.sha256.in_(hashes[start : start + 500]),
                Version.status == VersionStatus.PUBLISHED.value,
            )
            .order_by(File.id)
        )
        for sha256, size, path in rows:
            if (sha256, size) in wanted:
                found.setdefault((sha256, size), path)
    return found
