"""The work file of a farm publish from a DCC: what the in-process host publish records.

In-process (publish.host_publish) the saved scene is published (or its unchanged version
reused) as the product WORKFILE_PRODUCT, the render depends on that version
(`workfile` dependency) and the published versions the scene loads become inputs of both.
A farm job does the same on its render node: the request carries the scene's path, its
SHA-256 when it was queued, and the paths the scene loads.

The scene is the one that was saved when the job was queued: if the file has changed
since (the artist saved again), the version published with that content is used when
there is one, and the job fails with the reason otherwise (never a work file that did not
make the render). The jobs of one submission made from the same scene (several renders)
share a scene group: while one of them decides the work file, the others that started
after it wait, then reuse its version, so that two nodes never publish the scene twice.
"""

from __future__ import annotations

import dataclasses
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from axiom_publisher.core.errors import SourceChangedError, SourceNotFoundError
from axiom_publisher.core.farm import FarmJobRecord
from axiom_publisher.core.hashing import sha256_file
from axiom_publisher.core.host import WORKFILE_PRODUCT
from axiom_publisher.core.types import (
    ProgressCallback,
    ProgressEvent,
    PublishItem,
    VersionRecord,
)
from axiom_publisher.db import farm_jobs
from axiom_publisher.publish.dependencies import input_versions
from axiom_publisher.publish.host_publish import (
    made_from,
    publish_workfile,
    published_workfile,
    with_inputs,
    workfile_item,
)
from axiom_publisher.publish.jobs.runner import JobRun
from axiom_publisher.publish.service import PublishService

if TYPE_CHECKING:
    from axiom_publisher.publish.jobs.publish_item import PublishRequest

DECIDED = "workfile_decided"  # payload key: this job's work file is published or reused
WAIT_STEP = 0.5
CLEAR_CHECKS = 2
WAIT_LIMIT = 300.0  # seconds a silent sibling is waited for


def scene_sha256(scene: str) -> str:
    """The saved scene's SHA-256 as it is queued (the submitter reads it, in a worker)."""
    try:
        return sha256_file(Path(scene))[0]
    except OSError as error:
        raise SourceNotFoundError(
            f"the scene {scene} cannot be read ({error.strerror}); save it and publish again"
        ) from None


def _quiet(run: JobRun) -> ProgressCallback:
    """The job's progress without the reserved version's id: the work file's reservation is
    not the job's version (a retry finds the work file by its content)."""

    def forward(event: ProgressEvent) -> None:
        shown = f"work file: {event.message}"
        run.reporter(dataclasses.replace(event, version_id=None, message=shown))

    return forward


def scene_key_prefix(group: str) -> str:
    """The idempotency-key prefix of the jobs made from one scene in one submission (a key
    is at most 64 characters: `group` at most 25, before the job's own 32)."""
    if len(group) > 25:
        raise ValueError(f"scene group {group!r} is longer than 25 characters")
    return f"scene-{group}-"


def _earlier(job: FarmJobRecord, me: FarmJobRecord) -> bool:
    """`job` started before `me` (ties: the lower id); one order every sibling agrees on."""
    never = datetime.max.replace(tzinfo=timezone.utc)

    def key(record: FarmJobRecord) -> tuple[datetime, int]:
        moment = record.started_at or never
        return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc), record.id)

    return key(job) < key(me)


def wait_for_siblings(run: JobRun, group: str) -> None:
    """Wait while a job of the same scene that started before this one is deciding the work
    file (running, not yet marked): it publishes the scene, this job then reuses it, so two
    nodes never publish the same scene twice. A sibling that is queued, ended, or silent for
    WAIT_LIMIT seconds is not waited for (this job's own decision then finds its version)."""
    prefix = scene_key_prefix(group)
    give_up = time.monotonic() + WAIT_LIMIT
    clear = 0  # checks in a row that saw nobody ahead: two, WAIT_STEP apart, to go on (a
    # sibling's claim that was committing during the first check shows in the second)
    while time.monotonic() < give_up:
        run.reporter.cancel.raise_if_cancelled()
        siblings = run.database.run(lambda s: farm_jobs.jobs_with_key_prefix(s, prefix))
        me = next((job for job in siblings if job.id == run.job.id), run.job)
        ahead = [
            job
            for job in siblings
            if job.id != me.id
            and job.status == "running"
            and DECIDED not in job.payload
            and _earlier(job, me)
        ]
        clear = 0 if ahead else clear + 1
        if clear >= CLEAR_CHECKS:
            return
        if not ahead:
            time.sleep(WAIT_STEP)
            continue
        names = ", ".join(str(job.id) for job in ahead)
        run.reporter(ProgressEvent("wait", 0, 0, f"waiting for job {names}'s work file"))
        time.sleep(WAIT_STEP)


def workfile_version(
    run: JobRun, service: PublishService, item: PublishItem, request: PublishRequest,
    inputs: tuple[int, ...],
) -> VersionRecord:  # fmt: skip
    """The work-file version `item` (the render) is made from: the scene published, or its
    version with the same content reused."""
    scene = request.workfile
    assert scene is not None
    if request.scene_group:
        wait_for_siblings(run, request.scene_group)
    local = Path(run.settings.roots.local(scene))
    context = dataclasses.replace(item.context, product=WORKFILE_PRODUCT)
    sha256 = request.workfile_sha256
    if sha256 is not None and scene_sha256(str(local)) != sha256:
        existing = published_workfile(service, context, sha256)
        if existing is not None:
            return existing
        raise SourceChangedError(
            f"farm job {run.job.id}: the scene {scene} changed after the job was queued, and "
            "the scene as it was then is not published; publish again from the DCC"
        )
    workfile = workfile_item(local, item.context, comment=item.comment, author=item.author,
                             host=item.host, inputs=inputs)  # fmt: skip
    return publish_workfile(service, workfile, _quiet(run), run.reporter.cancel).record


def from_scene(
    run: JobRun, service: PublishService, item: PublishItem, request: PublishRequest
) -> PublishItem:
    """`item` recording its work file and the scene's inputs as the host publish does
    (unchanged without a scene; its `loads` are inputs all the same)."""
    loads = request.loads
    inputs = input_versions(run.settings, run.database, loads) if loads else ()
    if request.workfile is None:
        return with_inputs(item, inputs)
    try:
        workfile = workfile_version(run, service, item, request, inputs)
    finally:  # decided (or failed): the siblings waiting for it go on
        job_id = run.job.id
        run.database.run(lambda s: farm_jobs.merge_payload(s, job_id, {DECIDED: True}))
    local = Path(run.settings.roots.local(request.workfile))
    return with_inputs(made_from(item, workfile, local), inputs)
