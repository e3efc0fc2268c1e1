"""Repository functions for products: the listing with version counts, and the published
versions that already hold a given content. Take a Session, return core types, never commit."""

from __future__ import annotations

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from axiom_publisher.core.catalog import IdenticalVersion, ProductSummary
from axiom_publisher.core.errors import UnknownEntityError
from axiom_publisher.core.types import EntityKind, VersionStatus
from axiom_publisher.db.entities import check_scope, project_row
from axiom_publisher.db.models import Entity, Product, Project, Version


def list_products(
    session: Session,
    project: str,
    entity: str | None = None,
    kind: EntityKind | None = None,
) -> list[ProductSummary]:
    """The products of `project` (of one shot or asset when `entity` is given), by entity,
    task and name; UnknownEntityError when the project or the entity does not exist."""
    check_scope(session, project, entity, kind)
    published = Version.status == VersionStatus.PUBLISHED.value
    query = (
        select(
            Entity.code,
            Entity.kind,
            Product.task,
            Product.name,
            Product.last_version,
            func.count(case((published, Version.id))),
            func.max(case((published, Version.number))),
        )
        .join(Entity, Product.entity_id == Entity.id)
        .outerjoin(Version, Version.product_id == Product.id)
        .where(Entity.project_id == project_row(session, project).id)
        .group_by(Product.id, Entity.code, Entity.kind, Product.task, Product.name)
        .order_by(Entity.code, Product.task, Product.name)
    )
    if entity is not None:
        query = query.where(Entity.code == entity)
    return [
        ProductSummary(project, code, EntityKind(row_kind), task, name, last, count, latest)
        for code, row_kind, task, name, last, count, latest in session.execute(query)
    ]


def identical_versions(session: Session, project: str, content_hash: str) -> list[IdenticalVersion]:
    """The published versions of `project` whose content hash is `content_hash`, oldest first
    (the check of [publish] identical; ingest's duplicate check uses the same column)."""
    query = (
        select(Version.id, Entity.code, Product.task, Product.name, Version.number)
        .join(Product, Version.product_id == Product.id)
        .join(Entity, Product.entity_id == Entity.id)
        .join(Project, Entity.project_id == Project.id)
        .where(
            Project.code == project,
            Version.status == VersionStatus.PUBLISHED.value,
            Version.content_hash == content_hash,
        )
        .order_by(Version.id)
    )
    return [
        IdenticalVersion(version_id, project, entity, task, product, number)
        for version_id, entity, task, product, number in session.execute(query)
    ]


def check_product(
    session: Session,
    project: str | None,
    entity: str | None,
    product: str,
    kind: EntityKind | None = None,
) -> None:
    """UnknownEntityError when no product named `product` exists in the scope."""
    check_scope(session, project, entity, kind)
    query = (
        select(Product.id)
        .join(Entity, Product.entity_id == Entity.id)
        .where(Product.name == product)
    )
    if project is not None:
        query = query.where(Entity.project_id == project_row(session, project).id)
    if entity is not None:
        query = query.where(Entity.code == entity)
    if session.scalars(query.limit(1)).first() is None:
        scope = "/".join(part for part in (project, entity) if part) or "any project"
        listing = f"axiom product list {project}" if project else "axiom product list PROJECT"
        raise UnknownEntityError(
            f"there is no product {product!r} in {scope}; see `{listing}` for the known ones"
        )
