"""Rebuilds of a published version's review media (table review_media, migration 0010).

A rebuild is reserved (the version row locked, one staging rebuild a version: a partial
unique index is the backstop), then committed in ONE transaction that repoints the version's
proxy, thumbnail and manifest file rows (each by a conditional update on the path and
SHA-256 it had at the reservation) and the version's proxy_path / thumbnail_path, or failed.
The functions take a Session and never commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from axiom_publisher.core.errors import BadInputError, PublishConflictError, UnknownEntityError
from axiom_publisher.core.review_media import MANIFEST, PROXY, MediaFile, Rebuild
from axiom_publisher.db.models import File, ReviewMedia, Version
from axiom_publisher.db.queries import of_project
from axiom_publisher.db.repo import describe_version, relative_posix
from axiom_publisher.db.versions import NO_SYNC, when


def _record(row: ReviewMedia, folder: str = "") -> Rebuild:
    return Rebuild(
        id=row.id, version_id=row.version_id, revision=row.revision, status=row.status,
        author=row.author, requested_by=row.requested_by, reason=row.reason,
        thumbnail_frame=row.thumbnail_frame,
        old_files=tuple(MediaFile.from_json(item) for item in row.old_files),
        new_files=tuple(MediaFile.from_json(item) for item in row.new_files or ()),
        old_manifest_sha256=row.old_manifest_sha256,
        new_manifest_sha256=row.new_manifest_sha256, failed_reason=row.failed_reason,
        created_at=row.created_at, ended_at=row.ended_at,
        lease_expires_at=row.lease_expires_at, folder=folder,
    )  # fmt: skip


def _folder(session: Session, version_id: int) -> str:
    return str(session.scalars(select(Version.path).where(Version.id == version_id)).one())


def version_colorspace(session: Session, version_id: int) -> str | None:
    """The colour space a version was published with (the rebuild decodes it so)."""
    return session.scalars(select(Version.colorspace).where(Version.id == version_id)).first()


def reserve_rebuild(
    session: Session,
    version_id: int,
    *,
    author: str,
    requested_by: str,
    reason: str,
    thumbnail_frame: int | None,
    lease_seconds: int,
    now: datetime | None = None,
) -> Rebuild:
    """Reserve the next revision of version `version_id`'s review media, with a lease.

    The version must be published and have a proxy; a rebuild of it that is still alive
    is a PublishConflictError (one whose lease expired is marked failed here)."""
    status = session.scalars(
        select(Version.status).where(Version.id == version_id).with_for_update()
    ).first()
    if status is None:
        raise UnknownEntityError(f"there is no version with id {version_id}")
    if status != "published":
        raise BadInputError(
            f"version {describe_version(session, version_id)} is {status}: only a published "
            "version's review media is rebuilt"
        )
    session.execute(
        update(ReviewMedia)
        .where(ReviewMedia.version_id == version_id, ReviewMedia.status == "staging",
               ReviewMedia.lease_expires_at < when(now))
        .values(status="failed", lease_expires_at=None, ended_at=when(now),
                failed_reason="lease expired: the rebuilding process stopped")
        .execution_options(**NO_SYNC)
    )  # fmt: skip
    running = session.scalars(
        select(ReviewMedia).where(
            ReviewMedia.version_id == version_id, ReviewMedia.status == "staging"
        )
    ).first()
    if running is not None:
        raise PublishConflictError(
            f"the review media of {describe_version(session, version_id)} are being rebuilt "
            f"already (revision {running.revision}, by {running.author}); wait for it"
        )
    rows = session.scalars(
        select(File).where(File.version_id == version_id, File.representation < 0)
    ).all()
    old = [MediaFile(row.path, row.size, row.sha256, row.representation) for row in rows]
    if not any(file.representation == PROXY for file in old):
        raise BadInputError(
            f"version {describe_version(session, version_id)} has no review proxy to rebuild "
            "(its content is not a movie or an image sequence)"
        )
    manifest = next((file for file in old if file.representation == MANIFEST), None)
    last = session.scalar(
        select(func.max(ReviewMedia.revision)).where(ReviewMedia.version_id == version_id)
    )
    row = ReviewMedia(
        version_id=version_id, revision=(last or 1) + 1, status="staging",
        lease_expires_at=when(now, lease_seconds), author=author, requested_by=requested_by,
        reason=reason, thumbnail_frame=thumbnail_frame,
        old_files=[file.to_json() for file in old],
        old_manifest_sha256=manifest.sha256 if manifest else None, created_at=when(now),
    )  # fmt: skip
    session.add(row)
    session.flush()
    session.refresh(row)
    return _record(row, _folder(session, version_id))


def renew_rebuild(
    session: Session, rebuild_id: int, lease_seconds: int, *, now: datetime | None = None
) -> bool:
    """Extend a staging rebuild's lease; False when it is no longer staging."""
    changed = session.execute(
        update(ReviewMedia)
        .where(ReviewMedia.id == rebuild_id, ReviewMedia.status == "staging")
        .values(lease_expires_at=when(now, lease_seconds))
        .returning(ReviewMedia.id)
        .execution_options(**NO_SYNC)
    ).first()
    return changed is not None


