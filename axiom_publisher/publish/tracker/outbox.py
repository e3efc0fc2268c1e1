"""The outbox seen from the app and the CLI: each version's delivery state, the event list,
and a Retry.

`version_states(settings, ids)` reads the database only (the tracker is never asked), so a
worker thread can call it for a whole list of versions at once; `retry_event` makes a
failed or dead event due now (the next drain delivers it).
"""

from __future__ import annotations

from collections.abc import Sequence

from axiom_publisher.config import Settings
from axiom_publisher.core.outbox import (
    TRACKER_TARGET,
    DeliveryState,
    EventStatus,
    OutboxEvent,
    delivery_state,
)
from axiom_publisher.db import outbox as events_repo
from axiom_publisher.publish.database import open_catalog_database


def version_states(
    settings: Settings, version_ids: Sequence[int], target: str = TRACKER_TARGET
) -> dict[int, DeliveryState]:
    """The delivery state of each version that has events for `target` (default: the
    tracker); versions without events are absent."""
    ids = sorted(set(version_ids))
    if not ids:
        return {}
    with open_catalog_database(settings) as database:
        found = database.run(
            lambda s: events_repo.list_events(
                s, limit=100 * len(ids) + 100, version_ids=ids, targets=(target,)
            )
        )
    by_version: dict[int, list[OutboxEvent]] = {}
    for event in found:
        if event.version_id is not None:
            by_version.setdefault(event.version_id, []).append(event)
    states = {vid: delivery_state(vid, events) for vid, events in by_version.items()}
    return {vid: state for vid, state in states.items() if state is not None}


def retry_event(settings: Settings, event_id: int) -> bool:
    """Make event `event_id` (failed or dead) due now; False when it was not failed or dead.
    UnknownEntityError when there is no such event."""
    with open_catalog_database(settings) as database:
        return database.run(lambda s: events_repo.retry_event(s, event_id))


def list_events(
    settings: Settings,
    limit: int = 200,
    statuses: Sequence[EventStatus] = (),
    version_ids: Sequence[int] = (),
) -> list[OutboxEvent]:
    """The newest `limit` events, newest first (of these statuses / versions when given)."""
    with open_catalog_database(settings) as database:
        return database.run(
            lambda s: events_repo.list_events(s, limit, statuses=statuses, version_ids=version_ids)
        )


def status_counts(settings: Settings) -> dict[EventStatus, int]:
    with open_catalog_database(settings) as database:
        return database.run(events_repo.status_counts)
