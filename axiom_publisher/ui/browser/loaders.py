"""Jobs for the versions browser: `job(progress, cancel) -> result`, run in a WorkerPool.

Each job opens its own database (one session per worker thread) and returns plain core
values; thumbnails are read and scaled here too, so the main thread never touches the
database or the publish area.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from qtpy import QtCore, QtGui

from axiom_publisher.config import Settings
from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.core.outbox import DeliveryState
from axiom_publisher.core.types import EntitySpec, ProgressEvent, ProjectSpec, VersionRecord
from axiom_publisher.publish import catalog
from axiom_publisher.publish import database as catalog_database
from axiom_publisher.publish.tracker.outbox import version_states

Progress = Callable[[ProgressEvent], None]
Key = tuple[str, str, str]
SMALL_THUMBNAIL = QtCore.QSize(96, 54)
LARGE_THUMBNAIL = QtCore.QSize(320, 180)


@dataclass(frozen=True, slots=True)
class ProductSummary:
    """One product of an entity, with its versions newest first."""

    entity: str
    task: str
    product: str
    versions: tuple[VersionRecord, ...]

    @property
    def latest(self) -> VersionRecord | None:
        return self.versions[0] if self.versions else None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.entity, self.task, self.product)


@dataclass(frozen=True, slots=True)
class EntityNode:
    """A shot or asset and its products."""

    entity: EntitySpec
    products: tuple[ProductSummary, ...] = ()


@dataclass(frozen=True, slots=True)
class VersionsPage:
    """The versions of one product, newest first, with their thumbnails by version id."""

    project: str
    key: tuple[str, str, str]
    records: tuple[VersionRecord, ...]
    thumbnails: dict[int, QtGui.QImage] = field(default_factory=dict)
    previews: dict[int, QtGui.QImage] = field(default_factory=dict)
    deliveries: dict[int, DeliveryState] = field(default_factory=dict)  # tracker, by version id


def newest_first(records: list[VersionRecord]) -> tuple[VersionRecord, ...]:
    return tuple(sorted(records, key=lambda record: record.number, reverse=True))


def build_tree(entities: list[EntitySpec], records: list[VersionRecord]) -> list[EntityNode]:
    """Entities (shots first, then assets, then sequences; by code) with their products."""
    grouped: dict[tuple[str, str, str], list[VersionRecord]] = {}
    for record in records:
        grouped.setdefault((record.entity, record.task, record.product), []).append(record)
    order = {"shot": 0, "asset": 1, "sequence": 2}
    nodes = []
    for entity in sorted(entities, key=lambda spec: (order.get(spec.kind.value, 3), spec.code)):
        products = tuple(
            ProductSummary(key[0], key[1], key[2], newest_first(versions))
            for key, versions in sorted(grouped.items())
            if key[0] == entity.code
        )
        nodes.append(EntityNode(entity, products))
    return nodes


def projects_job(settings: Settings) -> Callable[[Progress, CancelToken], list[ProjectSpec]]:
    def job(progress: Progress, cancel: CancelToken) -> list[ProjectSpec]:
        progress(ProgressEvent("projects", message="loading projects"))
        with catalog_database.open_catalog_database(settings) as database:
            return catalog.list_projects(database)

    return job


def tree_job(
    settings: Settings, project: str
) -> Callable[[Progress, CancelToken], tuple[str, list[EntityNode]]]:
    """(project, its entities with their products)."""

    def job(progress: Progress, cancel: CancelToken) -> tuple[str, list[EntityNode]]:
        progress(ProgressEvent("tree", message=f"loading {project}"))
        with catalog_database.open_catalog_database(settings) as database:
            entities = catalog.list_entities(database, project)
            cancel.raise_if_cancelled()
            records = catalog.list_versions(database, settings, project=project)
        return project, build_tree(entities, records)

    return job


def _read_image(path: str, size: QtCore.QSize) -> QtGui.QImage | None:
    image = QtGui.QImage(path)
    if image.isNull():
        return None
    return image.scaled(
        size,
        QtCore.Qt.AspectRatioMode.KeepAspectRatio,
        QtCore.Qt.TransformationMode.SmoothTransformation,
    )


def versions_job(
    settings: Settings, project: str, key: tuple[str, str, str]
) -> Callable[[Progress, CancelToken], VersionsPage]:
    entity, task, product = key

    def job(progress: Progress, cancel: CancelToken) -> VersionsPage:
        progress(ProgressEvent("versions", message=f"loading {entity}/{task}/{product}"))
        with catalog_database.open_catalog_database(settings) as database:
            records = catalog.list_versions(
                database, settings, project=project, entity=entity, product=product
            )
        ordered = newest_first([record for record in records if record.task == task])
        page = VersionsPage(project, key, ordered)
        if settings.tracker.kind is not None:
            page.deliveries.update(version_states(settings, [r.id for r in ordered]))
        for done, record in enumerate(ordered, 1):
            cancel.raise_if_cancelled()
            if record.thumbnail is not None and record.thumbnail.is_file():
                small = _read_image(str(record.thumbnail), SMALL_THUMBNAIL)
                large = _read_image(str(record.thumbnail), LARGE_THUMBNAIL)
                if small is not None and large is not None:
                    page.thumbnails[record.id] = small
                    page.previews[record.id] = large
            progress(ProgressEvent("thumbnails", done, len(ordered)))
        return page

    return job


Deliveries = tuple[tuple[str, Key], dict[int, DeliveryState]]


def deliveries_job(
    settings: Settings, page: tuple[str, Key], version_ids: list[int]
) -> Callable[[Progress, CancelToken], Deliveries]:
    """((project, product key), the tracker delivery states of its versions), read again."""

    def job(progress: Progress, cancel: CancelToken) -> Deliveries:
        return page, version_states(settings, version_ids)

    return job
