"""A redis-server child of each farm test's own (tests/redis_server.py), on a free port.

Skips with the reason when redis-server is not installed (tests/run installs it), fails on
CI (CI=true), like the PostgreSQL fixtures.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.redis_server import RedisChild, redis_missing, start_redis


@pytest.fixture
def redis_child(tmp_path: Path) -> Iterator[RedisChild]:
    reason = redis_missing()
    if reason is not None:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"Redis is required on CI: {reason}")
        pytest.skip(reason)
    child = start_redis(tmp_path / "redis")
    try:
        yield child
    finally:
        child.stop()
