"""`axiom worker`, `axiom jobs` and `axiom job run ID`: the farm from the command line.

`axiom publish ... --farm` (cli/publish.py) records a job and queues it; `axiom worker` runs
an RQ worker that runs the queued jobs; `axiom jobs` lists the recorded jobs; `axiom job run
ID` runs one recorded job in the foreground, so any farm manager (Deadline, OpenCue,
Tractor) can carry AXIOM jobs as plain command lines (docs/farm.md).
"""

from __future__ import annotations

import argparse
from typing import Any

from axiom_publisher.cli.common import Parser, add_json, emit, table
from axiom_publisher.config import Settings
from axiom_publisher.core.farm import FarmJobRecord


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
    worker.set_defaults(handler=cmd_worker)

    jobs = commands.add_parser("jobs", help="list the farm's jobs (newest first)")
    jobs.add_argument("--limit", type=int, default=50, metavar="N", help="at most N jobs")
    add_json(jobs)
    jobs.set_defaults(handler=cmd_jobs)

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

    run_worker(settings, tuple(args.queue or ()), burst=args.burst, name=args.name)
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
    from axiom_publisher.db import farm_jobs
    from axiom_publisher.publish.database import open_catalog_database

    with open_catalog_database(settings) as database:
        jobs = database.run(lambda s: farm_jobs.list_jobs(s, args.limit))
    headers = ["ID", "KIND", "STATUS", "WORKER", "PROGRESS", "VERSION", "ERROR"]
    text = table([_row(job) for job in jobs], headers) if jobs else "no farm jobs"
    emit(args, [job.to_json() for job in jobs], text)
    return 0


def cmd_job(args: argparse.Namespace, settings: Settings) -> int:
    from axiom_publisher.farm.entry import run_job

    job = run_job(settings, args.id)
    emit(args, job.to_json(), f"farm job {job.id}: {job.status} (version {job.version_id})")
    return 0 if job.status == "done" else 130
