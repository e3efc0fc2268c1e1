"""The outbox drain: delivers due events after their cause committed, with retries.

Run by the app (a worker thread), `axiom tracker push` or a farm worker; several may run at
once. Each event is claimed in a short transaction (db.outbox.claim_due: FOR UPDATE SKIP
LOCKED on PostgreSQL, a lease of [tracker] claim_seconds) and delivered outside any
transaction; each outcome is written at once: sent with what the receiver made; failed
with its reason and the next attempt after an exponential backoff ([tracker]
retry_seconds, doubled each attempt); dead after [tracker] max_attempts, or at once for a
fault no retry mends (a task the tracker lacks or deleted, a status it does not have, a
webhook refusing with 4xx). A dead event is retried only by hand (`retry_event`).

The tracker is logged in to once per drain, on the first tracker event; if that fails
(down, refused login, no credentials) every tracker event of this drain fails with the
reason and stays for the next one. No reason written or logged holds a credential.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from axiom_publisher.config import Settings
from axiom_publisher.core.errors import AxiomError, BadInputError, ConfigError
from axiom_publisher.core.outbox import (
    TRACKER_TARGET,
    EventStatus,
    OutboxEvent,
    backoff_seconds,
)
from axiom_publisher.core.secrets import mask_secrets
from axiom_publisher.db import Database
from axiom_publisher.db import outbox as events_repo
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.tracker.deliver import deliver_to_tracker, deliver_to_webhook
from axiom_publisher.tracker import Tracker, open_tracker, tracker_credentials

_LOG = logging.getLogger(__name__)
BATCH = 1  # one event claimed at a time: the lease covers only the delivery in flight

TrackerOpener = Callable[[Settings, Mapping[str, str]], Tracker]


def _open(settings: Settings, env: Mapping[str, str]) -> Tracker:
    return open_tracker(settings.tracker, tracker_credentials(env, settings.tracker.url))


@dataclass(frozen=True, slots=True)
class Delivery:
    """What became of one event in this drain."""

    event_id: int
    kind: str
    target: str
    status: EventStatus
    detail: str  # what the receiver made, or why it failed


@dataclass(slots=True)
class DrainReport:
    deliveries: list[Delivery] = field(default_factory=list)

    def count(self, status: EventStatus) -> int:
        return sum(1 for delivery in self.deliveries if delivery.status is status)


def lease_seconds(settings: Settings) -> int:
    """How long the claimed event is held ([tracker] claim_seconds): a drain killed while
    sending it leaves it to the next drain after that."""
    return settings.tracker.claim_seconds


@dataclass
class _Drain:
    settings: Settings
    database: Database
    env: Mapping[str, str]
    opener: TrackerOpener
    secrets: list[str] = field(default_factory=list)
    tracker: Tracker | None = None
    tracker_error: AxiomError | None = None

    def _tracker(self) -> Tracker:
        if self.tracker_error is not None:
            raise self.tracker_error
        if self.tracker is None:
            try:
                self.tracker = self.opener(self.settings, self.env)
            except AxiomError as error:
                self.tracker_error = error
                raise
        return self.tracker

    def deliver(self, event: OutboxEvent) -> str:
        if event.target == TRACKER_TARGET:
            if self.settings.tracker.kind is None:
                raise ConfigError("no tracker is configured any more ([tracker] kind)")
            return deliver_to_tracker(self._tracker(), self.settings, event)
        for target in self.settings.notify:
            if target.name == event.target:
                secret = target.signing_secret(self.env)
                if secret:
                    self.secrets.append(secret)
                return deliver_to_webhook(target, event, self.env)
        raise ConfigError(
            f"no [[notify]] entry is named {event.target!r} any more; add it back, then Retry"
        )

    def settle(self, event: OutboxEvent) -> Delivery:
        try:
            made = self.deliver(event)
        except Exception as error:  # noqa: BLE001 - every fault is the event's state
            reason = self._reason(error)
            # a task or status the tracker lacks, a 4xx: the same event will not do better;
            # missing credentials or a removed entry are mended in the configuration
            permanent = isinstance(error, BadInputError) and not isinstance(error, ConfigError)
            dead = permanent or event.attempts >= self.settings.tracker.max_attempts
            retry = (
                None
                if dead
                else backoff_seconds(event.attempts, self.settings.tracker.retry_seconds)
            )
            self.database.run(lambda s: events_repo.mark_failed(s, event.id, reason, retry))
            status = EventStatus.DEAD if dead else EventStatus.FAILED
            _LOG.warning("outbox event %s (%s to %s) %s: %s", event.id, event.kind.value,
                         event.target, status.value, reason)  # fmt: skip
            return Delivery(event.id, event.kind.value, event.target, status, reason)
        self.database.run(lambda s: events_repo.mark_sent(s, event.id, made[:500]))
        _LOG.info("outbox event %s (%s to %s) sent: %s", event.id, event.kind.value,
                  event.target, made)  # fmt: skip
        return Delivery(event.id, event.kind.value, event.target, EventStatus.SENT, made)

    def _reason(self, error: Exception) -> str:
        text = str(error) if isinstance(error, AxiomError) else type(error).__name__
        return mask_secrets(text, self.secrets)


def drain(
    settings: Settings,
    *,
    env: Mapping[str, str] | None = None,
    limit: int = 1000,
    ids: Sequence[int] = (),
    failed_now: bool = False,
    opener: TrackerOpener = _open,
) -> DrainReport:
    """Deliver up to `limit` due events (only `ids` when given); `failed_now` also takes
    failed events before their retry time (a push by hand). Each event is attempted at most
    once per drain."""
    env = os.environ if env is None else env
    report = DrainReport()
    with open_catalog_database(settings) as database:
        work = _Drain(settings, database, env, opener, secrets=_known_secrets(settings, env))
        attempted: list[int] = []
        lease = lease_seconds(settings)
        while len(attempted) < limit:
            size = min(BATCH, limit - len(attempted))
            claimed = database.run(
                functools.partial(
                    events_repo.claim_due,
                    limit=size,
                    lease_seconds=lease,
                    ids=ids,
                    exclude=tuple(attempted),
                    failed_now=failed_now,
                )
            )
            if not claimed:
                break
            for event in claimed:
                attempted.append(event.id)
                report.deliveries.append(work.settle(event))
    return report


def _known_secrets(settings: Settings, env: Mapping[str, str]) -> list[str]:
    found = [t.signing_secret(env) for t in settings.notify]
    found += [env.get(name, "") for name in ("AXIOM_TRACKER_PASSWORD", "AXIOM_TRACKER_TOKEN")]
    return [secret for secret in found if secret]
