"""What `axiom tracker sync` would change: the editorial import's shot plan plus the
tracker's sequences, assets and tasks.

The shot part IS an editorial plan (core.editorial.plan_changes): the tracker's shots are
turned into cut shots (frame in/out, handles) and compared the same way, so the report and
the "never remove a shot with versions" rule are the editorial import's own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from axiom_publisher.core.editorial import CutShot, EditorialPlan, EditShots, SkippedClip
from axiom_publisher.core.errors import ConfigError
from axiom_publisher.core.tracker import TrackerSnapshot


@dataclass(frozen=True, slots=True)
class TaskRecord:
    """A tracker task as AXIOM stores it, on the AXIOM entity (shot or asset) `entity`."""

    entity: str
    tracker_id: str
    task_type: str
    status: str
    assignees: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TaskChange:
    old: TaskRecord
    new: TaskRecord


@dataclass(frozen=True, slots=True)
class TrackerPlan:
    project: str
    tracker_project: str
    shots: EditorialPlan
    new_sequences: tuple[str, ...]
    new_assets: tuple[str, ...]
    task_types: tuple[str, ...]
    tasks: tuple[TaskRecord, ...]
    new_tasks: tuple[TaskRecord, ...]
    changed_tasks: tuple[TaskChange, ...]
    omitted_tasks: tuple[TaskRecord, ...]
    task_names: tuple[tuple[str, str], ...] = ()  # (task type, the AXIOM task it publishes into)
    unknown_people: tuple[tuple[str, str], ...] = ()  # (config key, a person the tracker lacks)

    @property
    def has_changes(self) -> bool:
        return bool(
            self.shots.has_changes
            or self.new_sequences
            or self.new_assets
            or self.new_tasks
            or self.changed_tasks
            or self.omitted_tasks
        )


def check_task_mapping(
    snapshot: TrackerSnapshot, mapping: Mapping[str, str], keys: Mapping[str, str]
) -> None:
    """Refuse a studio task name mapped to a task type the tracker does not have
    (`mapping`: studio task -> task type; `keys`: studio task -> its config key)."""
    known = snapshot.all_task_types or tuple(t.name for t in snapshot.task_types)
    folded = {name.casefold() for name in known}
    for task, task_type in mapping.items():
        if task_type.casefold() not in folded:
            key = keys.get(task, f"tracker.tasks.{task}")
            raise ConfigError(
                f"{key} = {task_type!r} is not a task type of the tracker; its task types: "
                f"{', '.join(sorted(known, key=str.casefold)) or 'none'} (set {key} to one of "
                "them, then sync again)"
            )


def unknown_people(
    snapshot: TrackerSnapshot, mapping: Mapping[str, str], keys: Mapping[str, str]
) -> tuple[tuple[str, str], ...]:
    """(config key, person) of each [tracker.people] entry naming nobody on the tracker
    (nothing to check when the tracker did not list its people)."""
    if not snapshot.people:
        return ()
    known = {person.casefold() for person in snapshot.people}
    return tuple(
        (keys.get(login, f"tracker.people.{login}"), person)
        for login, person in mapping.items()
        if person.casefold() not in known
    )


def shot_codes(snapshot: TrackerSnapshot, template: str) -> dict[str, str]:
    """Tracker shot id -> AXIOM shot code (`template` uses {shot} and {sequence})."""
    return {s.id: template.format(shot=s.name, sequence=s.sequence) for s in snapshot.shots}


def cut_shots(
    snapshot: TrackerSnapshot, codes: dict[str, str], source: str, default_handles: int
) -> EditShots:
    """The tracker's shots as cut shots; a shot without frame in/out is skipped, saying so."""
    shots: list[CutShot] = []
    skipped: list[SkippedClip] = []
    for shot in snapshot.shots:
        code = codes[shot.id]
        if shot.frame_in is None or shot.frame_out is None or shot.frame_out < shot.frame_in:
            skipped.append(
                SkippedClip(
                    name=code,
                    edit=source,
                    record_in="",
                    reason="no valid frame in/out on the tracker "
                    f"({shot.frame_in}-{shot.frame_out})",
                )
            )
            continue
        handles = [h for h in (shot.handle_in, shot.handle_out) if h is not None]
        shots.append(
            CutShot(
                code=code,
                cut_in=shot.frame_in,
                cut_out=shot.frame_out,
                handles=max(handles) if handles else default_handles,
                clips=(),
                record_in="",
                source_in="",
                source_out="",
            )
        )
    return EditShots(shots=tuple(shots), unmatched=(), skipped=tuple(skipped))


def task_records(snapshot: TrackerSnapshot, entity_codes: dict[str, str]) -> tuple[TaskRecord, ...]:
    """The snapshot's tasks on the entities AXIOM has codes for (tracker entity id -> code)."""
    return tuple(
        TaskRecord(
            entity=entity_codes[task.entity_id],
            tracker_id=task.id,
            task_type=task.task_type,
            status=task.status,
            assignees=task.assignees,
        )
        for task in snapshot.tasks
        if task.entity_id in entity_codes
    )


def plan_tasks(
    tasks: tuple[TaskRecord, ...], existing: list[TaskRecord]
) -> tuple[tuple[TaskRecord, ...], tuple[TaskChange, ...], tuple[TaskRecord, ...]]:
    """New, changed and omitted tasks, by tracker id."""
    known = {task.tracker_id: task for task in existing}
    new = tuple(task for task in tasks if task.tracker_id not in known)
    changed = tuple(
        TaskChange(old=known[task.tracker_id], new=task)
        for task in tasks
        if task.tracker_id in known and known[task.tracker_id] != task
    )
    wanted = {task.tracker_id for task in tasks}
    omitted = tuple(task for task in existing if task.tracker_id not in wanted)
    return new, changed, omitted
