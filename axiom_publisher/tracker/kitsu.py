"""The Kitsu adapter (a `Tracker`), on Kitsu's official client `gazu`, by theme:

- kitsu_session.py: the connection: login (again once after a 401), timeouts, typed errors;
- kitsu_plan.py: reads: a project's plan for `axiom tracker sync`, a playlist's entries;
- kitsu_write.py: writes for the outbox: comments with statuses, attachments, previews.
"""

from __future__ import annotations

from axiom_publisher.tracker.kitsu_plan import KitsuPlanReader
from axiom_publisher.tracker.kitsu_session import UPLOAD_PATIENCE
from axiom_publisher.tracker.kitsu_write import KitsuWriter

__all__ = ["UPLOAD_PATIENCE", "KitsuTracker"]


class KitsuTracker(KitsuPlanReader, KitsuWriter):
    """A logged-in connection to one Kitsu server (the API root, e.g. https://host/api):
    `KitsuTracker.log_in(url, credentials, timeout=...)`."""
