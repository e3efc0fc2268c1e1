"""Repository functions joining versions and people to the synced tracker tasks.

They take a Session and never commit. Assignees are a JSON list, so who is assigned is
decided here in Python (core.my_tasks), the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from axiom_publisher.core.my_tasks import MyTask, TaskLink
from axiom_publisher.core.tracker_names import DEFAULT_NAMES, NameMap
from axiom_publisher.core.types import EntityKind
from axiom_publisher.db.models import Entity, Project, TrackerTask


def assigned_tasks(
    session: Session,
    user: str,
    project: str | None = None,
    names: Callable[[str], NameMap] = lambda project: DEFAULT_NAMES,
) -> list[MyTask]:
    """The synced tracker tasks assigned to `user`, by project, shot or asset, task type;
    `names(project)` maps the studio's logins and task names to the tracker's."""
    query = (
        select(TrackerTask, Entity.code, Entity.kind, Project.code)
        .join(Entity, TrackerTask.entity_id == Entity.id)
        .join(Project, Entity.project_id == Project.id)
        .order_by(Project.code, Entity.code, TrackerTask.task_type, TrackerTask.tracker_id)
    )
    if project is not None:
        query = query.where(Project.code == project)
    found = []
    for task, code, kind, project_code in session.execute(query):
        mapping = names(project_code)
        if mapping.assigned_to(user, task.assignees):
            found.append(
                MyTask(
                    project=project_code,
                    entity=code,
                    entity_kind=EntityKind(kind),
                    task_type=task.task_type,
                    status=task.status,
                    tracker_id=task.tracker_id,
                    assignees=tuple(task.assignees),
                    studio_task=mapping.task_for(task.task_type),
                )
            )
    return found


def task_for_publish(
    session: Session, entity_id: int, task: str, author: str, names: NameMap = DEFAULT_NAMES
) -> int | None:
    """The id of the synced tracker task a publish into AXIOM task `task` of the entity
    belongs to: the one whose type gives `task` (through `names`, the project's mapping);
    of several, the one assigned to `author`, then the lowest tracker id. None when the
    entity has no such task (not synced)."""
    rows = session.scalars(
        select(TrackerTask)
        .where(TrackerTask.entity_id == entity_id)
        .order_by(TrackerTask.tracker_id)
    )
    matching = [row for row in rows if names.is_task_of(task, row.task_type)]
    mine = [row for row in matching if names.assigned_to(author, row.assignees)]
    chosen = mine or matching
    return chosen[0].id if chosen else None


def task_links(session: Session, task_ids: Iterable[int | None]) -> dict[int, TaskLink]:
    """Tracker task row id -> its link, for the given ids (one query)."""
    wanted = sorted({task_id for task_id in task_ids if task_id is not None})
    if not wanted:
        return {}
    rows = session.scalars(select(TrackerTask).where(TrackerTask.id.in_(wanted)))
    return {
        row.id: TaskLink(tracker_id=row.tracker_id, task_type=row.task_type, status=row.status)
        for row in rows
    }
