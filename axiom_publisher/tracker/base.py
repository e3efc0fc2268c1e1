"""The interface every tracker adapter implements (Kitsu now; ShotGrid or ftrack later).

Core values in, core values out: no Qt, no SQLAlchemy, no client library types. Each method
raises the typed AXIOM errors (TrackerUnavailableError, TrackerTimeoutError,
TrackerAuthError, TrackerNotFoundError) with the tracker's address, masked.
"""

from __future__ import annotations

from typing import Protocol

from axiom_publisher.core.tracker import TrackerProject, TrackerSnapshot


class Tracker(Protocol):
    @property
    def url(self) -> str:
        """The tracker's address, safe to show (no credentials in it)."""
        ...

    def find_project(self, name: str) -> TrackerProject:
        """The project called `name` (TrackerNotFoundError when there is none)."""
        ...

    def snapshot(self, project: TrackerProject) -> TrackerSnapshot:
        """Sequences, shots, assets, task types and tasks (with assignees) of `project`."""
        ...
