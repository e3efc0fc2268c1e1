"""Publishing from a host (Nuke, Maya, Houdini): the work file first, then what it made.

The scene, saved by the host on its main thread, is published as the product
`WORKFILE_PRODUCT` of the same shot or asset and task; each render is then published with
`depends_on=(workfile version id,)` and `workfile=<scene path>`. An unchanged scene (its
content hash already published as that product) reuses that version instead of making a
duplicate. One progress callback and one cancel token run through all of it. No Qt: the
UI calls this in a worker, a script or a farm job may call it directly.
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.core.errors import SourceNotFoundError
from axiom_publisher.core.frames import FrameRange, compact_frames
from axiom_publisher.core.host import WORKFILE_PRODUCT
from axiom_publisher.core.types import (
    ProgressCallback,
    ProgressEvent,
    PublishContext,
    PublishItem,
    Source,
    VersionRecord,
    VersionStatus,
    no_progress,
)
from axiom_publisher.db import repo
from axiom_publisher.publish.inspect import Inspection, item_content_hash
from axiom_publisher.publish.records import absolute_record
from axiom_publisher.publish.service import PublishService
from axiom_publisher.publish.sources import resolve_source

# Share of an item's progress per publish phase (analysis is quick or done before).
PHASES = {"reserve": (0.0, 0.05), "stage": (0.05, 0.85), "commit": (0.9, 0.1)}
UNITS = 1000


@dataclass(frozen=True, slots=True)
class WorkfileVersion:
    """The work-file version the renders were made from; `reused` when the scene was
    unchanged since that version was published."""

    record: VersionRecord
    reused: bool


@dataclass(frozen=True, slots=True)
class HostPublishResult:
    workfile: WorkfileVersion
    versions: tuple[VersionRecord, ...]  # the renders, in order


def workfile_item(
    scene: Path,
    context: PublishContext,
    *,
    comment: str = "",
    author: str = "",
    host: str = "",
    inputs: tuple[int, ...] = (),
) -> PublishItem:
    """The saved scene as an item of product WORKFILE_PRODUCT of `context`'s shot and task
    (reads the file system: call it in a worker)."""
    return PublishItem(
        context=dataclasses.replace(context, product=WORKFILE_PRODUCT),
        sources=(resolve_source(scene),),
        comment=comment,
        author=author,
        host=host,
        workfile=str(scene),
        inputs=inputs,
    )


def made_from(item: PublishItem, workfile: VersionRecord, scene: Path) -> PublishItem:
    """`item` recording that it was made from the work-file version `workfile`."""
    depends_on = tuple(sorted({*item.depends_on, workfile.id}))
    return dataclasses.replace(item, depends_on=depends_on, workfile=str(scene))


def with_inputs(item: PublishItem, inputs: tuple[int, ...]) -> PublishItem:
    """`item` also recording `inputs` (what its work file loaded) as its own inputs."""
    return dataclasses.replace(item, inputs=tuple(sorted({*item.inputs, *inputs})))


def source_in_range(source: Source, frame_range: FrameRange | None) -> Source:
    """A sequence cut to the frames the host renders (its declared range): files outside
    are left out, frames of the range not on disk become missing frames. A movie or a
    single file is returned as it is."""
    if frame_range is None or source.frame_range is None:
        return source
    wanted = range(frame_range.first, frame_range.last + 1)
    files = tuple(file for file in source.files if file.frame in wanted)
    if not files:
        raise SourceNotFoundError(
            f"{source.display} has no frame in {frame_range}, the range the host renders; "
            "render it first"
        )
    present = {file.frame for file in files}
    missing = tuple(frame for frame in wanted if frame not in present)
    display = source.display.rsplit(" (missing ", 1)[0]
    if missing:
        display += f" (missing {compact_frames(missing)})"
    return dataclasses.replace(
        source, files=files, display=display, frame_range=frame_range, missing_frames=missing
    )


def item_progress(progress: ProgressCallback, index: int, count: int) -> ProgressCallback:
    """Forward the events of item `index` of `count` as shares of one overall progress."""
    total = max(count, 1) * UNITS

    def forward(event: ProgressEvent) -> None:
        start, share = PHASES.get(event.phase, (0.0, 0.0))
        fraction = start + share * (event.done / event.total if event.total else 0)
        done = index * UNITS + round(fraction * UNITS)
        prefix = f"[{index + 1}/{count}] " if count > 1 else ""
        progress(ProgressEvent(event.phase, done, total, prefix + event.message))

    return forward


def published_workfile(
    service: PublishService, context: PublishContext, content_hash: str
) -> VersionRecord | None:
    """The newest published version of `context`'s product with this content, if any."""
    found = service.database.run(
        lambda s: repo.list_versions(
            s,
            project=context.project,
            entity=context.entity,
            task=context.task,
            product=context.product,
            status=VersionStatus.PUBLISHED,
            content_hash=content_hash,
        )
    )
    return absolute_record(found[-1], service.settings.publish_root) if found else None


def publish_workfile(
    service: PublishService,
    item: PublishItem,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> WorkfileVersion:
    """Publish the scene, or reuse its published version when its content is unchanged."""
    cancel = cancel or CancelToken()
    with tempfile.TemporaryDirectory(prefix="axiom-workfile-") as scratch:
        inspection = service.inspect(item, Path(scratch), progress, cancel)
        content_hash = item_content_hash(inspection.primary)
        if content_hash is not None:
            existing = published_workfile(service, item.context, content_hash)
            if existing is not None:
                progress(ProgressEvent("commit", 1, 1, f"unchanged: {existing.label} reused"))
                return WorkfileVersion(existing, reused=True)
        cancel.raise_if_cancelled()
        return WorkfileVersion(service.publish(item, progress, cancel, inspection), reused=False)


def publish_from_host(
    service: PublishService,
    workfile: PublishItem,
    renders: Sequence[tuple[PublishItem, Inspection | None]],
    *,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    on_workfile: Callable[[WorkfileVersion], None] | None = None,
    on_version: Callable[[VersionRecord], None] | None = None,
) -> HostPublishResult:
    """Publish (or reuse) the work file, then each render made from it, in order.

    Each version is all-or-nothing; the first failure (or a cancel) is raised and the
    versions made before stay published (`on_workfile` / `on_version` saw them).
    """
    cancel = cancel or CancelToken()
    count = len(renders) + 1
    scene = Path(workfile.workfile or workfile.primary.files[0].path)
    made = publish_workfile(service, workfile, item_progress(progress, 0, count), cancel)
    if on_workfile is not None:
        on_workfile(made)
    versions: list[VersionRecord] = []
    for index, (item, inspection) in enumerate(renders, start=1):
        cancel.raise_if_cancelled()
        render = with_inputs(made_from(item, made.record, scene), workfile.inputs)
        version = service.publish(render, item_progress(progress, index, count), cancel,
                                  inspection)  # fmt: skip
        versions.append(version)
        if on_version is not None:
            on_version(version)
    return HostPublishResult(made, tuple(versions))
