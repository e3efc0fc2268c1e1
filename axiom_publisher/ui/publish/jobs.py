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
from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.types import (
    EntityKind,
    ProgressCallback,
    ProgressEvent,
    PublishContext,
    PublishItem,
    Source,
    VersionRecord,
)
from axiom_publisher.publish import catalog
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.dependencies import input_versions
from axiom_publisher.publish.host_publish import (
    WorkfileVersion,
    item_progress,
    publish_from_host,
    source_in_range,
    workfile_item,
)
from axiom_publisher.publish.inspect import Inspection
from axiom_publisher.publish.scene_context import GuessedContext, guess_context
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


def resolve_job(path: str, frame_range: FrameRange | None = None) -> Job:
    """The Source `path` names; a sequence cut to `frame_range` (what a host renders)."""

    def job(progress: ProgressCallback, cancel: CancelToken) -> Source:
        return source_in_range(resolve_source(path), frame_range)

    return job


def guess_job(settings: Settings, scene: Path) -> Job:
    """The context a scene's path names (publish.scene_context), or None."""

    def job(progress: ProgressCallback, cancel: CancelToken) -> GuessedContext | None:
        with open_catalog_database(settings) as database:
            # a scene saved on another platform's form of a root: this machine's path
            return guess_context(database, Path(settings.roots.local(str(scene))))

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
    """What a publish run did: the versions made (in order), and why it stopped early; from
    a host, the work-file version the renders depend on (`workfile_reused`: unchanged)."""

    versions: tuple[VersionRecord, ...]
    attempted: int
    cancelled: bool = False
    error: BaseException | None = None
    workfile: VersionRecord | None = None
    workfile_reused: bool = False


def publish_job(settings: Settings, items: Sequence[tuple[PublishItem, Inspection]]) -> Job:
    """Publish each item as the next version of its product, in order. Each version is
    all-or-nothing (the service rolls a failed or cancelled one back); the run stops at the
    first failure and reports what it published before."""

    def job(progress: ProgressCallback, cancel: CancelToken) -> PublishRun:
        versions: list[VersionRecord] = []
        attempted = 0
        try:
            with PublishService.open(settings) as service:
                for index, (item, inspection) in enumerate(items):
                    attempted = index + 1
                    cancel.raise_if_cancelled()
                    forward = throttled(item_progress(progress, index, len(items)), steps=200)
                    versions.append(service.publish(item, forward, cancel, inspection))
        except CancelledError:
            return PublishRun(tuple(versions), attempted, cancelled=True)
        except Exception as error:  # noqa: BLE001 - shown in the widget, never a traceback
            return PublishRun(tuple(versions), attempted, error=error)
        return PublishRun(tuple(versions), attempted)

    return job


def host_publish_job(
    settings: Settings,
    scene: Path,
    context: PublishContext,
    items: Sequence[tuple[PublishItem, Inspection]],
    *,
    comment: str = "",
    host: str = "",
    loads: Sequence[str] = (),
) -> Job:
    """From a host: the saved scene as the work file (or its unchanged version), then each
    item made from it (publish.host_publish), with one progress and one cancel token.
    `loads`: the files the scene reads; those that are published versions become inputs."""

    def job(progress: ProgressCallback, cancel: CancelToken) -> PublishRun:
        versions: list[VersionRecord] = []
        made: list[WorkfileVersion] = []

        def run(cancelled: bool = False, error: BaseException | None = None) -> PublishRun:
            workfile = made[0] if made else None
            return PublishRun(
                tuple(versions),
                len(versions) + (1 if cancelled or error else 0),
                cancelled,
                error,
                workfile=workfile.record if workfile else None,
                workfile_reused=workfile.reused if workfile else False,
            )

        try:
            with PublishService.open(settings) as service:
                inputs = input_versions(settings, service.database, loads)
                workfile = workfile_item(  # the scene as this machine opens it ([roots])
                    Path(settings.roots.local(str(scene))),
                    context,
                    comment=comment,
                    host=host,
                    inputs=inputs,
                )
                publish_from_host(service, workfile, items,
                    progress=throttled(progress, steps=200), cancel=cancel,
                    on_workfile=made.append, on_version=versions.append,
                )  # fmt: skip
        except CancelledError:
            return run(cancelled=True)
        except Exception as error:  # noqa: BLE001 - shown in the widget, never a traceback
            return run(error=error)
        return run()

    return job
