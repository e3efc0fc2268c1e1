"""Repository functions for the tracker's tasks (`axiom tracker sync`). They take a Session
and never commit."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, aliased

from axiom_publisher.core.tracker_plan import TaskRecord
from axiom_publisher.core.types import EntityKind
from axiom_publisher.db.entities import entity_row, project_row
from axiom_publisher.db.models import Entity, TrackerTask


def tracker_tasks(session: Session, project: str) -> list[TaskRecord]:
    """Every tracker task stored for `project`, by entity code then tracker id."""
    project_id = project_row(session, project).id
    rows = session.execute(
        select(TrackerTask, Entity.code)
        .join(Entity, TrackerTask.entity_id == Entity.id)
        .where(Entity.project_id == project_id)
        .order_by(Entity.code, TrackerTask.tracker_id)
    )
    return [
        TaskRecord(
            entity=code,
            tracker_id=task.tracker_id,
            task_type=task.task_type,
            status=task.status,
            assignees=tuple(task.assignees),
        )
        for task, code in rows
    ]


def put_tracker_task(session: Session, project: str, task: TaskRecord) -> None:
    """Store `task` (insert, or update the row with its tracker id)."""
    entity = entity_row(session, project, task.entity)
    project_id = project_row(session, project).id
    row = session.scalars(
        select(TrackerTask)
        .join(Entity, TrackerTask.entity_id == Entity.id)
        .where(Entity.project_id == project_id, TrackerTask.tracker_id == task.tracker_id)
    ).first()
    if row is None:
        row = TrackerTask(tracker_id=task.tracker_id)
        session.add(row)
    row.entity_id = entity.id
    row.task_type = task.task_type
    row.status = task.status
    row.assignees = list(task.assignees)
    session.flush()


def delete_tracker_task(session: Session, project: str, tracker_id: str) -> None:
    project_id = project_row(session, project).id
    ids = select(Entity.id).where(Entity.project_id == project_id)
    session.execute(
        delete(TrackerTask).where(
            TrackerTask.tracker_id == tracker_id, TrackerTask.entity_id.in_(ids)
        )
    )
    session.flush()


def shot_sequences(session: Session, project: str) -> dict[str, str]:
    """Shot code -> the code of its sequence (parent), for the shots of `project` that have one."""
    project_id = project_row(session, project).id
    sequence = aliased(Entity)
    rows = session.execute(
        select(Entity.code, sequence.code)
        .join(sequence, Entity.parent_id == sequence.id)
        .where(Entity.project_id == project_id)
    )
    return {shot: parent for shot, parent in rows}


def set_sequence(session: Session, project: str, shot: str, sequence: str) -> None:
    """Make the sequence `sequence` the parent of the shot `shot`."""
    row = entity_row(session, project, shot, EntityKind.SHOT)
    row.parent_id = entity_row(session, project, sequence, EntityKind.SEQUENCE).id
    session.flush()
