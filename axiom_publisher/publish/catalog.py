"""Projects, shots and assets, and the version listing: thin, validated calls on the database."""

from __future__ import annotations

import math

from axiom_publisher.config import Settings
from axiom_publisher.core.catalog import IdenticalVersion, ProductSummary
from axiom_publisher.core.errors import BadInputError
from axiom_publisher.core.names import validate_name
from axiom_publisher.core.types import (
    EntityKind,
    EntitySpec,
    ProjectSpec,
    VersionRecord,
    VersionStatus,
)
from axiom_publisher.db import Database, repo
from axiom_publisher.publish.records import absolute_record

MAX_RESOLUTION = 32768


def create_project(database: Database, spec: ProjectSpec) -> ProjectSpec:
    validate_name(spec.code, "project")
    if not math.isfinite(spec.fps) or not 0 < spec.fps <= 1000:
        raise BadInputError(f"--fps {spec.fps} is not a frame rate; use e.g. 24 or 23.976")
    if not (0 < spec.width <= MAX_RESOLUTION and 0 < spec.height <= MAX_RESOLUTION):
        raise BadInputError(
            f"--resolution {spec.width}x{spec.height} is out of range; use e.g. 1920x1080"
        )
    if spec.handles < 0:
        raise BadInputError(f"--handles {spec.handles} is negative; use 0 or more")
    if not spec.colorspace.strip() or len(spec.colorspace) > 128:
        raise BadInputError("--colorspace must name a colour space, e.g. ACEScg")
    return database.run(lambda s: repo.create_project(s, spec))


def list_projects(database: Database) -> list[ProjectSpec]:
    return database.run(repo.list_projects)


def get_project(database: Database, code: str) -> ProjectSpec:
    """The project `code`; UnknownEntityError (with `axiom project list`) when absent."""
    validate_name(code, "project")
    return database.run(lambda s: repo.get_project(s, code))


def create_entity(database: Database, spec: EntitySpec) -> EntitySpec:
    validate_name(spec.project, "project")
    validate_name(spec.code, spec.kind.value)
    if spec.handles is not None and spec.handles < 0:
        raise BadInputError(f"--handles {spec.handles} is negative; use 0 or more")
    if spec.kind is not EntityKind.SHOT and spec.cut_range is not None:
        raise BadInputError(f"only shots have a cut range, not a {spec.kind.value}")
    return database.run(lambda s: repo.create_entity(s, spec))


def list_entities(
    database: Database, project: str, kind: EntityKind | None = None
) -> list[EntitySpec]:
    """The shots, sequences and assets of `project` (only those of `kind` if given), by code."""
    validate_name(project, "project")
    entities = database.run(lambda s: repo.list_entities(s, project))
    return [entity for entity in entities if kind is None or entity.kind is kind]


def check_filter(
    database: Database,
    *,
    project: str | None = None,
    entity: str | None = None,
    kind: EntityKind | None = None,
    product: str | None = None,
) -> None:
    """UnknownEntityError (exit 2) when a listing's filter names a project, shot, asset or
    product that does not exist, with the list command that shows the known ones."""
    if product is not None:
        database.run(lambda s: repo.check_product(s, project, entity, product, kind))
    else:
        database.run(lambda s: repo.check_scope(s, project, entity, kind))


def list_products(
    database: Database,
    project: str,
    entity: str | None = None,
    kind: EntityKind | None = None,
) -> list[ProductSummary]:
    """The products of `project` (of one shot or asset), with their version counts."""
    validate_name(project, "project")
    return database.run(lambda s: repo.list_products(s, project, entity, kind))


def identical_versions(
    database: Database, project: str, content_hash: str
) -> list[IdenticalVersion]:
    """The published versions of `project` holding this content hash, oldest first."""
    return database.run(lambda s: repo.identical_versions(s, project, content_hash))


def list_versions(
    database: Database,
    settings: Settings,
    *,
    project: str | None = None,
    entity: str | None = None,
    product: str | None = None,
    status: VersionStatus | None = None,
) -> list[VersionRecord]:
    records = database.run(
        lambda s: repo.list_versions(
            s, project=project, entity=entity, product=product, status=status
        )
    )
    return [absolute_record(record, settings.publish_root) for record in records]
