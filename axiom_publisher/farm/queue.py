"""Submitting to the farm: the Redis connection and RQ's queues, from the [farm] settings.

Every message that shows the Redis URL masks its password (FarmSettings.shown_url).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from redis import Redis
from redis.exceptions import AuthenticationError, RedisError
from rq import Callback, Queue, Retry

from axiom_publisher.config.farm import FARM_PASSWORD_VARIABLE, FarmSettings
from axiom_publisher.core.errors import FarmUnavailableError
from axiom_publisher.core.secrets import mask_secrets

CONNECT_TIMEOUT = 5.0
# RQ calls it when a job's node died (an abandoned job): farm.recover settles the row.
ON_FAILURE = "axiom_publisher.farm.recover.on_failure"


def connect_farm(settings: FarmSettings) -> Redis:
    """A Redis connection that answered a PING; FarmUnavailableError names the URL if not."""
    # the URL's own password wins (redis-py: the URL's arguments win over keywords)
    password = {"password": settings.password} if settings.password else {}
    try:
        connection = Redis.from_url(
            settings.redis_url, socket_connect_timeout=CONNECT_TIMEOUT, **password
        )
        connection.ping()
    except AuthenticationError as error:
        detail = mask_secrets(str(error), _secrets(settings))
        raise FarmUnavailableError(
            f"the farm's Redis at {settings.shown_url} refused the connection ({detail}): give "
            f"its password in the environment ({FARM_PASSWORD_VARIABLE}, as PGPASSWORD for "
            "the database) or in [farm] redis_url (AXIOM_FARM_REDIS_URL)"
        ) from None
    except (RedisError, ValueError, OSError) as error:
        detail = mask_secrets(str(error), _secrets(settings))
        raise FarmUnavailableError(
            f"the farm's Redis at {settings.shown_url} does not answer ({detail}); start it or "
            "set [farm] redis_url (or AXIOM_FARM_REDIS_URL) to the studio's farm Redis"
        ) from None
    return connection


def _secrets(settings: FarmSettings) -> tuple[str, ...]:
    password = urlsplit(settings.redis_url).password
    given = (settings.password,) if settings.password else ()
    return (password, unquote(password), *given) if password else given


@dataclass(frozen=True, slots=True)
class FarmQueue:
    """One RQ queue of the farm; `submit` enqueues a job function by its dotted path."""

    settings: FarmSettings
    connection: Redis
    name: str

    @classmethod
    def open(cls, settings: FarmSettings, name: str | None = None) -> FarmQueue:
        return cls(settings, connect_farm(settings), name or settings.queue)

    def submit(self, function: str, *args: Any, description: str = "") -> str:
        """Enqueue `function(*args)` (a dotted path the worker imports); its RQ job id.

        RQ runs it again up to [farm] retries times if it fails, and stops it after
        [farm] job_timeout seconds."""
        queue = Queue(self.name, connection=self.connection)
        retry = Retry(max=self.settings.retries) if self.settings.retries else None
        try:
            job = queue.enqueue(
                function,
                *args,
                job_timeout=self.settings.job_timeout,
                retry=retry,
                description=description or None,
                result_ttl=86400,
                failure_ttl=7 * 86400,
                on_failure=Callback(ON_FAILURE),
            )
        except RedisError as error:
            detail = mask_secrets(str(error), _secrets(self.settings))
            raise FarmUnavailableError(
                f"could not queue {function} on {self.name!r} at {self.settings.shown_url}: "
                f"{detail}"
            ) from None
        return str(job.id)

    def waiting(self) -> int:
        """How many jobs wait in this queue."""
        return int(Queue(self.name, connection=self.connection).count)
