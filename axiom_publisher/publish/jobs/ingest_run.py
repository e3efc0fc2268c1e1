"""An ingest run on the farm: its record at submit time and its end when its items are.

`record_ingest_run` opens the ingest_run row (like the in-process ingest: the database's
start time, the submitting user) and records one queued `ingest_item` farm job per selected
matched item; the items the scan refused or could not match are decided at once, as the
in-process run decides them. Each item job's idempotency key is `ingest-<run>-<index>`, so
the run's jobs are found by their keys. `settle_run` (after every item job, on its worker)
finishes the run once all its jobs have ended: counts, per-item results and the JSON
summary beside the delivery, as `axiom ingest` records them.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from axiom_publisher.core.farm import FINISHED, FarmJobRecord
from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.ingest import (
    IngestPlan,
    IngestRun,
    ItemResult,
    Outcome,
    context_from_json,
    context_json,
    count,
    run_json,
)
from axiom_publisher.core.qc import QCStatus
from axiom_publisher.core.types import Source, SourceFile
from axiom_publisher.db import Database, farm_jobs
from axiom_publisher.db.ingest import get_ingest_run, open_ingest_run
from axiom_publisher.publish.ingest.decide import refused, skipped
from axiom_publisher.publish.ingest.record import summary_name, write_atomically

INGEST_KIND = "ingest_item"
FARM_KEY = "farm"  # the run summary's record of its farm jobs and of the items decided


def run_key_prefix(run_id: int) -> str:
    return f"ingest-{run_id}-"


def source_json(source: Source) -> dict[str, Any]:
    frames = source.frame_range
    return {
        "files": [[str(file.path), file.frame] for file in source.files],
        "display": source.display,
        "extension": source.extension,
        "frame_range": [frames.first, frames.last] if frames is not None else None,
        "missing_frames": list(source.missing_frames),
        "padding": source.padding,
    }


def source_from_json(document: dict[str, Any], local: Callable[[str], str] = str) -> Source:
    """The source of a job's payload; `local` gives each file's path as this machine opens
    it (RootSet.local: the submitter may be on another platform)."""
    frames = document.get("frame_range")
    return Source(
        files=tuple(SourceFile(Path(local(path)), frame) for path, frame in document["files"]),
        display=str(document["display"]),
        extension=str(document["extension"]),
        frame_range=FrameRange(int(frames[0]), int(frames[1])) if frames else None,
        missing_frames=tuple(int(frame) for frame in document.get("missing_frames") or ()),
        padding=int(document.get("padding") or 0),
    )


def record_ingest_run(
    database: Database,
    plan: IngestPlan,
    user: str,
    *,
    allow_duplicates: bool = False,
    colorspace: str | None = None,
) -> tuple[int, list[FarmJobRecord]]:
    """Open the run and record a queued item job per matched item: (run id, the jobs)."""
    decided: list[ItemResult] = []
    runnable = []
    for item in plan.items:
        if item.refused:
            decided.append(refused(item))
        elif item.context is None:
            decided.append(skipped(item, item.reason or "not matched to a shot or asset"))
        else:
            runnable.append(item)
    opening: dict[str, Any] = {
        "fingerprint": None,
        "results": [result.to_json() for result in decided],
        FARM_KEY: {"decided": [result.to_json() for result in decided], "items": len(runnable)},
    }

    def record(session: Any) -> tuple[int, list[FarmJobRecord]]:
        run_id, _ = open_ingest_run(session, plan.project, str(plan.root), user, opening)
        jobs = []
        for item in runnable:
            assert item.context is not None
            payload = {
                "run_id": run_id, "project": plan.project, "root": str(plan.root),
                "index": item.index, "name": item.name, "display": item.display,
                "source": source_json(item.source), "context": context_json(item.context),
                "colorspace": colorspace, "allow_duplicates": allow_duplicates, "author": user,
            }  # fmt: skip
            jobs.append((payload, f"{run_key_prefix(run_id)}{item.index}"))
        return run_id, farm_jobs.create_jobs(session, INGEST_KIND, jobs, user)

    return database.run(record)


def job_result(database: Database, job: FarmJobRecord) -> ItemResult:
    """What the run says of a finished item job (its recorded result, else from its end)."""
    recorded = job.payload.get("result")
    if recorded:
        return ItemResult.from_json(recorded)
    payload = job.payload
    index, display = int(payload["index"]), str(payload["display"])
    context = context_from_json(payload["context"])
    qc = QCStatus(payload["qc"]) if payload.get("qc") else None
    if job.status == "done" and job.version_id is not None:  # a retry found it published
        version_id = job.version_id
        label = database.run(lambda s: farm_jobs.version_label(s, version_id))
        return ItemResult(
            index, display, context, Outcome.PUBLISHED, version_id=version_id,
            version_label=label, qc=qc, content_hash=payload.get("content_hash"),
        )  # fmt: skip
    if job.status == "cancelled":
        return ItemResult(index, display, context, Outcome.SKIPPED,
                          "cancelled before it was published")  # fmt: skip
    reason = job.error or f"farm job {job.id} {job.status}"
    return ItemResult(index, display, context, Outcome.FAILED, reason, qc=qc)


def settle_run(database: Database, run_id: int) -> IngestRun | None:
    """Finish ingest run `run_id` if all its item jobs have ended; the run then, else None."""
    jobs = database.run(lambda s: farm_jobs.jobs_with_key_prefix(s, run_key_prefix(run_id)))
    if any(other.status not in FINISHED for other in jobs):
        return None
    summary = database.run(lambda s: farm_jobs.ingest_run_summary(s, run_id))
    farm = dict(summary.get(FARM_KEY) or {})
    decided = [ItemResult.from_json(entry) for entry in farm.get("decided") or ()]
    results = [job_result(database, other) for other in jobs]
    ordered = tuple(sorted([*decided, *results], key=lambda result: result.index))
    farm["jobs"] = [other.id for other in jobs]
    return _finish(database, run_id, ordered, farm, summary)


def _finish(
    database: Database,
    run_id: int,
    results: tuple[ItemResult, ...],
    farm: dict[str, Any],
    summary: dict[str, Any],
) -> IngestRun:
    counts = (
        count(results, Outcome.PUBLISHED), count(results, Outcome.FAILED),
        count(results, Outcome.SKIPPED), count(results, Outcome.DUPLICATE),
    )  # fmt: skip
    opened = database.run(lambda s: get_ingest_run(s, run_id))
    path = opened.source_dir / summary_name(run_id, opened.started_at)
    document = {**summary, "results": [result.to_json() for result in results], FARM_KEY: farm}
    document["counts"] = {"refused": count(results, Outcome.REFUSED)}
    database.run(lambda s: farm_jobs.finish_farm_ingest_run(s, run_id, counts, document))
    run = database.run(lambda s: get_ingest_run(s, run_id))
    written = {**run_json(_with_path(run, path)), FARM_KEY: farm}
    try:
        write_atomically(path, json.dumps(written, indent=2).encode("utf-8"))
    except OSError as error:
        written = {**run_json(run), FARM_KEY: farm}
        written["summary_error"] = f"{path} could not be written: {error.strerror or error}"
    database.run(lambda s: farm_jobs.finish_farm_ingest_run(s, run_id, counts, written))
    return database.run(lambda s: get_ingest_run(s, run_id))


def _with_path(run: IngestRun, path: Path) -> IngestRun:
    return dataclasses.replace(run, summary_path=path)
