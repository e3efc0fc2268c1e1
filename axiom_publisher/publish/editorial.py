"""Shots from the edit: plan an import of an edit into a project, then apply it.

`plan_edit_file(settings, project, path)` reads an OTIO file or an EDL and compares its
shots with the project's, writing nothing. `apply_plan(settings, plan)` applies that plan
in ONE transaction: it creates the new shots, sets the changed cuts and (only when asked)
removes omitted shots that have no versions. A shot with versions is never removed: it is
reported as kept. If the project's shots changed between planning and applying, nothing is
written and PublishConflictError asks for a new plan.

Shot frames start at the project's first frame (1001 by default; [editorial] frame_start
overrides it): cut in = 1001, cut out = 1001 + duration - 1, handles each side
(--handles > [editorial] handles > the project's handles).
"""

from __future__ import annotations

from pathlib import Path

from axiom_publisher.config import Settings
from axiom_publisher.core.editorial import (
    Edit,
    EditorialPlan,
    EditorialResult,
    EditShots,
    compile_shot_pattern,
    plan_changes,
    shots_from_edit,
)
from axiom_publisher.core.errors import BadInputError, PublishConflictError
from axiom_publisher.core.names import validate_name
from axiom_publisher.core.types import EntityKind, EntitySpec, ProjectSpec
from axiom_publisher.db import Database, Session, repo
from axiom_publisher.db.cuts import delete_shot, set_shot_cut, shot_cuts
from axiom_publisher.editorial import read_edit
from axiom_publisher.publish.database import open_catalog_database


def edit_shots(
    settings: Settings, project: ProjectSpec, edit: Edit, *, handles: int | None = None
) -> EditShots:
    """The shots `edit` makes in `project` with the [editorial] settings."""
    options = settings.editorial
    if handles is None:
        handles = options.handles if options.handles is not None else project.handles
    if handles < 0:
        raise BadInputError(f"--handles {handles} is negative; use 0 or more")
    frame_start = options.frame_start if options.frame_start is not None else project.frame_start
    pattern = compile_shot_pattern(options.shot_pattern)
    shots = shots_from_edit(edit, pattern, frame_start=frame_start, handles=handles)
    if not shots.shots and shots.skipped and not shots.unmatched:
        names = ", ".join(repr(clip.name) for clip in shots.skipped[:3])
        raise BadInputError(
            f"{edit.path}: no clip of the edit has frames (clips: {names}); export the edit "
            "again with the shots' clips"
        )
    if not shots.shots:
        examples = ", ".join(repr(name) for name in shots.unmatched[:3])
        raise BadInputError(
            f"{edit.path}: no clip name matches the shot pattern {options.shot_pattern!r} "
            f"(clips: {examples}); set [editorial] shot_pattern"
        )
    return shots


def _plan(
    database: Database, settings: Settings, project: str, edit: Edit, handles: int | None
) -> EditorialPlan:
    spec = database.run(lambda s: repo.get_project(s, project))
    shots = edit_shots(settings, spec, edit, handles=handles)
    existing = database.run(lambda s: shot_cuts(s, project))
    plan = plan_changes(project, edit.path, shots, existing)
    # What --apply would refuse is refused here too: the dry run never promises more.
    others = {
        entity.code: entity.kind
        for entity in database.run(lambda s: repo.list_entities(s, project))
        if entity.kind is not EntityKind.SHOT
    }
    for shot in plan.new:
        if shot.code in others:
            raise BadInputError(
                f"{edit.path}: clip {shot.clips[0]!r} names the shot {shot.code!r}, but "
                f"project {project} has a {others[shot.code].value} {shot.code!r}; rename "
                "the clip or the other entity, then import again"
            )
    return plan


def plan_import(
    settings: Settings, project: str, edit: Edit, *, handles: int | None = None
) -> EditorialPlan:
    """What importing `edit` into `project` would change; nothing is written."""
    validate_name(project, "project")
    with open_catalog_database(settings) as database:
        return _plan(database, settings, project, edit, handles)


def plan_edit_file(
    settings: Settings, project: str, path: Path, *, handles: int | None = None
) -> EditorialPlan:
    """Read the edit at `path` (an EDL at the project's frame rate) and plan its import."""
    validate_name(project, "project")
    with open_catalog_database(settings) as database:
        spec = database.run(lambda s: repo.get_project(s, project))
        edit = read_edit(path, spec.fps)
        return _plan(database, settings, project, edit, handles)


def apply_plan(
    settings: Settings, plan: EditorialPlan, *, remove_omitted: bool = False
) -> EditorialResult:
    """Apply `plan` in one transaction; refused (nothing written) if the shots changed."""
    with open_catalog_database(settings) as database:
        return database.run(lambda s: apply_shot_plan(s, plan, remove_omitted))


def apply_shot_plan(session: Session, plan: EditorialPlan, remove_omitted: bool) -> EditorialResult:
    """Apply `plan` in the caller's transaction (the tracker sync shares it); refused with
    PublishConflictError, before any write, if the project's shots changed since."""
    fresh = plan_changes(
        plan.project,
        plan.source,
        EditShots(plan.shots, plan.unmatched, plan.skipped),
        shot_cuts(session, plan.project),
    )
    if fresh != plan:
        raise PublishConflictError(
            f"the shots of {plan.project} changed since this import was planned; nothing was "
            "written: plan it again"
        )
    for shot in plan.new:
        repo.create_entity(
            session,
            EntitySpec(
                project=plan.project,
                code=shot.code,
                kind=EntityKind.SHOT,
                cut_in=shot.cut_in,
                cut_out=shot.cut_out,
                handles=shot.handles,
            ),
        )
    for change in plan.changed:
        set_shot_cut(
            session,
            plan.project,
            change.code,
            cut_in=change.new.cut_in,
            cut_out=change.new.cut_out,
            handles=change.new.handles,
        )
    removed: list[str] = []
    kept: list[str] = []
    for omitted in plan.omitted:
        if remove_omitted and omitted.versions == 0:
            delete_shot(session, plan.project, omitted.code)
            removed.append(omitted.code)
        else:
            kept.append(omitted.code)
    return EditorialResult(plan=plan, applied=True, removed=tuple(removed), kept=tuple(kept))
