"""Running an ingest plan: QC the selected items in parallel, publish the passing ones in
item order, skip duplicates, record the run.

Analysis (decode, hashes, statistics, proxy) runs in a bounded thread pool: PyAV, numpy
and hashlib release the GIL, so threads use the cores without copying results between
processes (measured in benchmarks/bench_ingest.py). Publishing (copy, database) happens on
the calling thread in item order while later items are still being analysed, so that of
two identical items the first is published and the second is its duplicate.

One bad item never stops the run: its error becomes a FAILED result naming the file and the
reason. A cancel stops the analyses, lets the publish in progress roll back (the service
never leaves a half-published version), records the run so far and raises CancelledError.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from axiom_publisher.config import Settings
from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.core.catalog import IdenticalPolicy
from axiom_publisher.core.errors import AxiomError, BadInputError, CancelledError
from axiom_publisher.core.ingest import IngestItem, IngestPlan, IngestRun, ItemResult
from axiom_publisher.core.qc import QCSpec
from axiom_publisher.core.types import (
    EntitySpec,
    ProgressCallback,
    ProgressEvent,
    ProjectSpec,
    PublishContext,
    no_progress,
)
from axiom_publisher.core.user import current_user
from axiom_publisher.db import Session, repo
from axiom_publisher.media.analyze import AnalysisOptions
from axiom_publisher.publish.ingest.decide import (
    ItemPublisher,
    error_text,
    failed,
    refused,
    skipped,
)
from axiom_publisher.publish.ingest.record import RunRecorder
from axiom_publisher.publish.inspect import (
    Inspection,
    analysis_options,
    inspect_sources,
    qc_spec,
)
from axiom_publisher.publish.plugins import PluginSet, item_info, plugins_for
from axiom_publisher.publish.root import ensure_publish_root
from axiom_publisher.publish.service import PublishService


def default_workers(settings: Settings) -> int:
    """[ingest] workers, or the machine's cores."""
    return settings.ingest.workers or os.cpu_count() or 2


@dataclass(frozen=True, slots=True)
class _Job:
    item: IngestItem
    scratch: Path
    future: Future[Inspection] | None = None
    failure: ItemResult | None = None  # it could not even be analysed (an unknown shot)


class _Progress:
    """Progress from the analysis threads and the publishing thread, one call at a time."""

    def __init__(self, callback: ProgressCallback, total: int) -> None:
        self.callback = callback
        self.total = total
        self.analysed = 0
        self.lock = threading.Lock()

    def analysed_one(self, name: str, _: object = None) -> None:
        with self.lock:
            self.analysed += 1
            self.callback(ProgressEvent("qc", self.analysed, self.total, name))

    def finished(self, done: int, name: str) -> None:
        with self.lock:
            self.callback(ProgressEvent("ingest", done, self.total, name))


def _check_selection(plan: IngestPlan, selected: Sequence[int] | None) -> set[int]:
    if selected is None:
        return set(range(len(plan.items)))
    chosen = set(selected)
    outside = sorted(index for index in chosen if not 0 <= index < len(plan.items))
    if outside:
        raise BadInputError(f"the delivery has no item {outside[0]} (it has {len(plan.items)})")
    return chosen


