"""The publish-item farm job: recording a publish for the farm, and running one.

`record_publish_job` writes the farm_job row (the submitter then queues it: farm layer).
`run_publish_job` is what a worker (`axiom worker`, or any farm manager through
`axiom job run ID`) runs, in the frame of jobs.runner: the sources visible from this
machine, progress on the row, a cancel honoured between frames, and exactly once: the
version the service reserves (its id on the "reserve" progress event) is recorded on the
job row before any file is staged, so a retry of a job that committed v007 and died before
reporting finds v007 published and reports it instead of making v008. (A job killed after
its reservation but before it recorded it leaves at most an expired reservation, which
`axiom verify --repair` cleans; the retry then publishes the one version.)
"""

from __future__ import annotations

import os
import time
import uuid
from dataclasses import dataclass
from typing import Any

from axiom_publisher.config import Settings
from axiom_publisher.core.farm import FarmJobRecord
from axiom_publisher.core.roots import is_absolute_on
from axiom_publisher.core.types import EntityKind, PublishContext, PublishItem
from axiom_publisher.core.user import current_user
from axiom_publisher.db import Database, farm_jobs
from axiom_publisher.publish.jobs.runner import JobRun, run_recorded
from axiom_publisher.publish.jobs.scene import from_scene, scene_key_prefix
from axiom_publisher.publish.service import PublishService
from axiom_publisher.publish.sources import resolve_source

PUBLISH_KIND = "publish_item"
# Tests stop a worker between the commit and its report (the exactly-once case).
PAUSE_AFTER_COMMIT = "AXIOM_FARM_TEST_PAUSE_AFTER_COMMIT"


@dataclass(frozen=True, slots=True)
class PublishRequest:
    """What `axiom publish --farm` records: the paths as this machine names them."""

    context: PublishContext
    paths: tuple[str, ...]
    comment: str = ""
    host: str = "farm"
    colorspace: str | None = None
    qc_override_reason: str | None = None
    # From a DCC (publish.jobs.scene): the saved scene, published or reused as the work file
    # the render is made from, with its SHA-256 when queued; the files the scene loads (the
    # published ones become inputs, as in-process). `inputs`: versions named as inputs
    # (`--depends-on`). Recorded jobs without these keys (older submitters) have none.
    workfile: str | None = None
    workfile_sha256: str | None = None
    loads: tuple[str, ...] = ()
    inputs: tuple[int, ...] = ()
    # The jobs of one submission made from the same scene share it: the first to run
    # publishes the work file, the others reuse it (publish.jobs.scene).
    scene_group: str | None = None

    def to_json(self) -> dict[str, Any]:
        context = self.context
        return {
            "project": context.project,
            "entity": context.entity,
            "entity_kind": context.entity_kind.value,
            "task": context.task,
            "product": context.product,
            "paths": [_absolute(path) for path in self.paths],
            "comment": self.comment,
            "host": self.host,
            "colorspace": self.colorspace,
            "qc_override_reason": self.qc_override_reason,
            "workfile": _absolute(self.workfile) if self.workfile else None,
            "workfile_sha256": self.workfile_sha256,
            "loads": list(self.loads),
            "inputs": list(self.inputs),
            "scene_group": self.scene_group,
        }

    @classmethod
    def from_json(cls, payload: dict[str, Any]) -> PublishRequest:
        return cls(
            context=PublishContext(
                project=payload["project"],
                entity=payload["entity"],
                task=payload["task"],
                product=payload["product"],
                entity_kind=EntityKind(payload["entity_kind"]),
            ),
            paths=tuple(payload["paths"]),
            comment=payload.get("comment", ""),
            host=payload.get("host", "farm"),
            colorspace=payload.get("colorspace"),
            qc_override_reason=payload.get("qc_override_reason"),
            workfile=payload.get("workfile"),
            workfile_sha256=payload.get("workfile_sha256"),
            loads=tuple(payload.get("loads") or ()),
            inputs=tuple(int(i) for i in payload.get("inputs") or ()),
            scene_group=payload.get("scene_group"),
        )


def record_publish_job(database: Database, request: PublishRequest) -> FarmJobRecord:
    """Record a queued publish job (its idempotency key: a new UUID, after its scene
    group's prefix when it has one)."""
    payload = request.to_json()
    payload["author"] = current_user()
    key = uuid.uuid4().hex
    if request.scene_group:
        key = scene_key_prefix(request.scene_group) + key
    return database.run(
        lambda s: farm_jobs.create_job(s, PUBLISH_KIND, payload, key, payload["author"])
    )


def _absolute(path: str) -> str:
    """A path made absolute on this machine; a Windows path already absolute (a simulated
    Windows submitter, AXIOM_PLATFORM) is kept: the worker translates it ([roots])."""
    if is_absolute_on(path, "windows"):
        return path
    return os.path.abspath(os.path.expanduser(path))


def run_publish_job(
    settings: Settings, job_id: int, *, take_over: bool = False, database: Database | None = None
) -> FarmJobRecord:
    """Run recorded publish job `job_id` here; the job's row as it ends (jobs.runner)."""
    return run_recorded(
        settings, job_id, PUBLISH_KIND, _publish,
        sources=lambda job: [settings.roots.local(p) for p in _seen(job)],
        take_over=take_over, database=database,
    )  # fmt: skip


def _seen(job: FarmJobRecord) -> list[str]:
    """The paths the worker must see: the sources, and the scene they were made from."""
    scene = job.payload.get("workfile")
    return [*job.payload["paths"], *([scene] if scene else [])]


def _publish(run: JobRun) -> int:
    request = PublishRequest.from_json(run.job.payload)
    item = PublishItem(
        context=request.context,
        # recorded as the submitter typed them: opened as this worker has them ([roots])
        sources=tuple(resolve_source(run.settings.roots.local(path)) for path in request.paths),
        comment=request.comment,
        author=str(run.job.payload.get("author") or run.job.submitted_by),
        host=request.host,
        colorspace=request.colorspace,
        qc_override_reason=request.qc_override_reason,
        inputs=request.inputs,
    )
    service = PublishService(run.settings, run.database)
    # the work file and the scene's inputs, recorded as the in-process host publish does
    item = from_scene(run, service, item, request)
    record = service.publish(item, run.reporter, run.reporter.cancel)
    pause_after_commit()
    return record.id


def pause_after_commit() -> None:
    """Tests: wait here (AXIOM_FARM_TEST_PAUSE_AFTER_COMMIT seconds) to kill the worker."""
    pause = float(os.environ.get(PAUSE_AFTER_COMMIT) or 0)
    if pause:
        time.sleep(pause)
