"""Repository functions that move a version through its life: reserve, renew, commit, fail.

DESIGN section 3, steps 4, 6 and 7. Paths stored here are RELATIVE to the publish root,
POSIX-style, so one database serves Linux, macOS and Windows workstations.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import PurePath, PurePosixPath, PureWindowsPath
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from axiom_publisher.core.errors import (
    BadInputError,
    PathOutsideRootError,
    PublishConflictError,
    UnknownEntityError,
)
from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.names import validate_name
from axiom_publisher.core.tracker_names import DEFAULT_NAMES, NameMap
from axiom_publisher.core.types import PublishContext, PublishedFile, VersionStatus
from axiom_publisher.db.clock import server_later, server_now
from axiom_publisher.db.entities import entity_row
from axiom_publisher.db.models import Entity, File, Product, Project, Version
from axiom_publisher.db.my_tasks import task_for_publish

NO_SYNC = {"synchronize_session": False}


def _now(now: datetime | None, later: int = 0) -> Any:
    """`now` (+ `later` seconds) when a caller gives a time (tests), else the database's
    clock as SQL (db/clock.py): a workstation's clock never sets a lease or a time."""
    if now is None:
        return server_later(later) if later else server_now()
    if now.tzinfo is None:
        raise ValueError("`now` must be timezone-aware")
    return now + timedelta(seconds=later)


def relative_posix(path: str | PurePath, what: str = "path") -> str:
    """`path` as a POSIX string relative to the publish root; refuses absolute and `..`."""
    text = path.as_posix() if isinstance(path, PurePath) else str(path).replace("\\", "/")
    posix = PurePosixPath(text)
    if posix.is_absolute() or PureWindowsPath(text).drive or not posix.parts:
        raise PathOutsideRootError(f"the {what} {text!r} must be relative to the publish root")
    if ".." in posix.parts:
        raise PathOutsideRootError(f"the {what} {text!r} climbs out of the publish root")
    return posix.as_posix()


def _insert_for(session: Session) -> Callable[[Any], Any]:
    name = session.get_bind().dialect.name
    return pg_insert if name == "postgresql" else sqlite_insert


def reserve_version(
    session: Session,
    context: PublishContext,
    *,
    author: str,
    host: str,
    comment: str,
    source: str | None,
    lease_seconds: int,
    frame_range: FrameRange | None,
    missing_frames: Sequence[int],
    folder_for: Callable[[int], str],
    now: datetime | None = None,
    token: str | None = None,
    names: NameMap = DEFAULT_NAMES,
) -> tuple[int, int]:
    """Take the next version number of the product and record it as staging with a lease.

    Race-free on both dialects: the product row is created with ON CONFLICT DO NOTHING and
    then locked (FOR UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE holds the whole
    database). Returns (version id, version number). Commit promptly: the lock is held
    until then.

    `token` (the client's, one per publish attempt; stored on the row) makes it idempotent:
    a retry after a lost COMMIT reply gets the version reserved with it, lease renewed.
    `names` (the project's [tracker] mapping) finds the synced tracker task it belongs to.
    """
    validate_name(context.task, "task")
    validate_name(context.product, "product")
    if lease_seconds <= 0:
        raise BadInputError(f"the lease must be a positive number of seconds, not {lease_seconds}")
    created, expires = _now(now), _now(now, lease_seconds)
    entity = entity_row(session, context.project, context.entity, context.entity_kind)
    if token is not None:
        reserved = _reserved_with(session, token, entity.id, context, expires)
        if reserved is not None:
            return reserved
    key = {"entity_id": entity.id, "task": context.task, "name": context.product}
    session.execute(
        _insert_for(session)(Product)
        .values(**key, last_version=0)
        .on_conflict_do_nothing(index_elements=list(key))
    )
    product_id = session.scalars(
        select(Product.id)
        .where(
            Product.entity_id == entity.id,
            Product.task == context.task,
            Product.name == context.product,
        )
        .with_for_update()
    ).one()
    number = session.execute(
        update(Product)
        .where(Product.id == product_id)
        .values(last_version=Product.last_version + 1)
        .returning(Product.last_version)
        .execution_options(**NO_SYNC)
    ).scalar_one()
    version = Version(
        product_id=product_id,
        number=number,
        status="staging",
        lease_expires_at=expires,
        author=author,
        host=host,
        comment=comment,
        source=source,
        path=relative_posix(folder_for(number), "version folder"),
        frame_first=frame_range.first if frame_range is not None else None,
        frame_last=frame_range.last if frame_range is not None else None,
        missing_frames=sorted(set(missing_frames)),
        created_at=created,
        tracker_task_id=task_for_publish(session, entity.id, context.task, author, names),
        reservation_token=token,
    )
    session.add(version)
    session.flush()
    return version.id, number


def _reserved_with(
    session: Session, token: str, entity_id: int, context: PublishContext, expires: Any
) -> tuple[int, int] | None:
    """(id, number) of the staging version reserved with `token`, lease renewed; None:
    none is. PublishConflictError when it is another product's or no longer staging."""
    product = (Product.entity_id, Product.task, Product.name)
    row = session.execute(
        select(Version.id, Version.number, Version.status, *product)
        .join(Product, Version.product_id == Product.id)
        .where(Version.reservation_token == token)
        .with_for_update(of=Version)
    ).first()
    if row is None:
        return None
    version_id, number, status, *names = row
    if names != [entity_id, context.task, context.product] or status != "staging":
        label = describe_version(session, version_id)
        raise PublishConflictError(f"the reservation {token} is {label}, {status}; publish again")
    session.execute(
        update(Version).where(Version.id == version_id).values(lease_expires_at=expires)
        .execution_options(**NO_SYNC)
    )  # fmt: skip
    return version_id, number


