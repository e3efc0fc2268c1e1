"""The worker jobs of the Ingest tab: `job(progress, cancel) -> result`, no widgets.

Each calls the ingest service (publish.ingest, through the module so tests can watch the
calls), which opens its own database; nothing here runs on the main thread.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import axiom_publisher.publish.ingest as service
from axiom_publisher.config import Settings
from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.core.farm import FarmJobRecord
from axiom_publisher.core.ingest import IngestPlan, IngestRule, IngestRun
from axiom_publisher.core.types import ProgressCallback
from axiom_publisher.farm.submit import submit_ingest
from axiom_publisher.ui.publish.jobs import Job, projects_job, throttled

__all__ = ["Job", "projects_job", "rules_job", "scan_job", "ingest_job", "runs_job", "run_job",
           "farm_ingest_job"]  # fmt: skip
RUNS_SHOWN = 100


def rules_job(settings: Settings, project: str) -> Job:
    """The project's naming rules (from its config)."""

    def job(progress: ProgressCallback, cancel: CancelToken) -> list[IngestRule]:
        return service.ingest_rules(settings, project)

    return job


def scan_job(
    settings: Settings, root: Path, project: str, rules: Sequence[IngestRule] | None = None
) -> Job:
    """Find the delivery's items and match them to shots and assets."""

    def job(progress: ProgressCallback, cancel: CancelToken) -> IngestPlan:
        chosen = list(rules) if rules is not None else None
        return service.scan_delivery(
            settings, root, project, chosen, progress=throttled(progress), cancel=cancel
        )

    return job


@dataclass(frozen=True, slots=True)
class IngestRequest:
    """What to run: the plan, the items chosen and how."""

    plan: IngestPlan
    selected: tuple[int, ...]
    dry_run: bool = False
    allow_duplicates: bool = False


def ingest_job(settings: Settings, request: IngestRequest) -> Job:
    """QC and publish (or, dry, only plan) the chosen items of the plan."""

    def job(progress: ProgressCallback, cancel: CancelToken) -> IngestRun:
        return service.run_ingest(
            settings,
            request.plan,
            selected=request.selected,
            dry_run=request.dry_run,
            allow_duplicates=request.allow_duplicates,
            progress=throttled(progress, steps=200),
            cancel=cancel,
        )

    return job


@dataclass(frozen=True, slots=True)
class FarmIngest:
    """An ingest run recorded for the farm and its item jobs, queued."""

    run_id: int
    jobs: tuple[FarmJobRecord, ...]


def farm_ingest_job(settings: Settings, request: IngestRequest) -> Job:
    """Record the run of the chosen items and queue one farm job per matched item (the
    farm layer); the run ends on the worker that finishes its last item."""

    def job(progress: ProgressCallback, cancel: CancelToken) -> FarmIngest:
        chosen = set(request.selected)
        items = tuple(item for item in request.plan.items if item.index in chosen)
        plan = dataclasses.replace(request.plan, items=items)
        run_id, queued = submit_ingest(settings, plan, allow_duplicates=request.allow_duplicates)
        return FarmIngest(run_id, tuple(queued))

    return job


def runs_job(settings: Settings, project: str) -> Job:
    """The project's runs, newest first."""

    def job(progress: ProgressCallback, cancel: CancelToken) -> list[IngestRun]:
        return service.list_runs(settings, project, limit=RUNS_SHOWN)

    return job


def run_job(settings: Settings, run_id: int) -> Job:
    """One run with its per-item results."""

    def job(progress: ProgressCallback, cancel: CancelToken) -> IngestRun:
        return service.get_run(settings, run_id)

    return job
