"""The [farm] section: where AXIOM's farm jobs are queued (RQ on Redis), and how.

    [farm]
    redis_url = "redis://:PASSWORD@farm-redis.studio.example:6379/0"
    queue = "axiom"                       # the queue `--farm` submits to
    queues = ["axiom", "axiom-ingest"]    # the queues `axiom worker` serves by default
    job_timeout = 3600                    # seconds a job may run before RQ stops it
    retries = 2                           # times RQ runs a failed job again
    farm_over_mb = 500                    # the app publishes items bigger than this on the
                                          # farm by default (0: only when chosen)

The URL's password is a credential: every message that shows the URL masks it
(core.secrets.mask_secrets); AXIOM_FARM_REDIS_URL overrides the URL from the environment,
like AXIOM_DB_URL does for the database. As PGPASSWORD does for the database,
AXIOM_FARM_REDIS_PASSWORD gives the password of a URL written without one, so that no
config file holds it (it is never shown, compared or written anywhere).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from axiom_publisher.config.values import (
    LIST,
    NUMBER,
    TEXT,
    WHOLE,
    Kind,
    number,
    reject_unknown,
    table,
)
from axiom_publisher.core.errors import ConfigError
from axiom_publisher.core.secrets import mask_secrets

FARM_KEYS = ("redis_url", "queue", "queues", "job_timeout", "retries", "farm_over_mb")
FARM_TYPES: Mapping[str, Kind] = {
    "redis_url": TEXT,
    "queue": TEXT,
    "queues": LIST,
    "job_timeout": WHOLE,
    "retries": WHOLE,
    "farm_over_mb": NUMBER,
}
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
FARM_PASSWORD_VARIABLE = "AXIOM_FARM_REDIS_PASSWORD"
DEFAULT_QUEUE = "axiom"
DEFAULT_FARM_OVER_MB = 500.0


@dataclass(frozen=True, slots=True)
class FarmSettings:
    """`queue`: where submissions go; `queues`: what a worker serves when given none."""

    redis_url: str = DEFAULT_REDIS_URL
    queue: str = DEFAULT_QUEUE
    queues: tuple[str, ...] = (DEFAULT_QUEUE,)
    job_timeout: int = 3600
    retries: int = 2
    # The app's "Publish on the farm" is on by default for items over this many MB
    # (0: never by size; inside a DCC it is the default anyway).
    farm_over_mb: float = DEFAULT_FARM_OVER_MB
    # Whether a studio set up a farm ([farm] in a config file, or AXIOM_FARM_REDIS_URL):
    # without one the app neither offers nor probes it (the defaults name a local Redis).
    configured: bool = field(default=False, compare=False)
    # AXIOM_FARM_REDIS_PASSWORD: used when the URL has no password of its own
    password: str | None = field(default=None, compare=False, repr=False)

    def over_size(self, size_bytes: int) -> bool:
        """Whether an item of `size_bytes` goes to the farm by default."""
        return self.farm_over_mb > 0 and size_bytes > self.farm_over_mb * 1_000_000

    @property
    def shown_url(self) -> str:
        """The Redis URL for messages: its password masked."""
        return mask_secrets(self.redis_url)


def _whole(values: Mapping[str, Any], key: str, default: int, least: int) -> int:
    value = values.get(key, default)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise ConfigError(f"farm.{key}={value!r} must be a whole number of at least {least}")
    return value


def _queue_name(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip() or any(c.isspace() for c in value):
        raise ConfigError(f"{where}={value!r} must be a queue name without blanks (e.g. 'axiom')")
    return value


def parse_farm_settings(raw: Any, password: str | None = None) -> FarmSettings:
    """Validate the merged [farm] table; errors name the key and mask the URL's password.
    `password`: AXIOM_FARM_REDIS_PASSWORD, for a URL without one."""
    values = table(raw, "farm")
    reject_unknown(values, FARM_KEYS, "farm", "known")
    url = str(values.get("redis_url") or DEFAULT_REDIS_URL)
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise ConfigError(
            f"farm.redis_url={mask_secrets(url)!r} must be a Redis URL "
            "(redis://[:PASSWORD@]HOST:PORT/DB, rediss://... or unix://PATH)"
        )
    queue = _queue_name(values.get("queue", DEFAULT_QUEUE), "farm.queue")
    raw_queues = values.get("queues", [queue])
    if not isinstance(raw_queues, list) or not raw_queues:
        raise ConfigError(f"farm.queues={raw_queues!r} must be a non-empty list of queue names")
    queues = tuple(_queue_name(name, "farm.queues[]") for name in raw_queues)
    return FarmSettings(
        redis_url=url,
        queue=queue,
        queues=queues,
        job_timeout=_whole(values, "job_timeout", 3600, 1),
        retries=_whole(values, "retries", 2, 0),
        farm_over_mb=number(values, "farm_over_mb", "farm", DEFAULT_FARM_OVER_MB),
        configured=bool(values),
        password=password or None,
    )
