"""Whether anybody serves the farm: the RQ workers registered on a queue right now.

The app asks this (in a worker thread) before it makes the farm its default: a publish
queued where no worker listens would wait unseen.
"""

from __future__ import annotations

from redis.exceptions import RedisError
from rq import Queue, Worker

from axiom_publisher.config.farm import FarmSettings
from axiom_publisher.core.errors import FarmUnavailableError
from axiom_publisher.farm.queue import connect_farm


def serving_workers(settings: FarmSettings, queue: str | None = None) -> int:
    """How many RQ workers serve `queue` (default [farm] queue); FarmUnavailableError
    when the farm's Redis does not answer."""
    connection = connect_farm(settings)
    name = queue or settings.queue
    try:
        return int(Worker.count(connection=connection, queue=Queue(name, connection=connection)))
    except RedisError as error:
        raise FarmUnavailableError(
            f"the farm's Redis at {settings.shown_url} did not list its workers ({error})"
        ) from None
    finally:
        connection.close()
