"""The worker jobs of the publish widget: `job(progress, cancel) -> result`, no widgets.

Each job opens its own database (one session per worker) and closes it when done; nothing
here runs on the main thread. QImage (not QPixmap) is safe to build off the main thread.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from qtpy import QtCore, QtGui

from axiom_publisher.config import Settings
from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.core.errors import CancelledError
from axiom_publisher.core.types import (
    EntityKind,
    ProgressCallback,
    ProgressEvent,
    PublishItem,
    Source,
    VersionRecord,
)
from axiom_publisher.publish import catalog
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.inspect import Inspection
from axiom_publisher.publish.service import PublishService
from axiom_publisher.publish.sources import resolve_source

Job = Callable[[ProgressCallback, CancelToken], object]
THUMBNAIL_WIDTH = 128


class ScratchFolders:
    """The analysis scratch folders alive for one widget (thread-safe): removed with their
    item, and all at once when the widget closes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._folders: set[Path] = set()

    def create(self) -> Path:
        folder = Path(tempfile.mkdtemp(prefix="axiom-item-"))
        with self._lock:
            self._folders.add(folder)
        return folder

    def remove(self, folder: Path | None) -> None:
        if folder is None:
            return
        with self._lock:
            self._folders.discard(folder)
        shutil.rmtree(folder, ignore_errors=True)

    def remove_all(self) -> None:
        with self._lock:
            folders, self._folders = self._folders, set()
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)

    def __len__(self) -> int:
        with self._lock:
            return len(self._folders)

    def __contains__(self, folder: Path) -> bool:
        with self._lock:
            return folder in self._folders


def throttled(progress: ProgressCallback, steps: int = 100) -> ProgressCallback:
    """Forward an event only when its phase or its percentage changes (a queued signal per
    decoded frame would flood the main thread's event queue for nothing)."""
    last: list[tuple[str, int]] = []

    def forward(event: ProgressEvent) -> None:
        step = event.done * steps // event.total if event.total else 0
        key = (event.phase, step)
        if not last or last[0] != key:
            last[:] = [key]
            progress(event)

    return forward


def projects_job(settings: Settings) -> Job:
    def job(progress: ProgressCallback, cancel: CancelToken) -> list[str]:
        with open_catalog_database(settings) as database:
            return [project.code for project in catalog.list_projects(database)]

    return job


def entities_job(settings: Settings, project: str, kind: EntityKind) -> Job:
    def job(progress: ProgressCallback, cancel: CancelToken) -> list[str]:
        with open_catalog_database(settings) as database:
            return [entity.code for entity in catalog.list_entities(database, project, kind)]

    return job


@dataclass(frozen=True, slots=True)
class ProductIndex:
    """The products of one shot or asset: per (task, product) the highest version number."""

    project: str
    entity: str
    last: dict[tuple[str, str], int] = field(default_factory=dict)

    @property
    def tasks(self) -> list[str]:
        return sorted({task for task, _ in self.last})

    def products(self, task: str) -> list[str]:
        return sorted({product for known, product in self.last if known == task})

    def next_number(self, task: str, product: str) -> int:
        return self.last.get((task, product), 0) + 1


def products_job(settings: Settings, project: str, entity: str) -> Job:
    def job(progress: ProgressCallback, cancel: CancelToken) -> ProductIndex:
        with open_catalog_database(settings) as database:
            versions = catalog.list_versions(database, settings, project=project, entity=entity)
        last: dict[tuple[str, str], int] = {}
        for version in versions:  # failed versions used their number too
            key = (version.task, version.product)
            last[key] = max(last.get(key, 0), version.number)
        return ProductIndex(project, entity, last)

    return job


def resolve_job(path: str) -> Job:
    def job(progress: ProgressCallback, cancel: CancelToken) -> Source:
        return resolve_source(path)

    return job


@dataclass(frozen=True, slots=True)
class Inspected:
    """An item's inspection, the scratch folder holding its outputs and its thumbnail."""

    inspection: Inspection
    scratch: Path
    thumbnail: QtGui.QImage | None


def _thumbnail(inspection: Inspection) -> QtGui.QImage | None:
    for path in inspection.primary.outputs.thumbnails:
        if path.suffix.lower() in (".jpg", ".jpeg"):
            image = QtGui.QImage(str(path))
            if image.isNull():
                return None
            return image.scaledToWidth(
                THUMBNAIL_WIDTH, QtCore.Qt.TransformationMode.SmoothTransformation
            )
    return None


def inspect_job(settings: Settings, item: PublishItem, scratches: ScratchFolders) -> Job:
    """Analyse and QC `item` into a fresh scratch folder (removed again on any failure)."""

    def job(progress: ProgressCallback, cancel: CancelToken) -> Inspected:
        scratch = scratches.create()
        try:
            with PublishService.open(settings) as service:
                inspection = service.inspect(item, scratch, throttled(progress), cancel)
            thumbnail = _thumbnail(inspection)
            cancel.raise_if_cancelled()
            if scratch not in scratches:  # the widget closed meanwhile
                raise CancelledError("the publish widget was closed")
        except BaseException:
            scratches.remove(scratch)
            raise
        return Inspected(inspection, scratch, thumbnail)

    return job


@dataclass(frozen=True, slots=True)
class PublishRun:
    """What a publish run did: the versions made (in order), and why it stopped early."""

    versions: tuple[VersionRecord, ...]
    attempted: int
    cancelled: bool = False
    error: BaseException | None = None


# Share of an item's progress per publish phase (reserve, stage, commit).
_PHASES = {"reserve": (0.0, 0.05), "stage": (0.05, 0.85), "commit": (0.9, 0.1)}
UNITS = 1000


def publish_job(settings: Settings, items: Sequence[tuple[PublishItem, Inspection]]) -> Job:
    """Publish each item as the next version of its product, in order. Each version is
    all-or-nothing (the service rolls a failed or cancelled one back); the run stops at the
    first failure and reports what it published before."""

    def job(progress: ProgressCallback, cancel: CancelToken) -> PublishRun:
        versions: list[VersionRecord] = []
        total = len(items) * UNITS

        def item_progress(index: int) -> ProgressCallback:
            def forward(event: ProgressEvent) -> None:
                start, share = _PHASES.get(event.phase, (0.0, 0.0))
                fraction = start + share * (event.done / event.total if event.total else 0)
                done = index * UNITS + round(fraction * UNITS)
                prefix = f"[{index + 1}/{len(items)}] " if len(items) > 1 else ""
                progress(ProgressEvent(event.phase, done, total, prefix + event.message))

            return throttled(forward, steps=200)

        attempted = 0
        try:
            with PublishService.open(settings) as service:
                for index, (item, inspection) in enumerate(items):
                    attempted = index + 1
                    cancel.raise_if_cancelled()
                    versions.append(service.publish(item, item_progress(index), cancel, inspection))
        except CancelledError:
            return PublishRun(tuple(versions), attempted, cancelled=True)
        except Exception as error:  # noqa: BLE001 - shown in the widget, never a traceback
            return PublishRun(tuple(versions), attempted, error=error)
        return PublishRun(tuple(versions), attempted)

    return job
