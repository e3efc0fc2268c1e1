"""Repository functions for projects and entities: take a Session, return core types.

They never commit: the caller owns the transaction (`Database.run` / `Database.session`).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from axiom_publisher.core.errors import AlreadyExistsError, BadInputError, UnknownEntityError
from axiom_publisher.core.names import validate_name
from axiom_publisher.core.types import EntityKind, EntitySpec, ProjectSpec
from axiom_publisher.db.models import Entity, Project


def _project_spec(row: Project) -> ProjectSpec:
    return ProjectSpec(
        code=row.code,
        name=row.name,
        fps=row.fps,
        width=row.width,
        height=row.height,
        colorspace=row.colorspace,
        frame_start=row.frame_start,
        handles=row.handles,
    )


def _entity_spec(row: Entity, project: str) -> EntitySpec:
    return EntitySpec(
        project=project,
        code=row.code,
        kind=EntityKind(row.kind),
        cut_in=row.cut_in,
        cut_out=row.cut_out,
        handles=row.handles,
    )


def _a(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


def project_row(session: Session, code: str) -> Project:
    row = session.scalars(select(Project).where(Project.code == code)).one_or_none()
    if row is None:
        raise UnknownEntityError(
            f"there is no project {code!r}; see `axiom project list` for the known ones"
        )
    return row


def entity_row(session: Session, project: str, code: str, kind: EntityKind | None = None) -> Entity:
    project_id = project_row(session, project).id
    row = session.scalars(
        select(Entity).where(Entity.project_id == project_id, Entity.code == code)
    ).one_or_none()
    what = kind.value if kind is not None else "shot, sequence or asset"
    if row is None:
        command = kind.value if kind is EntityKind.ASSET else "shot"
        raise UnknownEntityError(
            f"there is no {what} {code!r} in project {project!r}; see "
            f"`axiom {command} list {project}` for the known ones, or create it with "
            f"`axiom {command} create {project} {code}`"
        )
    if kind is not None and row.kind != kind.value:
        raise UnknownEntityError(f"{project}/{code} is {_a(row.kind)}, not {_a(kind.value)}")
    return row


def _check_positive(**values: float) -> None:
    for name, value in values.items():
        if value <= 0:
            raise BadInputError(f"the project {name} must be positive, not {value}")


def create_project(session: Session, spec: ProjectSpec) -> ProjectSpec:
    """Add a project; AlreadyExistsError when its code is taken."""
    validate_name(spec.code, "project")
    _check_positive(fps=spec.fps, width=spec.width, height=spec.height)
    if spec.handles < 0:
        raise BadInputError(f"the project handles must not be negative, not {spec.handles}")
    exists = session.scalars(select(Project.id).where(Project.code == spec.code)).first()
    if exists is not None:
        raise AlreadyExistsError(f"the project {spec.code!r} already exists")
    row = Project(
        code=spec.code,
        name=spec.name or spec.code,
        fps=float(spec.fps),
        width=spec.width,
        height=spec.height,
        colorspace=spec.colorspace,
        frame_start=spec.frame_start,
        handles=spec.handles,
    )
    session.add(row)
    try:
        session.flush()
    except IntegrityError as error:  # created by someone else meanwhile
        raise AlreadyExistsError(f"the project {spec.code!r} already exists") from error
    return _project_spec(row)


def list_projects(session: Session) -> list[ProjectSpec]:
    rows = session.scalars(select(Project).order_by(Project.code))
    return [_project_spec(row) for row in rows]


def get_project(session: Session, code: str) -> ProjectSpec:
    """The project with this code; UnknownEntityError naming it when there is none."""
    return _project_spec(project_row(session, code))


def create_entity(session: Session, spec: EntitySpec, *, parent: str | None = None) -> EntitySpec:
    """Add a shot, sequence or asset to an existing project (`parent`: its sequence)."""
    validate_name(spec.code, spec.kind.value)
    if spec.cut_in is not None and spec.cut_out is not None and spec.cut_out < spec.cut_in:
        raise BadInputError(
            f"the cut of {spec.code!r} ends ({spec.cut_out}) before it starts ({spec.cut_in})"
        )
    if spec.handles is not None and spec.handles < 0:
        raise BadInputError(f"the handles of {spec.code!r} must not be negative")
    project = project_row(session, spec.project)
    duplicate = f"the {spec.kind.value} {spec.code!r} already exists in project {spec.project!r}"
    exists = session.scalars(
        select(Entity.id).where(Entity.project_id == project.id, Entity.code == spec.code)
    ).first()
    if exists is not None:
        raise AlreadyExistsError(duplicate)
    parent_id = entity_row(session, spec.project, parent).id if parent is not None else None
    row = Entity(
        project_id=project.id,
        kind=spec.kind.value,
        code=spec.code,
        parent_id=parent_id,
        cut_in=spec.cut_in,
        cut_out=spec.cut_out,
        handles=spec.handles,
    )
    session.add(row)
    try:
        session.flush()
    except IntegrityError as error:
        raise AlreadyExistsError(duplicate) from error
    return _entity_spec(row, spec.project)


def get_entity(
    session: Session, project: str, code: str, kind: EntityKind | None = None
) -> EntitySpec:
    """The entity `code` of `project`; UnknownEntityError when absent or of another kind."""
    return _entity_spec(entity_row(session, project, code, kind), project)


def list_entities(session: Session, project: str) -> list[EntitySpec]:
    project_id = project_row(session, project).id
    rows = session.scalars(
        select(Entity).where(Entity.project_id == project_id).order_by(Entity.code)
    )
    return [_entity_spec(row, project) for row in rows]


def check_scope(
    session: Session,
    project: str | None = None,
    entity: str | None = None,
    kind: EntityKind | None = None,
) -> None:
    """UnknownEntityError when a filter names a project, or a shot or asset (in `project`,
    else in any project), that does not exist: a listing filtered by a typo is an error,
    not an empty list."""
    if project is not None:
        project_row(session, project)
        if entity is not None:
            entity_row(session, project, entity, kind)
        return
    if entity is None:
        return
    query = select(Entity.kind).where(Entity.code == entity)
    kinds = set(session.scalars(query))
    what = kind.value if kind is not None else "shot or asset"
    if not kinds or (kind is not None and kind.value not in kinds):
        command = kind.value if kind is EntityKind.ASSET else "shot"
        raise UnknownEntityError(
            f"there is no {what} {entity!r} in any project; see "
            f"`axiom {command} list PROJECT` for the known ones"
        )
