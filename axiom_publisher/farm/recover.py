"""A job whose worker died: RQ's own mechanisms find it, and the job's row follows.

Two ways a job is lost, both RQ's:
- its work horse dies (SIGKILL, out of memory) while its worker lives: the worker sees it
  at once and calls `horse_killed` (RQ's work_horse_killed_handler), then retries the job
  if it has retries left;
- the whole node dies: the job's execution heartbeat expires, and the next maintenance of
  any worker of the queue (StartedJobRegistry cleanup, every `axiom worker
  --sweep-interval` seconds) calls the job's `on_failure` callback with AbandonedJobError,
  then retries it if it has retries left.

Either way the farm_job row still says running: it is made queued again (RQ retries it) or
failed with the reason (no retries left). The retry then publishes exactly once
(publish.jobs.runner); the dead run's reservation, if any, expires and `axiom verify
--repair` cleans it.
"""

from __future__ import annotations

import logging
import os
from types import TracebackType
from typing import Any

from rq.exceptions import AbandonedJobError
from rq.job import Job

from axiom_publisher.farm.entry import job_settings
from axiom_publisher.publish.jobs import lost_job, worker_host

log = logging.getLogger(__name__)


def _farm_job_id(job: Job) -> int | None:
    try:
        return int(job.args[0])
    except (IndexError, TypeError, ValueError):
        return None


def settle_lost(job: Job, reason: str) -> None:
    """Write on the row of lost RQ job `job` that it is queued again or failed."""
    job_id = _farm_job_id(job)
    if job_id is None:
        return
    retried = bool(job.retries_left and job.retries_left > 0)
    try:
        lost_job(job_settings(), job_id, retried=retried, reason=reason)
    except Exception:  # never let the bookkeeping stop RQ's own recovery
        log.exception("farm job %s: could not record that its run was lost", job_id)


def on_failure(
    job: Job,
    connection: Any,
    kind: type[BaseException] | None,
    value: BaseException | None,
    traceback: TracebackType | None,
) -> None:
    """RQ's failure callback: an abandoned job (its node died) is settled here; a job
    that raised has already written its failure on its row."""
    if isinstance(value, AbandonedJobError) or kind is AbandonedJobError:
        worker = job.worker_name or "its worker"
        settle_lost(job, f"{worker} stopped answering while running it (RQ: abandoned job)")


def horse_killed(job: Job, pid: int, status: int, usage: Any) -> None:
    """RQ's work_horse_killed_handler: the worker's child running `job` died."""
    how = f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else f"status {status}"
    settle_lost(job, f"its process on worker {worker_host()} died ({how})")