def run_ingest(
    settings: Settings,
    plan: IngestPlan,
    *,
    selected: Sequence[int] | None = None,
    dry_run: bool = False,
    allow_duplicates: bool = False,
    workers: int | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    fingerprint: str | None = None,
    colorspace: str | None = None,
) -> IngestRun:
    """QC every selected matched item (in parallel), publish the passing ones, record the run.

    Refused items (links out of the delivery, control characters) are REFUSED, never read;
    unmatched and unselected items are SKIPPED; a dry run writes nothing (no version, no
    run row, no summary file) and returns PLANNED for what would be published. `colorspace`
    (a name of the OCIO config) is the colour space of every item, whatever the files say.
    """
    cancel = cancel or CancelToken()
    chosen = _check_selection(plan, selected)
    workers = workers if workers is not None else default_workers(settings)
    if workers < 1:
        raise BadInputError(f"--workers {workers}: use 1 or more")
    results: dict[int, ItemResult] = {}
    runnable: list[IngestItem] = []
    for item in plan.items:
        if item.refused:
            results[item.index] = refused(item)
        elif item.context is None:
            results[item.index] = skipped(item, item.reason or "not matched to a shot or asset")
        elif item.index not in chosen:
            results[item.index] = skipped(item, "not selected")
        else:
            runnable.append(item)
    user = current_user()
    if not dry_run:  # an unmounted publish area: no run recorded, nothing written
        ensure_publish_root(settings)
    if allow_duplicates:  # asked for by name: [publish] identical does not refuse them
        settings = dataclasses.replace(settings, identical=IdenticalPolicy.ALLOW)
    with PublishService.open(settings) as service:
        recorder = RunRecorder(
            service.database,
            plan,
            user=user,
            dry_run=dry_run,
            fingerprint=fingerprint,
            settings=settings,
        )
        run_id = recorder.start()
        publisher = ItemPublisher(
            service, plan, dry_run=dry_run, allow_duplicates=allow_duplicates, cancel=cancel,
            run_id=run_id, user=user,
        )  # fmt: skip
        shown = _Progress(progress, len(runnable))
        interrupted = False
        with tempfile.TemporaryDirectory(prefix="axiom-ingest-") as scratch_root:
            pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="axiom-ingest")
            try:
                jobs = _submit(service, runnable, Path(scratch_root), pool, dry_run, cancel, shown,
                               colorspace)  # fmt: skip
                for done, job in enumerate(jobs, start=1):
                    results[job.item.index] = _settle(job, publisher)
                    shutil.rmtree(job.scratch, ignore_errors=True)
                    shown.finished(done, job.item.display)
            except (CancelledError, KeyboardInterrupt):
                interrupted = True
                cancel.cancel()
            finally:
                pool.shutdown(wait=True, cancel_futures=True)
        for item in runnable:
            if item.index not in results:
                results[item.index] = skipped(item, "cancelled before it was published")
        run = recorder.finish(tuple(results[index] for index in sorted(results)))
    if interrupted:
        recorded = f"; run {run.id} recorded" if run.id is not None else ""
        raise CancelledError(
            f"cancelled: {run.published} item(s) published before the cancel, the rest "
            f"skipped, nothing half published{recorded}"
        )
    return run


def _specs(session: Session, context: PublishContext) -> tuple[ProjectSpec, EntitySpec]:
    return (
        repo.get_project(session, context.project),
        repo.get_entity(session, context.project, context.entity, context.entity_kind),
    )


def _analyse(
    item: IngestItem,
    scratch: Path,
    spec: QCSpec,
    options: AnalysisOptions,
    cancel: CancelToken,
    colorspace: str | None = None,
    plugins: PluginSet | None = None,
) -> Inspection:
    cancel.raise_if_cancelled()
    scratch.mkdir()
    validation = None
    if plugins is not None and item.context is not None:
        info = dataclasses.replace(item_info(item.context, item.source), colorspace=colorspace)
        validation = plugins.validation(info, item.context.project)
    return inspect_sources(
        (item.source,), scratch, spec=spec, options=options, colorspace=colorspace,
        cancel=cancel, validation=validation,
    )  # fmt: skip


def _submit(
    service: PublishService,
    items: list[IngestItem],
    scratch_root: Path,
    pool: ThreadPoolExecutor,
    dry_run: bool,
    cancel: CancelToken,
    shown: _Progress,
    colorspace: str | None = None,
) -> list[_Job]:
    """Start every item's analysis; an item whose shot or asset is unknown fails here."""
    settings = service.settings
    known: dict[PublishContext, tuple[ProjectSpec, EntitySpec] | ItemResult] = {}
    jobs: list[_Job] = []
    for item in items:
        context = item.context
        assert context is not None
        scratch = scratch_root / f"item{item.index}"
        key = dataclasses.replace(context, task="", product="")
        if key not in known:
            try:
                known[key] = service.database.run(partial(_specs, context=context))
            except AxiomError as error:
                known[key] = failed(item, str(error))
        found = known[key]
        if isinstance(found, ItemResult):
            jobs.append(_Job(item, scratch, failure=dataclasses.replace(found, index=item.index,
                display=item.display, context=context)))  # fmt: skip
            continue
        project, entity = found
        spec = qc_spec(settings, project, entity)
        options = analysis_options(settings, project, entity, proxy=not dry_run)
        future = pool.submit(
            _analyse, item, scratch, spec, options, cancel, colorspace, plugins_for(settings)
        )
        future.add_done_callback(partial(shown.analysed_one, item.display))
        jobs.append(_Job(item, scratch, future))
    return jobs


def _settle(job: _Job, publisher: ItemPublisher) -> ItemResult:
    """The result of one item once its analysis is over (on the calling thread)."""
    if job.failure is not None:
        return job.failure
    assert job.future is not None
    try:
        inspection = job.future.result()
    except CancelledError:
        if publisher.cancel.cancelled:
            raise
        return failed(job.item, error_text(job.item, CancelledError("analysis stopped")))
    except Exception as error:  # one bad item never stops the run
        return failed(job.item, error_text(job.item, error))
    try:
        return publisher.decide(job.item, inspection)
    except CancelledError:
        raise
    except Exception as error:
        return failed(job.item, error_text(job.item, error), qc=inspection.report.verdict)
