"""Reserving a version (DESIGN section 3, step 4): the product's next number, recorded as
staging with a lease in one short transaction; idempotent with the publish attempt's token.
A live publish renews its lease; an expired one is failed (versions.fail_version).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from axiom_publisher.core.errors import BadInputError, PublishConflictError
from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.names import validate_name
from axiom_publisher.core.tracker_names import DEFAULT_NAMES, NameMap
from axiom_publisher.core.types import PublishContext
from axiom_publisher.db.entities import entity_row
from axiom_publisher.db.models import Product, Version
from axiom_publisher.db.my_tasks import task_for_publish
from axiom_publisher.db.versions import NO_SYNC, describe_version, relative_posix, when


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
    created, expires = when(now), when(now, lease_seconds)
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
    expires = when(now, lease_seconds)
    changed = session.execute(
        update(Version)
        .where(Version.id == version_id, Version.status == "staging")
        .values(lease_expires_at=expires)
        .returning(Version.id)
        .execution_options(**NO_SYNC)
    ).first()
    return changed is not None
