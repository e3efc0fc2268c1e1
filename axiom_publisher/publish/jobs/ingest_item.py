"""The ingest-item farm job: one item of a delivery, decided as the in-process ingest does.

The worker analyses and QCs its item (one decode pass, proxy and thumbnail), records the
content hash on its row, and then decides in item order, as `axiom ingest` decides on its
publishing thread: it waits until every earlier item of the run that a worker is running
has its content hash, so that of two identical items the first is published and the second
is its duplicate whatever worker gets there first. Content already published in the
project is a duplicate; a QC failure fails the item (unless [ingest] on_qc_fail =
"publish"); else it is published with the analysis reused, the reserved version recorded
on the row (exactly once, jobs.runner). One bad item is its FAILED result, never the run's
end; its job is done all the same. After the job the run is finished when all its items
are (jobs.ingest_run.settle_run).
"""

from __future__ import annotations

import dataclasses
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from axiom_publisher.config import Settings
from axiom_publisher.core.catalog import IdenticalPolicy
from axiom_publisher.core.errors import CancelledError
from axiom_publisher.core.farm import FINISHED, FarmJobRecord
from axiom_publisher.core.ingest import IngestItem, ItemResult, Outcome, context_from_json
from axiom_publisher.core.qc import QCStatus
from axiom_publisher.core.types import ProgressEvent, PublishItem
from axiom_publisher.db import Database, Session, farm_jobs, repo
from axiom_publisher.db.ingest import published_contents
from axiom_publisher.publish.ingest.decide import error_text, failed
from axiom_publisher.publish.inspect import (
    Inspection,
    analysis_options,
    failed_checks,
    inspect_sources,
    item_content_hash,
    qc_spec,
)
from axiom_publisher.publish.jobs.ingest_run import (
    INGEST_KIND,
    run_key_prefix,
    settle_run,
    source_from_json,
)
from axiom_publisher.publish.jobs.runner import JobRun, run_recorded
from axiom_publisher.publish.plugins import item_info, plugins_for
from axiom_publisher.publish.service import PublishService

WAIT_STEP = 0.2  # seconds between looks at the earlier items
# Past this, an item decides without the earlier ones still being analysed (a node that
# died, before the sweep has found it): the database's duplicate check still holds.
WAIT_LIMIT = 300.0


def run_ingest_job(
    settings: Settings, job_id: int, *, take_over: bool = False, database: Database | None = None
) -> FarmJobRecord:
    """Run recorded ingest-item job `job_id` here; the job's row as it ends."""
    return run_recorded(
        settings, job_id, INGEST_KIND, _ingest,
        sources=lambda job: [
            settings.roots.local(str(path)) for path, _ in job.payload["source"]["files"]
        ],  # as this worker opens them ([roots]: the submitter may run another OS)
        take_over=take_over, after=_after, database=database,
    )  # fmt: skip


def _after(database: Database, job: FarmJobRecord) -> None:
    if job.status in FINISHED:
        settle_run(database, int(job.payload["run_id"]))


def _item(payload: dict[str, Any], local: Callable[[str], str]) -> IngestItem:
    return IngestItem(
        index=int(payload["index"]),
        source=source_from_json(payload["source"], local),
        context=context_from_json(payload["context"]),
        name=str(payload.get("name") or ""),
    )


def _ingest(run: JobRun) -> int | None:
    payload = run.job.payload
    item = _item(payload, run.settings.roots.local)
    settings = run.settings
    if payload.get("allow_duplicates"):
        settings = dataclasses.replace(settings, identical=IdenticalPolicy.ALLOW)
    service = PublishService(settings, run.database)
    with tempfile.TemporaryDirectory(prefix="axiom-farm-ingest-") as scratch:
        return _analyse_and_decide(run, service, item, Path(scratch))


def _analyse_and_decide(
    run: JobRun, service: PublishService, item: IngestItem, scratch: Path
) -> int | None:
    payload = run.job.payload
    try:
        inspection = _analyse(service, item, payload.get("colorspace"), run, scratch)
    except CancelledError:
        raise
    except Exception as error:  # one bad item never stops the run
        result = failed(item, error_text(item, error))
        run.ending.update(content_hash=None, result=result.to_json())  # written with its end
        return None
    content = item_content_hash(inspection.primary)
    verdict = inspection.report.verdict
    allow = bool(payload["allow_duplicates"])
    look = content is not None and not allow  # the twins' first look, in the same transaction
    jobs = _record(run, {"content_hash": content, "qc": verdict.value}, look=look)
    result = _decide(run, service, item, inspection, content, allow, jobs)
    run.ending["result"] = result.to_json()  # written with the job's end (jobs.runner)
    return result.version_id if result.outcome is Outcome.PUBLISHED else None


def _record(run: JobRun, values: dict[str, Any], *, look: bool) -> list[FarmJobRecord]:
    """Add `values` to the job's payload; with `look`, read the run's jobs in the same
    transaction (what _earlier_twin first looks at), else []."""
    job_id = run.job.id
    prefix = run_key_prefix(int(run.job.payload["run_id"]))

    def write(session: Session) -> list[FarmJobRecord]:
        farm_jobs.merge_payload(session, job_id, values)
        return farm_jobs.jobs_with_key_prefix(session, prefix) if look else []

    return run.database.run(write)


