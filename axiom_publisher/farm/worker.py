"""`axiom worker`: a real RQ worker serving the farm's queues on this machine."""

from __future__ import annotations

import logging
import os
import socket
import threading

from rq import Queue, SimpleWorker, Worker
from rq.job import Job
from rq.registry import StartedJobRegistry
from rq.timeouts import TimerDeathPenalty

from axiom_publisher.config import Settings
from axiom_publisher.config.farm import FarmSettings
from axiom_publisher.farm.entry import after_fork, open_worker_database, use_settings
from axiom_publisher.farm.queue import connect_farm
from axiom_publisher.farm.recover import horse_killed
from axiom_publisher.publish.tracker.pump import start_pump

SWEEP_INTERVAL = 60  # seconds between this worker's looks for jobs whose node died
MONITOR_INTERVAL = 10  # seconds between heartbeats of a running job (RQ: 30)
log = logging.getLogger(__name__)


class ForkingWorker(Worker):
    """RQ's Worker (a work horse forked per job) whose horses first forget the database
    connections of their parent (farm.entry.after_fork): they inherit its warm engine."""

    def main_work_horse(self, job: Job, queue: Queue) -> None:
        after_fork()
        super().main_work_horse(job, queue)


def run_worker(
    settings: Settings,
    queues: tuple[str, ...] = (),
    *,
    burst: bool = False,
    name: str | None = None,
    fork: bool = True,
    sweep_interval: int = SWEEP_INTERVAL,
) -> bool:
    """Serve `queues` (default [farm] queues) until stopped, or until they are empty (burst).

    `fork` True: RQ's Worker runs each job in a child process (a crash or a leak in one job
    never takes the worker down); False: SimpleWorker runs them in this process. `name` is
    the worker's name in RQ (default: host name and process id). Every `sweep_interval`
    seconds the worker runs RQ's cleanup of the queues' started-job registries, which finds
    the jobs of dead nodes (their heartbeat expired) and retries or fails them
    (farm.recover settles their rows): in a thread of its own, since RQ's maintenance
    only runs between jobs and every worker may be busy with jobs waiting on a dead one.
    The database is opened and warmed up once, before the first fork (farm.entry).
    True if it ran any job."""
    connection = connect_farm(settings.farm)
    use_settings(settings)  # the jobs run with this worker's database and root
    open_worker_database(settings)
    names = queues or settings.farm.queues
    kind = ForkingWorker if fork else SimpleWorker
    worker = kind(
        [Queue(queue, connection=connection) for queue in names],
        connection=connection,
        name=name or worker_name(),
        work_horse_killed_handler=horse_killed,
        maintenance_interval=sweep_interval,
        job_monitoring_interval=MONITOR_INTERVAL,
    )
    stop = threading.Event()
    sweeper = threading.Thread(
        target=sweep_forever, args=(settings.farm, names, sweep_interval, stop),
        name="axiom-farm-sweep", daemon=True,
    )  # fmt: skip
    sweeper.start()
    pump = start_pump(settings)  # delivers the outbox's tracker and webhook events
    try:
        return bool(worker.work(burst=burst, with_scheduler=True))
    finally:
        stop.set()
        if pump is not None:
            pump.set()


def sweep(settings: FarmSettings, queues: tuple[str, ...]) -> None:
    """Once: RQ's cleanup of abandoned jobs (expired heartbeats) on `queues`."""
    connection = connect_farm(settings)
    try:
        for name in queues:
            # A timer, not SIGALRM, bounds the failure callbacks: this runs in a thread.
            registry = StartedJobRegistry(
                name, connection=connection, death_penalty_class=TimerDeathPenalty
            )
            registry.cleanup()
    finally:
        connection.close()


def sweep_forever(
    settings: FarmSettings, queues: tuple[str, ...], interval: int, stop: threading.Event
) -> None:
    while not stop.wait(interval):
        try:
            sweep(settings, queues)
        except Exception:  # a Redis hiccup: the next sweep tries again
            log.exception("farm sweep of %s failed", ", ".join(queues))


def worker_name() -> str:
    """This worker's default name: the host name and the process id."""
    return f"{socket.gethostname()}.{os.getpid()}"
