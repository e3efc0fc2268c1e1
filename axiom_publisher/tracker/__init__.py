"""Adapters to production trackers: the ONLY package that imports gazu or requests.

`open_tracker(settings.tracker, credentials)` returns the configured adapter (a `Tracker`);
the publish layer calls it, never the UI.
"""

from __future__ import annotations

from axiom_publisher.config.tracker import TrackerSettings
from axiom_publisher.core.errors import ConfigError
from axiom_publisher.tracker.base import Tracker
from axiom_publisher.tracker.credentials import Credentials, tracker_credentials

__all__ = ["Credentials", "Tracker", "open_tracker", "tracker_credentials"]


def open_tracker(settings: TrackerSettings, credentials: Credentials) -> Tracker:
    """The adapter of `settings.kind`, logged in with `credentials`."""
    if settings.kind is None:
        raise ConfigError(
            "no production tracker is configured; set [tracker] kind and url in the studio "
            "configuration"
        )
    from axiom_publisher.tracker.kitsu import KitsuTracker  # gazu loads only when used

    return KitsuTracker.log_in(settings.url, credentials, timeout=settings.timeout)
