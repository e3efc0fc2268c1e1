"""The tracker tasks of one person ("My tasks") and the tracker task a version belongs to.

A synced tracker task (`axiom tracker sync`, table tracker_task) names its shot or asset,
its task type ("Compositing") and its assignees as the tracker knows people: Kitsu gives
their e-mail addresses (or full names). AXIOM knows the person at the keyboard by
core.user.current_user(): a login name ("alice") or AXIOM_USER. `is_assignee` joins the
two: the same text (case-insensitive, so AXIOM_USER may be the tracker address), or the
address whose part before "@" is the login.

The AXIOM task name of a tracker task is its task type made a valid name (`task_name`):
"Compositing" stays "Compositing", "Look Dev" becomes "Look_Dev". A publish into task T of
a shot belongs to the shot's tracker task whose type gives T (compared case-insensitively).
A studio whose names differ maps them in [tracker.tasks] and [tracker.people]
(core.tracker_names.NameMap applies these rules to what is not mapped).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from axiom_publisher.core.names import MAX_NAME_LENGTH
from axiom_publisher.core.task_link import TaskLink
from axiom_publisher.core.types import EntityKind

__all__ = ["MyTask", "TaskLink", "assigned_to", "is_assignee", "is_task_of", "task_name"]

_NOT_ALLOWED = re.compile(r"[^A-Za-z0-9_-]+")


def task_name(task_type: str) -> str:
    """The AXIOM task name of a tracker task type ("" when nothing of it is usable)."""
    name = _NOT_ALLOWED.sub("_", task_type.strip()).strip("_-")
    return name[:MAX_NAME_LENGTH]


def is_task_of(task: str, task_type: str) -> bool:
    """Whether a publish into AXIOM task `task` belongs to a tracker task of `task_type`."""
    name = task_name(task_type)
    return bool(name) and name.casefold() == task.strip().casefold()


def is_assignee(user: str, assignee: str) -> bool:
    """Whether the tracker's `assignee` (an e-mail address or a name) is AXIOM's `user`."""
    user, assignee = user.strip().casefold(), assignee.strip().casefold()
    if not user or not assignee:
        return False
    return user == assignee or ("@" in assignee and assignee.split("@", 1)[0] == user)


def assigned_to(user: str, assignees: Iterable[str]) -> bool:
    return any(is_assignee(user, assignee) for assignee in assignees)


@dataclass(frozen=True, slots=True)
class MyTask:
    """A synced tracker task assigned to the user, with the context it publishes into."""

    project: str
    entity: str
    entity_kind: EntityKind
    task_type: str
    status: str
    tracker_id: str
    assignees: tuple[str, ...] = ()
    studio_task: str = ""  # the studio's name of the task type ([tracker.tasks]), if mapped

    @property
    def task(self) -> str:
        """The AXIOM task name a publish into this tracker task uses."""
        return self.studio_task or task_name(self.task_type)

    @property
    def label(self) -> str:
        return f"{self.project} / {self.entity} / {self.task_type}  ({self.status})"
