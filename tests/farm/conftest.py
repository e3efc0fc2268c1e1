"""A redis-server child of each farm test's own (tests/redis_server.py), on a free port.

Skips with the reason when redis-server is not installed (tests/run installs it), fails on
CI (CI=true), like the PostgreSQL fixtures.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from axiom_publisher.cli import main
from axiom_publisher.media.synth import write_sequence
from tests.redis_server import RedisChild, redis_missing, start_redis
from tests.roots import publish_root

REPO = Path(__file__).resolve().parents[2]


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


class Farm:
    """`axiom ...` in-process with this test's database, root and Redis; worker processes."""

    def __init__(
        self, db_url: str, root: Path, redis: RedisChild, capsys: pytest.CaptureFixture[str]
    ) -> None:
        self.db_url = db_url
        self.root = root
        self.redis = redis
        self._capsys = capsys

    def __call__(self, *args: str | Path) -> tuple[int, str, str]:
        self._capsys.readouterr()
        code = main(["--db", self.db_url, "--root", str(self.root), *map(str, args)])
        captured = self._capsys.readouterr()
        return code, captured.out, captured.err

    def ok(self, *args: str | Path) -> Any:
        code, out, err = self(*args, "--json")
        assert code == 0, err
        return json.loads(out)

    def submit(self, path: Path) -> dict[str, Any]:
        """`axiom publish PATH --farm` to proj/sh010/plate: the recorded job."""
        job: dict[str, Any] = self.ok(
            "publish", path, "--project", "proj", "--shot", "sh010", "--product", "plate",
            "--farm",
        )  # fmt: skip
        return job

    def job(self, job_id: int) -> dict[str, Any]:
        jobs = {job["id"]: job for job in self.ok("jobs")}
        return dict(jobs[job_id])

    def worker(self, host: str, *flags: str, **env: str) -> subprocess.Popen[bytes]:
        """A real `axiom worker` process standing in for render node `host`."""
        environment = dict(os.environ, AXIOM_WORKER_HOST=host, **env)
        return subprocess.Popen(
            [sys.executable, "-m", "axiom_publisher", "--db", self.db_url, "--root",
             str(self.root), "worker", *flags],
            env=environment, cwd=REPO, start_new_session=True,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )  # fmt: skip

    def versions(self) -> list[tuple[int, str]]:
        engine = sa.create_engine(self.db_url)
        try:
            with engine.connect() as connection:
                rows = connection.execute(sa.text("SELECT number, status FROM version"))
                return sorted((int(number), str(status)) for number, status in rows)
        finally:
            engine.dispose()


@pytest.fixture
def farm(
    db_url: str,
    tmp_path: Path,
    redis_child: RedisChild,
    axiom_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Farm:
    """A project proj with shot sh010 (targets the generated media meets), a Redis of its own."""
    monkeypatch.setenv("AXIOM_FARM_REDIS_URL", redis_child.url)
    farm = Farm(db_url, publish_root(tmp_path / "publish"), redis_child, capsys)
    farm.ok("project", "create", "proj", "--fps", "24", "--resolution", "64x36")
    farm.ok("shot", "create", "proj", "sh010", "--frames", "1001-1010", "--handles", "0")
    return farm


@pytest.fixture
def plate(tmp_path: Path) -> Path:
    """A generated 10-frame image sequence (media.synth, PyAV): its folder."""
    write_sequence(tmp_path / "seq", "plate", 1001, 1010, width=64, height=36)
    return tmp_path / "seq"
