"""`axiom worker`: a real RQ worker serving the farm's queues on this machine."""

from __future__ import annotations

import os
import socket

from rq import Queue, SimpleWorker, Worker

from axiom_publisher.config import Settings
from axiom_publisher.farm.entry import use_settings
from axiom_publisher.farm.queue import connect_farm


def run_worker(
    settings: Settings,
    queues: tuple[str, ...] = (),
    *,
    burst: bool = False,
    name: str | None = None,
    fork: bool = True,
) -> bool:
    """Serve `queues` (default [farm] queues) until stopped, or until they are empty (burst).

    `fork` True: RQ's Worker runs each job in a child process (a crash or a leak in one job
    never takes the worker down); False: SimpleWorker runs them in this process. `name` is
    the worker's name in RQ (default: host name and process id). True if it ran any job."""
    connection = connect_farm(settings.farm)
    use_settings(settings)  # the jobs run with this worker's database and root
    names = queues or settings.farm.queues
    kind = Worker if fork else SimpleWorker
    worker = kind(
        [Queue(queue, connection=connection) for queue in names],
        connection=connection,
        name=name or worker_name(),
    )
    return bool(worker.work(burst=burst, with_scheduler=True))


def worker_name() -> str:
    """This worker's default name: the host name and the process id."""
    return f"{socket.gethostname()}.{os.getpid()}"
