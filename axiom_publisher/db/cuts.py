"""Repository functions for shots' cuts, as an editorial import reads and writes them.

They take a Session and never commit: the publish layer applies a whole import in one
transaction (`Database.run`).
"""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from axiom_publisher.core.editorial import ShotCut
from axiom_publisher.core.errors import BadInputError, PublishConflictError
from axiom_publisher.core.types import EntityKind, EntitySpec
from axiom_publisher.db.entities import entity_row, get_entity, project_row
from axiom_publisher.db.models import Entity, Product, Version


def shot_cuts(session: Session, project: str) -> list[ShotCut]:
    """Every shot of `project` with its cut, handles and number of versions (any status)."""
    project_id = project_row(session, project).id
    versions = (
        select(Product.entity_id, func.count(Version.id).label("versions"))
        .join(Version, Version.product_id == Product.id)
        .group_by(Product.entity_id)
        .subquery()
    )
    rows = session.execute(
        select(Entity, versions.c.versions)
        .outerjoin(versions, versions.c.entity_id == Entity.id)
        .where(Entity.project_id == project_id, Entity.kind == EntityKind.SHOT.value)
        .order_by(Entity.code)
    )
    return [
        ShotCut(
            code=entity.code,
            cut_in=entity.cut_in,
            cut_out=entity.cut_out,
            handles=entity.handles,
            versions=int(count or 0),
        )
        for entity, count in rows
    ]


def set_shot_cut(
    session: Session, project: str, code: str, *, cut_in: int, cut_out: int, handles: int
) -> EntitySpec:
    """Give the shot `code` of `project` a new cut range and handles."""
    if cut_out < cut_in:
        raise BadInputError(f"the cut of {code!r} ends ({cut_out}) before it starts ({cut_in})")
    if handles < 0:
        raise BadInputError(f"the handles of {code!r} must not be negative")
    row = entity_row(session, project, code, EntityKind.SHOT)
    row.cut_in, row.cut_out, row.handles = cut_in, cut_out, handles
    session.flush()
    return get_entity(session, project, code, EntityKind.SHOT)


def delete_shot(session: Session, project: str, code: str) -> None:
    """Remove a shot that has no versions (its empty products go with it).

    A shot with versions is never deleted: PublishConflictError says so.
    """
    row = entity_row(session, project, code, EntityKind.SHOT)
    count = session.scalar(
        select(func.count(Version.id))
        .join(Product, Version.product_id == Product.id)
        .where(Product.entity_id == row.id)
    )
    if count:
        raise PublishConflictError(
            f"the shot {project}/{code} has {count} version(s) and is kept; only shots "
            "without versions are removed"
        )
    session.execute(delete(Product).where(Product.entity_id == row.id))
    session.delete(row)
    session.flush()
