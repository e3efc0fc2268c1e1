"""The work file of a farm publish from a DCC: what the in-process host publish records.

In-process (publish.host_publish) the saved scene is published (or its unchanged version
reused) as the product WORKFILE_PRODUCT, the render depends on that version
(`workfile` dependency) and the published versions the scene loads become inputs of both.
A farm job does the same on its render node: the request carries the scene's path, its
SHA-256 when it was queued, and the paths the scene loads.

The scene is the one that was saved when the job was queued: if the file has changed
since (the artist saved again), the version published with that content is used when
there is one, and the job fails with the reason otherwise (never a work file that did not
make the render).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from axiom_publisher.core.errors import SourceChangedError, SourceNotFoundError
from axiom_publisher.core.hashing import sha256_file
from axiom_publisher.core.host import WORKFILE_PRODUCT
from axiom_publisher.core.types import (
    ProgressCallback,
    ProgressEvent,
    PublishItem,
    VersionRecord,
)
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


def workfile_version(
    run: JobRun,
    service: PublishService,
    item: PublishItem,
    scene: str,
    sha256: str | None,
    inputs: tuple[int, ...],
) -> VersionRecord:
    """The work-file version `item` (the render) is made from: the scene published, or its
    version with the same content reused."""
    local = Path(run.settings.roots.local(scene))
    context = dataclasses.replace(item.context, product=WORKFILE_PRODUCT)
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
    run: JobRun,
    service: PublishService,
    item: PublishItem,
    scene: str | None,
    sha256: str | None,
    loads: tuple[str, ...],
) -> PublishItem:
    """`item` recording its work file and the scene's inputs as the host publish does
    (unchanged without a scene; its `loads` are inputs all the same)."""
    inputs = input_versions(run.settings, run.database, loads) if loads else ()
    if scene is None:
        return with_inputs(item, inputs)
    workfile = workfile_version(run, service, item, scene, sha256, inputs)
    local = Path(run.settings.roots.local(scene))
    return with_inputs(made_from(item, workfile, local), inputs)
