"""`axiom tracker sync`: the tracker's sequences, shots, assets and tasks into a project.

`plan_sync(settings, project, tracker)` reads the tracker project mapped to `project`
([tracker.projects.CODE] name) and compares it with the database, writing nothing.
`apply_sync(settings, plan)` applies it in ONE transaction: missing sequences and assets are
created, shots go through the editorial import's own plan (new / changed cuts / omitted; an
omitted shot is removed only when asked and never when it has versions), tasks with their
type, status and assignees are stored, and tasks gone from the tracker are dropped. If the
project changed between planning and applying, nothing is written. A [tracker.tasks]
mapping to a task type the tracker lacks is refused before anything is read from the
database (core.tracker_plan.check_task_mapping names the key and the tracker's types).
"""

from __future__ import annotations

from dataclasses import dataclass

from axiom_publisher.config import Settings
from axiom_publisher.core.editorial import EditorialResult, plan_changes
from axiom_publisher.core.errors import BadInputError, PublishConflictError
from axiom_publisher.core.names import validate_name
from axiom_publisher.core.tracker import TrackerSnapshot
from axiom_publisher.core.tracker_plan import (
    TrackerPlan,
    check_task_mapping,
    cut_shots,
    plan_tasks,
    shot_codes,
    task_records,
    unknown_people,
)
from axiom_publisher.core.types import EntityKind, EntitySpec
from axiom_publisher.db import Database, Session, repo
from axiom_publisher.db.cuts import shot_cuts
from axiom_publisher.db.tracker_tasks import (
    delete_tracker_task,
    put_tracker_task,
    set_sequence,
    shot_sequences,
    tracker_tasks,
)
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.editorial import apply_shot_plan
from axiom_publisher.tracker import Tracker


@dataclass(frozen=True, slots=True)
class SyncResult:
    plan: TrackerPlan
    applied: bool
    shots: EditorialResult


def _codes(snapshot: TrackerSnapshot, template: str) -> dict[str, str]:
    """Tracker entity id -> AXIOM code, for shots and assets; names checked."""
    codes = shot_codes(snapshot, template)
    codes.update({asset.id: asset.name for asset in snapshot.assets})
    for code in codes.values():
        validate_name(code, "tracker entity")
    return codes


def _plan(
    session: Session, settings: Settings, project: str, snapshot: TrackerSnapshot, source: str
) -> TrackerPlan:
    names = settings.tracker.names_for(project)
    check_task_mapping(snapshot, names.tasks, settings.tracker.names.sources(project))
    spec = repo.get_project(session, project)
    codes = _codes(snapshot, settings.tracker.shot_code)
    edit = cut_shots(snapshot, codes, source, spec.handles)
    shots = plan_changes(project, source, edit, shot_cuts(session, project))
    entities = {entity.code: entity.kind for entity in repo.list_entities(session, project)}
    for shot in shots.new:
        if shot.code in entities:
            raise BadInputError(
                f"{source}: the shot {shot.code!r} is a {entities[shot.code].value} in project "
                f"{project}; rename one of them, then sync again"
            )
    sequences = tuple(s.name for s in snapshot.sequences if s.name not in entities)
    for name in sequences:
        validate_name(name, "sequence")
    assets = tuple(a.name for a in snapshot.assets if a.name not in entities)
    synced = {shot.code for shot in edit.shots} | {a.name for a in snapshot.assets}
    wanted = task_records(snapshot, {tid: code for tid, code in codes.items() if code in synced})
    new, changed, omitted = plan_tasks(wanted, tracker_tasks(session, project))
    types = sorted(t.name for t in snapshot.task_types)
    return TrackerPlan(
        project=project,
        tracker_project=snapshot.project.name,
        shots=shots,
        new_sequences=sequences,
        new_assets=assets,
        task_types=tuple(types),
        tasks=wanted,
        new_tasks=new,
        changed_tasks=changed,
        omitted_tasks=omitted,
        task_names=tuple((name, names.task_for(name)) for name in types),
        unknown_people=unknown_people(
            snapshot, names.people, settings.tracker.names.people_sources(project)
        ),
    )


def _link_sequences(
    session: Session, plan: TrackerPlan, snapshot: TrackerSnapshot, template: str
) -> None:
    """Each synced shot under its tracker sequence (the entity's parent)."""
    synced = {shot.code for shot in plan.shots.shots}
    current = shot_sequences(session, plan.project)
    sequences = {s.name for s in snapshot.sequences}
    for shot in snapshot.shots:
        code = template.format(shot=shot.name, sequence=shot.sequence)
        if code in synced and shot.sequence in sequences and current.get(code) != shot.sequence:
            set_sequence(session, plan.project, code, shot.sequence)


def read_tracker(settings: Settings, project: str, tracker: Tracker) -> TrackerSnapshot:
    validate_name(project, "project")
    return tracker.snapshot(tracker.find_project(settings.tracker.project_name(project)))


def plan_sync(
    settings: Settings, project: str, snapshot: TrackerSnapshot, source: str
) -> TrackerPlan:
    """What syncing `snapshot` into `project` would change; nothing is written."""
    with open_catalog_database(settings) as database:
        return database.run(lambda s: _plan(s, settings, project, snapshot, source))


def apply_sync(
    settings: Settings,
    plan: TrackerPlan,
    snapshot: TrackerSnapshot,
    source: str,
    *,
    remove_omitted: bool = False,
) -> SyncResult:
    with open_catalog_database(settings) as database:
        return _apply_all(database, settings, plan, snapshot, source, remove_omitted)


def _apply_all(
    database: Database,
    settings: Settings,
    plan: TrackerPlan,
    snapshot: TrackerSnapshot,
    source: str,
    remove_omitted: bool,
) -> SyncResult:
    def write(session: Session) -> SyncResult:
        if _plan(session, settings, plan.project, snapshot, source) != plan:
            raise PublishConflictError(
                f"project {plan.project} changed since this sync was planned; nothing was "
                "written: sync again"
            )
        for name in plan.new_sequences:
            repo.create_entity(session, EntitySpec(plan.project, name, EntityKind.SEQUENCE))
        for name in plan.new_assets:
            repo.create_entity(session, EntitySpec(plan.project, name, EntityKind.ASSET))
        shots = apply_shot_plan(session, plan.shots, remove_omitted)
        _link_sequences(session, plan, snapshot, settings.tracker.shot_code)
        for task in plan.omitted_tasks:
            delete_tracker_task(session, plan.project, task.tracker_id)
        for task in plan.new_tasks:
            put_tracker_task(session, plan.project, task)
        for change in plan.changed_tasks:
            put_tracker_task(session, plan.project, change.new)
        return SyncResult(plan=plan, applied=True, shots=shots)

    return database.run(write)