def renew_lease(
    session: Session, version_id: int, lease_seconds: int, *, now: datetime | None = None
) -> bool:
    """Extend the lease of a staging version; False when it is no longer staging."""
    expires = _now(now, lease_seconds)
    changed = session.execute(
        update(Version)
        .where(Version.id == version_id, Version.status == "staging")
        .values(lease_expires_at=expires)
        .returning(Version.id)
        .execution_options(**NO_SYNC)
    ).first()
    return changed is not None


def describe_version(session: Session, version_id: int) -> str:
    """`project/entity/task/product v003 (id 12)` for messages."""
    row = session.execute(
        select(Project.code, Entity.code, Product.task, Product.name, Version.number)
        .join(Product, Version.product_id == Product.id)
        .join(Entity, Product.entity_id == Entity.id)
        .join(Project, Entity.project_id == Project.id)
        .where(Version.id == version_id)
    ).first()
    if row is None:
        raise UnknownEntityError(f"there is no version with id {version_id}")
    project, entity, task, product, number = row
    return f"{project}/{entity}/{task}/{product} v{number:03d} (id {version_id})"


def commit_version(
    session: Session,
    version_id: int,
    files: Sequence[PublishedFile],
    *,
    now: datetime | None = None,
) -> None:
    """Mark a staging version published and record its files (paths relative to the root).

    PublishConflictError when the version is no longer staging (failed meanwhile, e.g.
    after its lease expired, or already published).
    """
    rows = [
        {
            "version_id": version_id,
            "path": relative_posix(item.path, "file path"),
            "size": item.size,
            "sha256": item.sha256.lower(),
            "frame": item.frame,
            "representation": item.representation,
        }
        for item in files
    ]
    # Lock the row and check it first: the files are recorded while the version is still
    # staging (on PostgreSQL a trigger refuses files for any other version).
    status = session.scalars(
        select(Version.status).where(Version.id == version_id).with_for_update()
    ).first()
    if status != "staging":
        label = describe_version(session, version_id)
        if status == "failed":
            raise PublishConflictError(
                f"version {label} was marked failed while it was being published "
                "(lease expired?); publish again to get a new version"
            )
        raise PublishConflictError(f"version {label} is already {status}")
    if rows:
        session.execute(insert(File), rows)
    session.execute(
        update(Version)
        .where(Version.id == version_id, Version.status == "staging")
        .values(status="published", published_at=_now(now), lease_expires_at=None)
        .execution_options(**NO_SYNC)
    )


def fail_version(
    session: Session,
    version_id: int,
    reason: str,
    *,
    if_expired: bool = False,
    now: datetime | None = None,
) -> bool:
    """Mark a staging version failed with the reason; False when it was not staging.

    `if_expired`: only when its lease has run out by the database's clock (or `now`),
    checked in the same statement, so a lease renewed meanwhile keeps its publish alive.
    """
    where = [Version.id == version_id, Version.status == "staging"]
    if if_expired:
        where.append(Version.lease_expires_at < _now(now))
    changed = session.execute(
        update(Version)
        .where(*where)
        .values(status="failed", failed_reason=reason, lease_expires_at=None)
        .returning(Version.id)
        .execution_options(**NO_SYNC)
    ).first()
    return changed is not None


def set_version_facts(
    session: Session,
    version_id: int,
    *,
    width: int | None = None,
    height: int | None = None,
    fps: float | None = None,
    colorspace: str | None = None,
    qc_verdict: str | None = None,
    qc_report: dict[str, Any] | None = None,
    qc_override_reason: str | None = None,
    content_hash: str | None = None,
    proxy_path: str | None = None,
    thumbnail_path: str | None = None,
    media: dict[str, Any] | None = None,
) -> None:
    """Record analysis and QC facts of a staging version (None leaves a field as it is)."""
    values: dict[str, Any] = {
        "width": width,
        "height": height,
        "fps": fps,
        "colorspace": colorspace,
        "qc_verdict": qc_verdict,
        "qc_report": qc_report,
        "qc_override_reason": qc_override_reason,
        "content_hash": content_hash,
        "media": media,
    }
    if proxy_path is not None:
        values["proxy_path"] = relative_posix(proxy_path, "proxy path")
    if thumbnail_path is not None:
        values["thumbnail_path"] = relative_posix(thumbnail_path, "thumbnail path")
    values = {key: value for key, value in values.items() if value is not None}
    if not values:
        return
    changed = session.execute(
        update(Version)
        .where(Version.id == version_id, Version.status == "staging")
        .values(**values)
        .returning(Version.id)
        .execution_options(**NO_SYNC)
    ).first()
    if changed is None:
        raise PublishConflictError(
            f"version {describe_version(session, version_id)} is no longer staging"
        )


def version_status(session: Session, version_id: int) -> VersionStatus:
    """The status the database has for a version: the truth after an ambiguous commit."""
    status = session.scalars(select(Version.status).where(Version.id == version_id)).first()
    if status is None:
        raise UnknownEntityError(f"there is no version with id {version_id}")
    return VersionStatus(status)
