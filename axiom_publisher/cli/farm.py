"""`axiom worker`, `axiom jobs [cancel|retry ID]` and `axiom job run ID`: the farm from the CLI.

`axiom publish ... --farm` (cli/publish.py) records a job and queues it; `axiom worker` runs
an RQ worker that runs the queued jobs; `axiom jobs` lists the recorded jobs; `axiom job run
ID` runs one recorded job in the foreground, so any farm manager (Deadline, OpenCue,
Tractor) can carry AXIOM jobs as plain command lines (docs/farm.md).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from axiom_publisher.cli.common import Parser, UsageError, add_json, emit, table
from axiom_publisher.config import Settings
from axiom_publisher.core.farm import FINISHED, JOB_STATUSES, FarmJobRecord


def register(commands: Any) -> None:
    """Add `worker`, `jobs` and `job run` to the `axiom` subcommands."""
    worker = commands.add_parser(
        "worker",
        help="run a farm worker (RQ) on this machine",
        description="Serve the farm's queues ([farm] queues, or --queue) with a real RQ "
        "worker: each job runs in a child process, with this machine's database, publish "
        "root and configuration. Stop it with Ctrl-C (the running job is finished first).",
    )
    worker.add_argument(
        "--queue", action="append", metavar="NAME", help="a queue to serve (repeatable)"
    )
    worker.add_argument("--burst", action="store_true", help="stop when the queues are empty")
    worker.add_argument("--name", metavar="NAME", help="the worker's name (default: host.pid)")
    worker.add_argument(
        "--sweep-interval",
        type=int,
        default=60,
        metavar="S",
        help="look for jobs whose node died (RQ's abandoned jobs) every S seconds; they are "
        "retried or failed with the reason (default 60)",
    )
    worker.set_defaults(handler=cmd_worker)

    jobs = commands.add_parser(
        "jobs",
        help="list the farm's jobs (newest first); cancel or retry one",
        description="List the recorded farm jobs, newest first (--watch: again every "
        "--interval seconds until the listed jobs have ended or Ctrl-C). `axiom jobs cancel "
        "ID` cancels a job (its worker stops between frames); `axiom jobs retry ID` queues a "
        "failed or cancelled job again (a job that already published does not publish twice).",
    )
    jobs.add_argument("--limit", type=int, default=50, metavar="N", help="at most N jobs")
    jobs.add_argument(
        "--status", action="append", choices=JOB_STATUSES, help="only jobs of this status"
    )
    jobs.add_argument("--watch", action="store_true", help="refresh until the jobs have ended")
    jobs.add_argument(
        "--interval", type=float, default=1.0, metavar="S", help="--watch refresh (default 1.0 s)"
    )
    add_json(jobs)
    jobs.set_defaults(handler=cmd_jobs)
    steer = jobs.add_subparsers(dest="action", parser_class=Parser)
    cancel = steer.add_parser("cancel", help="cancel a queued, running or failed job")
    cancel.add_argument("id", type=int, metavar="ID", help="the job's id")
    add_json(cancel)
    cancel.set_defaults(handler=cmd_jobs_cancel)
    retry = steer.add_parser("retry", help="queue a failed or cancelled job again")
    retry.add_argument("id", type=int, metavar="ID", help="the job's id")
    retry.add_argument("--queue", metavar="NAME", help="queue it here (default [farm] queue)")
    add_json(retry)
    retry.set_defaults(handler=cmd_jobs_retry)

    job = commands.add_parser("job", help="one farm job")
    actions = job.add_subparsers(dest="action", required=True, parser_class=Parser)
    run = actions.add_parser(
        "run",
        help="run a recorded farm job here, in the foreground",
        description="Run recorded farm job ID in this process (what a farm manager such as "
        "Deadline, OpenCue or Tractor runs): exit 0 when it is done, the job's error and "
        "its exit code otherwise.",
    )
    run.add_argument("id", type=int, metavar="ID", help="the job's id (`axiom jobs`)")
    add_json(run)
    job.set_defaults(handler=cmd_job)


def cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    from axiom_publisher.farm import run_worker

    if args.sweep_interval < 1:
        raise UsageError("axiom worker: --sweep-interval must be 1 or more seconds")
    run_worker(
        settings, tuple(args.queue or ()), burst=args.burst, name=args.name,
        sweep_interval=args.sweep_interval,
    )  # fmt: skip
    return 0


def _row(job: FarmJobRecord) -> list[str]:
    progress = f"{job.progress_phase or '-'} {job.progress_done}/{job.progress_total}"
    version = str(job.version_id) if job.version_id is not None else "-"
    return [
        str(job.id),
        job.kind,
        job.status,
        job.worker_host or "-",
        progress,
        version,
        job.error or "",
    ]


def cmd_jobs(args: argparse.Namespace, settings: Settings) -> int:
    from axiom_publisher.publish.jobs import list_jobs

    statuses = tuple(args.status or ())
    while True:
        jobs = list_jobs(settings, limit=args.limit, statuses=statuses)
        headers = ["ID", "KIND", "STATUS", "WORKER", "PROGRESS", "VERSION", "ERROR"]
        text = table([_row(job) for job in jobs], headers) if jobs else "no farm jobs"
        if not args.watch:
            emit(args, [job.to_json() for job in jobs], text)
            return 0
        if args.json:  # one JSON array a line
            print(json.dumps([job.to_json() for job in jobs]), flush=True)
        else:
            clear = "\x1b[H\x1b[2J" if sys.stdout.isatty() else ""
            print(f"{clear}{text}\n", flush=True)
        if all(job.status in FINISHED for job in jobs):
            return 0
        time.sleep(max(args.interval, 0.1))


def cmd_jobs_cancel(args: argparse.Namespace, settings: Settings) -> int:
    from axiom_publisher.farm.submit import cancel_job

    job = cancel_job(settings, args.id)
    emit(args, job.to_json(), f"farm job {job.id}: {job.status}")
    return 0


def cmd_jobs_retry(args: argparse.Namespace, settings: Settings) -> int:
    from axiom_publisher.farm.submit import retry_job

    job = retry_job(settings, args.id, args.queue)
    emit(args, job.to_json(), f"farm job {job.id} queued again (axiom jobs shows it)")
    return 0


def cmd_job(args: argparse.Namespace, settings: Settings) -> int:
    from axiom_publisher.farm.entry import run_job

    job = run_job(settings, args.id, take_over=True)
    emit(args, job.to_json(), f"farm job {job.id}: {job.status} (version {job.version_id})")
    return 0 if job.status == "done" else 130
