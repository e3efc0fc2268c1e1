"""The farm: AXIOM's heavy jobs queued on RQ (Redis) and run by `axiom worker` processes.

A driver like cli: ui, cli and hosts import it to submit; it imports publish, whose plain
functions the workers run. Only this package imports rq and redis (an import-linter contract).
"""

from axiom_publisher.farm.queue import FarmQueue, connect_farm
from axiom_publisher.farm.worker import run_worker

__all__ = ["FarmQueue", "connect_farm", "run_worker"]
