"""The Farm panel's worker jobs: `job(progress, cancel) -> result`, no widgets.

The panel reads the farm_job records from AXIOM's database (the workers write them), never
Redis; only Retry reaches Redis, to queue the job again, and it does so here, in a worker.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from axiom_publisher.config import Settings
from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.core.errors import AxiomError
from axiom_publisher.core.farm import FarmJobRecord
from axiom_publisher.core.types import ProgressCallback
from axiom_publisher.farm import submit
from axiom_publisher.publish import jobs, review

Job = Callable[[ProgressCallback, CancelToken], object]
LABELS_PER_LOAD = 20  # version names looked up per refresh (the rest on the next ones)


@dataclass(frozen=True, slots=True)
class FarmSnapshot:
    """The jobs as recorded (newest first) and the names of versions they made, by id."""

    jobs: tuple[FarmJobRecord, ...]
    labels: dict[int, str] = field(default_factory=dict)


def version_name(settings: Settings, version_id: int) -> str:
    """`sh010 / plate v003` for the Version column (its id when it cannot be read)."""
    try:
        record = review.version(settings, version_id)
    except AxiomError:
        return f"version {version_id}"
    return f"{record.entity} / {record.product} {record.label}"


def load_job(
    settings: Settings,
    statuses: tuple[str, ...] = (),
    known: Iterable[int] = (),
    limit: int = 200,
) -> Job:
    """The newest `limit` jobs (of `statuses`), and the names of the versions they made
    that are not in `known` yet."""
    named = frozenset(known)

    def job(progress: ProgressCallback, cancel: CancelToken) -> FarmSnapshot:
        records = jobs.list_jobs(settings, limit=limit, statuses=statuses)
        wanted = {r.version_id for r in records if r.version_id is not None} - named
        labels = {}
        for version_id in sorted(wanted, reverse=True)[:LABELS_PER_LOAD]:
            cancel.raise_if_cancelled()
            labels[version_id] = version_name(settings, version_id)
        return FarmSnapshot(tuple(records), labels)

    return job


@dataclass(frozen=True, slots=True)
class Steered:
    """What a Cancel or Retry did: the jobs as recorded afterwards, and why others refused."""

    action: str  # "cancel" or "retry"
    jobs: tuple[FarmJobRecord, ...]
    errors: tuple[str, ...] = ()


def steer_job(settings: Settings, action: str, job_ids: Iterable[int]) -> Job:
    """Cancel (the record says so; the worker stops between frames) or retry (queued again
    on the farm's queue with the same idempotency key) each of `job_ids`."""
    ids = tuple(job_ids)

    def job(progress: ProgressCallback, cancel: CancelToken) -> Steered:
        done: list[FarmJobRecord] = []
        errors: list[str] = []
        for job_id in ids:
            try:
                if action == "cancel":
                    done.append(submit.cancel_job(settings, job_id))
                else:
                    done.append(submit.retry_job(settings, job_id))
            except AxiomError as error:
                errors.append(str(error))
        return Steered(action, tuple(done), tuple(errors))

    return job
