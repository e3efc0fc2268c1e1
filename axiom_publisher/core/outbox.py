"""The outbox's values: events for the tracker and webhooks, and a version's delivery state.

An event is written in the same transaction as its cause (a version committed to
published, a review decision) and delivered after commit by the drain
(publish/tracker/drain.py). `target` is "tracker" or the name of a [[notify]] entry.
A version's delivery state is the worst state of its tracker events: failed or dead
before pending before sent.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

TRACKER_TARGET = "tracker"
MARKER_PATTERN = re.compile(r"\[axiom event ([^\]\s]+)\]")


def event_marker(key: str) -> str:
    """The tag AXIOM writes into what it delivers (a comment's text), found again before
    a retry sends anything: `[axiom event publish:12:tracker]`."""
    return f"[axiom event {key}]"


class EventKind(enum.Enum):
    PUBLISH = "publish"
    REVIEW = "review"
    INGEST_RUN = "ingest_run"
    QC_FAIL = "qc_fail"


EVENT_KINDS = tuple(kind.value for kind in EventKind)


class EventStatus(enum.Enum):
    PENDING = "pending"  # waiting for its first or next attempt
    SENT = "sent"
    FAILED = "failed"  # an attempt failed; retried at next_attempt_at
    DEAD = "dead"  # gave up after [tracker] max_attempts (or a fault no retry mends)


EVENT_STATUSES = tuple(status.value for status in EventStatus)


@dataclass(frozen=True, slots=True)
class OutboxEvent:
    id: int
    kind: EventKind
    target: str
    payload: dict[str, Any]
    version_id: int | None
    status: EventStatus
    attempts: int
    key: str  # the idempotency key: unique, and written into what the receiver keeps
    created_at: datetime
    next_attempt_at: datetime | None = None
    sent_at: datetime | None = None
    last_error: str | None = None
    remote_id: str | None = None  # what the receiver made (e.g. the Kitsu comment's id)


@dataclass(frozen=True, slots=True)
class NewEvent:
    """An event to write: what happened, for whom, and its idempotency key."""

    kind: EventKind
    target: str
    payload: dict[str, Any]
    key: str
    version_id: int | None = None


_RANK = {
    EventStatus.SENT: 0,
    EventStatus.PENDING: 1,
    EventStatus.FAILED: 2,
    EventStatus.DEAD: 3,
}


@dataclass(frozen=True, slots=True)
class DeliveryState:
    """How a version's tracker events stand: `status` the worst of them (SENT when all were
    delivered), `reason` the last error of the failing one, `event_id` the event a Retry
    sends again (the failing one, else the newest)."""

    version_id: int
    status: EventStatus
    event_id: int
    reason: str = ""
    attempts: int = 0
    sent_at: datetime | None = None
    events: tuple[OutboxEvent, ...] = field(default=(), repr=False)

    @property
    def text(self) -> str:
        """One line for people: `sent`, `pending`, `failed: <reason>`."""
        if self.status in (EventStatus.FAILED, EventStatus.DEAD) and self.reason:
            return f"{self.status.value}: {self.reason}"
        return self.status.value

    @property
    def can_retry(self) -> bool:
        return self.status in (EventStatus.FAILED, EventStatus.DEAD)


def delivery_state(version_id: int, events: list[OutboxEvent]) -> DeliveryState | None:
    """The state of a version from its tracker events (None when it has none)."""
    if not events:
        return None
    ordered = sorted(events, key=lambda event: event.id)
    worst = max(ordered, key=lambda event: (_RANK[event.status], event.id))
    sent = [event.sent_at for event in ordered if event.sent_at is not None]
    return DeliveryState(
        version_id=version_id,
        status=worst.status,
        event_id=worst.id,
        reason=worst.last_error or "",
        attempts=worst.attempts,
        sent_at=max(sent) if sent else None,
        events=tuple(ordered),
    )


def backoff_seconds(attempts: int, base: int = 30, cap: int = 3600) -> int:
    """Seconds before attempt `attempts + 1`: base, 2 x base, 4 x base ... up to `cap`."""
    return int(min(cap, base * 2 ** max(0, attempts - 1)))
