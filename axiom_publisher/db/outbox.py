"""Outbox repository functions: events written with their cause, claimed and settled by the
drain (publish/tracker/drain.py).

Every time is the database server's (server_now()). A claim moves the event's
next_attempt_at a lease ahead and counts the attempt, so a drain that dies mid-delivery
leaves the event due again once the lease is over, and two drains never deliver one event at
once (FOR UPDATE SKIP LOCKED on PostgreSQL; SQLite's writer lock serialises the claim).
Events of one version go to one target in order: an event waits while an earlier one of the
same version and target is not settled (sent or dead).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, aliased

from axiom_publisher.core.errors import UnknownEntityError
from axiom_publisher.core.outbox import EventKind, EventStatus, NewEvent, OutboxEvent
from axiom_publisher.db.clock import server_later, server_now
from axiom_publisher.db.models import OutboxEvent as EventRow

_OPEN = (EventStatus.PENDING.value, EventStatus.FAILED.value)
MAX_ERROR = 2000


def _record(row: EventRow) -> OutboxEvent:
    return OutboxEvent(
        id=row.id,
        kind=EventKind(row.kind),
        target=row.target,
        payload=dict(row.payload),
        version_id=row.version_id,
        status=EventStatus(row.status),
        attempts=row.attempts,
        key=row.idempotency_key,
        created_at=row.created_at,
        next_attempt_at=row.next_attempt_at,
        sent_at=row.sent_at,
        last_error=row.last_error,
        remote_id=row.remote_id,
    )


def add_events(session: Session, events: Sequence[NewEvent]) -> None:
    """Write `events` as pending, due now, in the caller's transaction. An event whose key is
    already there is left as it is (a retried transaction writes it once)."""
    if not events:
        return
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    for event in events:
        session.execute(
            insert(EventRow)
            .values(
                kind=event.kind.value,
                target=event.target,
                payload=event.payload,
                version_id=event.version_id,
                status=EventStatus.PENDING.value,
                attempts=0,
                next_attempt_at=server_now(),
                idempotency_key=event.key,
                created_at=server_now(),
            )
            .on_conflict_do_nothing(index_elements=["idempotency_key"])
        )


def claim_due(
    session: Session,
    limit: int,
    lease_seconds: int,
    *,
    ids: Sequence[int] = (),
    exclude: Sequence[int] = (),
    failed_now: bool = False,
) -> list[OutboxEvent]:
    """Claim up to `limit` due events (oldest first; only `ids` when given, never
    `exclude`): each becomes pending, is counted as an attempt and held for
    `lease_seconds`. `failed_now` also takes failed events still waiting for their retry
    time (a push by hand); a pending event whose time is ahead is being delivered by a
    drain and is never taken before its lease ends. Commit at once, then deliver."""
    earlier = aliased(EventRow)
    failed = EventRow.status == EventStatus.FAILED.value
    blocked = exists().where(
        and_(
            earlier.target == EventRow.target,
            earlier.version_id == EventRow.version_id,
            earlier.id < EventRow.id,
            earlier.status.in_(_OPEN),
        )
    )
    query = (
        select(EventRow)
        .where(
            EventRow.status.in_(_OPEN),
            or_(EventRow.next_attempt_at <= server_now(), failed)
            if failed_now
            else EventRow.next_attempt_at <= server_now(),
            ~blocked,
        )
        .order_by(EventRow.id)
        .limit(limit)
    )
    if ids:
        query = query.where(EventRow.id.in_(list(ids)))
    if exclude:
        query = query.where(EventRow.id.not_in(list(exclude)))
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True, of=EventRow)
    claimed = list(session.scalars(query))
    if not claimed:
        return []
    chosen = [row.id for row in claimed]
    session.execute(
        update(EventRow)
        .where(EventRow.id.in_(chosen))
        .values(
            status=EventStatus.PENDING.value,
            attempts=EventRow.attempts + 1,
            next_attempt_at=server_later(lease_seconds),
        )
        .execution_options(synchronize_session=False)
    )
    session.expire_all()
    rows = session.scalars(select(EventRow).where(EventRow.id.in_(chosen)).order_by(EventRow.id))
    return [_record(row) for row in rows]


def mark_sent(session: Session, event_id: int, remote_id: str | None) -> None:
    session.execute(
        update(EventRow)
        .where(EventRow.id == event_id)
        .values(
            status=EventStatus.SENT.value,
            sent_at=server_now(),
            next_attempt_at=None,
            last_error=None,
            remote_id=remote_id,
        )
    )


def mark_failed(session: Session, event_id: int, error: str, retry_in: int | None) -> None:
    """A failed attempt: retried in `retry_in` seconds, or dead (None)."""
    values: dict[str, Any] = {"last_error": error[:MAX_ERROR]}
    if retry_in is None:
        values.update(status=EventStatus.DEAD.value, next_attempt_at=None)
    else:
        values.update(status=EventStatus.FAILED.value, next_attempt_at=server_later(retry_in))
    session.execute(update(EventRow).where(EventRow.id == event_id).values(**values))


def record_progress(session: Session, event_id: int, remote_id: str) -> None:
    """What the receiver made so far (e.g. the comment before its preview), kept for a retry."""
    session.execute(update(EventRow).where(EventRow.id == event_id).values(remote_id=remote_id))


def retry_event(session: Session, event_id: int) -> bool:
    """Make a failed or dead event due now with its attempts counted from zero; False when
    it is pending or sent (nothing to retry)."""
    row = session.get(EventRow, event_id)
    if row is None:
        raise UnknownEntityError(
            f"there is no outbox event {event_id}; `axiom tracker status` lists them"
        )
    done = session.execute(
        update(EventRow)
        .where(
            EventRow.id == event_id,
            EventRow.status.in_((EventStatus.FAILED.value, EventStatus.DEAD.value)),
        )
        .values(status=EventStatus.PENDING.value, attempts=0, next_attempt_at=server_now())
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(done, "rowcount", 0))


def list_events(
    session: Session,
    limit: int = 200,
    *,
    statuses: Sequence[EventStatus] = (),
    version_ids: Sequence[int] = (),
    targets: Sequence[str] = (),
    ids: Sequence[int] = (),
) -> list[OutboxEvent]:
    """The newest `limit` events (filtered when asked), newest first."""
    query = select(EventRow).order_by(EventRow.id.desc()).limit(limit)
    if statuses:
        query = query.where(EventRow.status.in_([status.value for status in statuses]))
    if version_ids:
        query = query.where(EventRow.version_id.in_(list(version_ids)))
    if targets:
        query = query.where(EventRow.target.in_(list(targets)))
    if ids:
        query = query.where(EventRow.id.in_(list(ids)))
    return [_record(row) for row in session.scalars(query)]


def status_counts(session: Session) -> dict[EventStatus, int]:
    """How many events are in each status (every status present, 0 when none)."""
    rows = session.execute(select(EventRow.status, func.count()).group_by(EventRow.status))
    counts = dict.fromkeys(EventStatus, 0)
    for status, count in rows:
        counts[EventStatus(status)] = int(count)
    return counts
