"""Repository functions that move a reserved version through its life: facts, commit, fail.

DESIGN section 3, steps 6 and 7 (step 4, the reservation, is reservations.py). Paths stored
here are RELATIVE to the publish root, POSIX-style, so one database serves Linux, macOS and
Windows workstations.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import PurePath, PurePosixPath, PureWindowsPath
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from axiom_publisher.core.errors import (
    PathOutsideRootError,
    PublishConflictError,
    UnknownEntityError,
)
from axiom_publisher.core.types import PublishedFile, VersionStatus
from axiom_publisher.db.clock import server_later, server_now
from axiom_publisher.db.models import Entity, File, Product, Project, Version

NO_SYNC = {"synchronize_session": False}


def when(now: datetime | None, later: int = 0) -> Any:
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
        .values(status="published", published_at=when(now), lease_expires_at=None)
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
        where.append(Version.lease_expires_at < when(now))
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