def commit_rebuild(
    session: Session,
    rebuild_id: int,
    replaced: Sequence[tuple[MediaFile, MediaFile]],
    *,
    proxy_path: str,
    thumbnail_path: str | None,
    now: datetime | None = None,
) -> None:
    """Repoint the (old, new) file rows and the version's proxy and thumbnail, and mark the
    rebuild published: one transaction (the caller's). Each row is updated only if it still
    has the path and SHA-256 it had at the reservation; else PublishConflictError."""
    rebuild = session.get(ReviewMedia, rebuild_id, with_for_update=True)
    if rebuild is None:
        raise UnknownEntityError(f"there is no review media rebuild with id {rebuild_id}")
    version_id = rebuild.version_id
    label = describe_version(session, version_id)
    session.scalars(select(Version.id).where(Version.id == version_id).with_for_update()).one()
    if rebuild.status != "staging":
        raise PublishConflictError(
            f"the rebuild of {label} (revision {rebuild.revision}) is {rebuild.status}"
            + (f": {rebuild.failed_reason}" if rebuild.failed_reason else "")
        )
    for old, new in replaced:
        changed = session.execute(
            update(File)
            .where(File.version_id == version_id, File.representation == old.representation,
                   File.path == old.path, File.sha256 == old.sha256)
            .values(path=relative_posix(new.path, "file path"), size=new.size,
                    sha256=new.sha256.lower())
            .execution_options(**NO_SYNC)
        )  # fmt: skip
        if getattr(changed, "rowcount", 0) != 1:
            raise PublishConflictError(
                f"the file {old.path} of {label} changed since the rebuild began; rebuild again"
            )
    values: dict[str, Any] = {"proxy_path": relative_posix(proxy_path, "proxy path")}
    if thumbnail_path is not None:
        values["thumbnail_path"] = relative_posix(thumbnail_path, "thumbnail path")
    session.execute(
        update(Version).where(Version.id == version_id, Version.status == "published")
        .values(**values).execution_options(**NO_SYNC)
    )  # fmt: skip
    manifest = next((new for _old, new in replaced if new.representation == MANIFEST), None)
    session.execute(
        update(ReviewMedia).where(ReviewMedia.id == rebuild_id)
        .values(status="published", lease_expires_at=None, ended_at=when(now),
                new_files=[new.to_json() for _old, new in replaced],
                new_manifest_sha256=manifest.sha256 if manifest else None)
        .execution_options(**NO_SYNC)
    )  # fmt: skip


def fail_rebuild(
    session: Session,
    rebuild_id: int,
    reason: str,
    *,
    if_expired: bool = False,
    now: datetime | None = None,
) -> bool:
    """Mark a staging rebuild failed; False when it was not staging (or, `if_expired`,
    its lease has not run out by the database's clock)."""
    where = [ReviewMedia.id == rebuild_id, ReviewMedia.status == "staging"]
    if if_expired:
        where.append(ReviewMedia.lease_expires_at < when(now))
    changed = session.execute(
        update(ReviewMedia).where(*where)
        .values(status="failed", failed_reason=reason, lease_expires_at=None, ended_at=when(now))
        .returning(ReviewMedia.id).execution_options(**NO_SYNC)
    ).first()  # fmt: skip
    return changed is not None


def _in_project(project: str | None) -> Any:
    query = select(ReviewMedia, Version.path).join(Version, ReviewMedia.version_id == Version.id)
    return of_project(query, project)


def get_rebuild(session: Session, rebuild_id: int) -> Rebuild:
    row = session.execute(_in_project(None).where(ReviewMedia.id == rebuild_id)).first()
    if row is None:
        raise UnknownEntityError(f"there is no review media rebuild with id {rebuild_id}")
    return _record(row[0], row[1])


def rebuilds(
    session: Session,
    *,
    project: str | None = None,
    version_id: int | None = None,
    statuses: tuple[str, ...] = (),
) -> list[Rebuild]:
    """Recorded rebuilds (of a project, of a version, of these statuses), oldest first."""
    query = _in_project(project)
    if version_id is not None:
        query = query.where(ReviewMedia.version_id == version_id)
    if statuses:
        query = query.where(ReviewMedia.status.in_(statuses))
    rows = session.execute(query.order_by(ReviewMedia.version_id, ReviewMedia.revision)).all()
    return [_record(row[0], row[1]) for row in rows]


def staging_rebuilds(
    session: Session, now: datetime | None = None, project: str | None = None
) -> tuple[list[Rebuild], list[Rebuild]]:
    """The staging rebuilds (of a project): (live, expired) by the database's clock."""
    expired = ReviewMedia.lease_expires_at < when(now)
    query = _in_project(project).add_columns(expired).where(ReviewMedia.status == "staging")
    live: list[Rebuild] = []
    dead: list[Rebuild] = []
    for row, folder, is_expired in session.execute(query).all():
        (dead if is_expired else live).append(_record(row, folder))
    return live, dead


def live_rebuild_of(session: Session, version_id: int, now: datetime | None = None) -> bool:
    """Whether version `version_id` has a staging rebuild whose lease has not run out."""
    found = session.scalars(
        select(ReviewMedia.id).where(
            ReviewMedia.version_id == version_id, ReviewMedia.status == "staging",
            ReviewMedia.lease_expires_at >= when(now),
        )
    ).first()  # fmt: skip
    return found is not None


def last_published_rebuilds(session: Session, project: str | None = None) -> list[Rebuild]:
    """The newest published rebuild of each version that has one (of a project)."""
    newest = (
        select(ReviewMedia.version_id, func.max(ReviewMedia.revision).label("revision"))
        .where(ReviewMedia.status == "published")
        .group_by(ReviewMedia.version_id)
        .subquery()
    )
    query = _in_project(project).join(
        newest,
        (newest.c.version_id == ReviewMedia.version_id)
        & (newest.c.revision == ReviewMedia.revision),
    )
    return [_record(row[0], row[1]) for row in session.execute(query).all()]
