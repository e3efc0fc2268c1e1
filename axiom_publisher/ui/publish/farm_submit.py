"""Publishing on the farm from the publish widget: the requests and the job that queues them.

Pure functions and a worker job, no widgets. The job records each item as a farm job and
queues it on the farm's RQ queue (farm.submit.submit_publish): a few milliseconds of
database and Redis work, after which the session is free; a worker publishes the item.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from axiom_publisher.config import Settings
from axiom_publisher.config.farm import FarmSettings
from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.core.errors import AxiomError, BadInputError
from axiom_publisher.core.farm import FarmJobRecord
from axiom_publisher.core.types import ProgressCallback, PublishContext, Source
from axiom_publisher.farm.submit import submit_publish
from axiom_publisher.publish.jobs import PublishRequest
from axiom_publisher.publish.jobs.scene import scene_sha256
from axiom_publisher.publish.sources import resolve_source
from axiom_publisher.ui.publish.jobs import Job
from axiom_publisher.ui.publish.rows import ItemRow, RowState


def item_path(row: ItemRow) -> str:
    """The path a render node resolves to the row's source: its file, or its sequence
    pattern (`/renders/comp.####.exr`)."""
    if row.source is None:
        return row.path
    return row.source.display.rsplit(" (missing ", 1)[0]


def farm_requests(
    context: PublishContext,
    rows: Sequence[ItemRow],
    comment: str,
    host: str,
    scene: str | None = None,
    loads: Sequence[str] = (),
) -> list[PublishRequest]:
    """One publish request per row, as the widget would publish it here; from a DCC, made
    from the saved `scene` that loads `loads` (its SHA-256 is read by submit_job)."""
    return [
        PublishRequest(
            context=dataclasses.replace(context, product=row.product or context.product),
            paths=(item_path(row),),
            comment=comment,
            host=host,
            colorspace=row.colorspace,
            qc_override_reason=row.override_reason,
            workfile=scene,
            loads=tuple(loads),
        )
        for row in rows
    ]


def farm_problem(rows: Sequence[ItemRow]) -> str:
    """Why these rows cannot go to the farm yet ("" when they can). The farm runs its own
    analysis and QC, so a row need not be analysed here first; a row known to fail QC
    needs an override, as it does here."""
    for row in rows:
        if row.source is None:
            return "Waiting for every item to be read…"
        if row.state is RowState.ERROR:
            return f"{row.name}: {row.status_text}; analyse it again or remove it"
        if row.blocking_fail:
            return f"QC failed for {row.name}: fix it, remove it or override QC with a reason"
    return ""


def size_text(size: int) -> str:
    """`812 MB`, `2.4 GB`."""
    if size >= 1_000_000_000:
        return f"{size / 1_000_000_000:.1f} GB"
    if size >= 1_000_000:
        return f"{size / 1_000_000:.0f} MB"
    return f"{size / 1000:.0f} kB"


def farm_reason(farm: FarmSettings, host: str, sizes: Sequence[tuple[str, int | None]]) -> str:
    """Why the farm is the default for this publish ("" when it is not): inside a DCC, or
    an item (name, bytes) over [farm] farm_over_mb."""
    if host not in ("", "standalone"):
        return f"inside {host}: the session is free as soon as the items are queued"
    for name, size in sizes:
        if size is not None and farm.over_size(size):
            limit = f"{farm.farm_over_mb:g} MB"
            return f"{name} is {size_text(size)}, over the farm's {limit} ([farm] farm_over_mb)"
    return ""


@dataclass(frozen=True, slots=True)
class FarmSubmission:
    """The jobs queued, in row order, and why the rest were not (None: all were)."""

    jobs: tuple[FarmJobRecord, ...]
    error: BaseException | None = None


def measure_job(paths: Sequence[str]) -> Job:
    """The bytes of these files together (a stat each)."""

    def job(progress: ProgressCallback, cancel: CancelToken) -> int:
        total = 0
        for path in paths:
            cancel.raise_if_cancelled()
            try:
                total += Path(path).stat().st_size
            except OSError:
                continue
        return total

    return job


def farm_sees_other_files(path: str, source: Source) -> str:
    """Why a render node resolving `path` would not publish exactly `source`'s files (""
    when it would): a host's render cut to its frame range from a longer sequence on disk
    (a farm job names its source by path only)."""
    found = resolve_source(path)
    if [(f.path, f.frame) for f in found.files] == [(f.path, f.frame) for f in source.files]:
        return ""
    return (
        f"{path}: the item is frames {source.frame_range} but the sequence on disk is "
        f"{found.frame_range}, all of which a farm job would publish; publish it here, or "
        "remove the other frames"
    )


def _hashed(request: PublishRequest, hashed: dict[str, tuple[str, str]]) -> PublishRequest:
    """`request` with its scene's SHA-256 as it is now (each scene read once) and the
    scene group its submission's jobs from that scene share."""
    scene = request.workfile
    if not scene or request.workfile_sha256 is not None:
        return request
    if scene not in hashed:
        hashed[scene] = (scene_sha256(scene), uuid.uuid4().hex[:16])  # keys: 64 chars
    sha256, group = hashed[scene]
    return dataclasses.replace(request, workfile_sha256=sha256, scene_group=group)


def submit_job(
    settings: Settings,
    requests: Sequence[PublishRequest],
    sources: Sequence[Source | None] = (),
) -> Job:
    """Record and queue each request as a farm job; stops at the first refusal (an
    unreachable Redis, a database error) and reports the jobs queued before it. With the
    rows' `sources`, nothing is queued if a render node would see other files for one."""

    def job(progress: ProgressCallback, cancel: CancelToken) -> FarmSubmission:
        queued: list[FarmJobRecord] = []
        try:
            for request, source in zip(requests, sources, strict=False):
                problem = source and farm_sees_other_files(request.paths[0], source)
                if problem:
                    raise BadInputError(problem)
            hashed: dict[str, tuple[str, str]] = {}  # each scene as it is queued
            for request in requests:
                if cancel.cancelled:  # the rest stay in the list; the queued ones run
                    break
                queued.append(submit_publish(settings, _hashed(request, hashed)))
        except AxiomError as error:
            return FarmSubmission(tuple(queued), error)
        return FarmSubmission(tuple(queued))

    return job
