"""The tracker task a version was published for, as a version record carries it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TaskLink:
    """A synced tracker task (table tracker_task) a version belongs to."""

    tracker_id: str  # the tracker's own id (a Kitsu uuid)
    task_type: str  # "Compositing"
    status: str  # the tracker's status at the last sync

    def to_json(self) -> dict[str, str]:
        return {"tracker_id": self.tracker_id, "task_type": self.task_type, "status": self.status}
