"""The tracker connection the app's status bar shows: configured address and whether it
answers (checked by the app in a worker, never on the Qt main thread)."""

from __future__ import annotations

from axiom_publisher.config import Settings
from axiom_publisher.core.tracker_connection import TrackerConnection, TrackerState
from axiom_publisher.tracker.probe import probe

PROBE_TIMEOUT_S = 5.0  # a status line: never wait the whole [tracker] timeout


def tracker_connection(settings: Settings) -> TrackerConnection:
    tracker = settings.tracker
    if tracker.kind is None:
        return TrackerConnection(TrackerState.NOT_CONFIGURED)
    return probe(tracker.kind, tracker.url, min(tracker.timeout, PROBE_TIMEOUT_S))