def _analyse(
    service: PublishService, item: IngestItem, colorspace: str | None, run: JobRun, scratch: Path
) -> Inspection:
    context = item.context
    assert context is not None
    project, entity = service.database.run(
        lambda s: (
            repo.get_project(s, context.project),
            repo.get_entity(s, context.project, context.entity, context.entity_kind),
        )
    )
    settings = service.settings
    info = dataclasses.replace(item_info(context, item.source), colorspace=colorspace)
    validation = plugins_for(settings).validation(info, context.project)
    return inspect_sources(
        (item.source,), scratch, spec=qc_spec(settings, project, entity),
        options=analysis_options(settings, project, entity, proxy=True),
        colorspace=colorspace, progress=run.reporter, cancel=run.reporter.cancel,
        validation=validation,
    )  # fmt: skip


def _earlier_twin(
    run: JobRun, index: int, content: str | None, looked: list[FarmJobRecord]
) -> FarmJobRecord | None:
    """Wait until the earlier items being run have their content hash; the first earlier
    item with this content (None if none). An earlier item no worker runs (queued again
    after a failure) is not waited for: its own decision then finds this one published.
    `looked`: the run's jobs as read when this item recorded its hash (the first look)."""
    prefix = run_key_prefix(int(run.job.payload["run_id"]))
    give_up = time.monotonic() + WAIT_LIMIT
    while True:
        run.reporter.cancel.raise_if_cancelled()
        jobs = looked or run.database.run(lambda s: farm_jobs.jobs_with_key_prefix(s, prefix))
        looked = []
        earlier = [job for job in jobs if int(job.payload["index"]) < index]
        twins = [
            job
            for job in earlier
            if content is not None and job.payload.get("content_hash") == content
        ]
        pending = [
            job for job in earlier if "content_hash" not in job.payload and job.status == "running"
        ]
        first = min(twins, key=lambda job: int(job.payload["index"])) if twins else None
        if first is not None and (first.status in FINISHED or "result" in first.payload):
            return first
        if first is not None and first.status != "running":
            return first
        if first is None and (not pending or time.monotonic() > give_up):
            return None
        if first is not None and time.monotonic() > give_up:
            return first
        run.reporter(ProgressEvent("wait", 0, 0, "waiting for the earlier items' analysis"))
        time.sleep(WAIT_STEP)


def _decide(
    run: JobRun,
    service: PublishService,
    item: IngestItem,
    inspection: Inspection,
    content: str | None,
    allow_duplicates: bool,
    looked: list[FarmJobRecord],
) -> ItemResult:
    report = inspection.report
    if content is not None and not allow_duplicates:
        twin = _earlier_twin(run, item.index, content, looked)
        duplicate = _duplicate(run, service, item, content, twin)
        if duplicate is not None:
            return duplicate
    if report.verdict is QCStatus.FAIL and service.settings.ingest.on_qc_fail != "publish":
        return failed(item, f"QC failed: {failed_checks(report)}", report.verdict, content)
    return _publish(run, service, item, inspection, content, report.verdict)


def _duplicate(
    run: JobRun,
    service: PublishService,
    item: IngestItem,
    content: str,
    twin: FarmJobRecord | None,
) -> ItemResult | None:
    version_id = None
    if twin is not None:
        result = twin.payload.get("result") or {}
        version_id = result.get("version_id")  # None: it was not published (yet)
    if version_id is None:
        project = str(run.job.payload["project"])
        version_id = run.database.run(lambda s: published_contents(s, project, [content])).get(
            content
        )
    if version_id is not None:
        record = service.version(version_id)
        where = f"{record.project}/{record.entity}/{record.task}/{record.product}"
        reason = f"same content as {where} {record.label} (version id {version_id})"
    elif twin is not None:
        reason = f"same content as item {twin.payload['index']} ({twin.payload['display']})"
    else:
        return None
    return ItemResult(
        item.index, item.display, item.context, Outcome.DUPLICATE, reason,
        content_hash=content, duplicate_of=version_id,
    )  # fmt: skip


def _publish(
    run: JobRun,
    service: PublishService,
    item: IngestItem,
    inspection: Inspection,
    content: str | None,
    verdict: QCStatus,
) -> ItemResult:
    assert item.context is not None
    payload = run.job.payload
    run_id = payload["run_id"]
    override = (
        f"[ingest] on_qc_fail = publish (ingest run {run_id})" if verdict is QCStatus.FAIL else None
    )
    publish_item = PublishItem(
        context=item.context,
        sources=(item.source,),
        comment=f"ingested from {Path(payload['root']) / item.display}",
        author=str(payload.get("author") or run.job.submitted_by),
        host="ingest",
        qc_override_reason=override,
    )
    try:
        record = service.publish(
            publish_item, run.reporter, run.reporter.cancel, inspection=inspection
        )
    except CancelledError:
        raise
    except Exception as error:  # one bad item never stops the run
        return failed(item, error_text(item, error), qc=verdict, content_hash=content)
    return ItemResult(
        item.index, item.display, item.context, Outcome.PUBLISHED, version_id=record.id,
        version_label=record.label, qc=verdict, content_hash=content,
    )  # fmt: skip
