"""The farm's Redis password, as for the database: given in the environment
(AXIOM_FARM_REDIS_PASSWORD, like PGPASSWORD) for a URL without one, or in the URL; never
printed by `axiom publish --farm`, `axiom jobs`, `axiom worker` or an error. A real
redis-server child that asks for the password, real `axiom worker` processes, SQLite and
PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from axiom_publisher.cli import main
from axiom_publisher.config.farm import FARM_PASSWORD_VARIABLE
from tests.farm.conftest import REPO
from tests.redis_server import RedisChild, redis_missing, start_redis
from tests.roots import publish_root

PASSWORD = "Farm-s3cret/pw"  # a '/' too: written %2F in a URL
IN_URL = PASSWORD.replace("/", "%2F")


@pytest.fixture
def locked_redis(tmp_path: Path) -> Iterator[RedisChild]:
    reason = redis_missing()
    if reason is not None:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"Redis is required on CI: {reason}")
        pytest.skip(reason)
    child = start_redis(tmp_path / "redis", password=PASSWORD)
    try:
        yield child
    finally:
        child.stop()


def axiom(
    capsys: pytest.CaptureFixture[str], db_url: str, root: Path, *args: str | Path
) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["--db", db_url, "--root", str(root), *map(str, args)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def worker_output(db_url: str, root: Path, env: dict[str, str]) -> str:
    """A burst `axiom worker` process with `env`: its whole output (it must exit 0)."""
    worker = subprocess.run(
        [sys.executable, "-m", "axiom_publisher", "--db", db_url, "--root", str(root),
         "worker", "--burst"],
        env=dict(os.environ, AXIOM_WORKER_HOST="node-p", **env), cwd=REPO,
        capture_output=True, timeout=180, check=False,
    )  # fmt: skip
    output = (worker.stdout + worker.stderr).decode(errors="replace")
    assert worker.returncode == 0, output
    return output


@pytest.mark.parametrize("where", ["environment", "url"])
def test_the_redis_password_opens_the_farm_and_is_never_printed(
    db_url: str,
    tmp_path: Path,
    locked_redis: RedisChild,
    axiom_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    plate: Path,
    where: str,
) -> None:
    root = publish_root(tmp_path / "publish")
    bare = locked_redis.url
    with_password = f"redis://:{IN_URL}@127.0.0.1:{locked_redis.port}/0"
    env = (
        {"AXIOM_FARM_REDIS_URL": bare, FARM_PASSWORD_VARIABLE: PASSWORD}
        if where == "environment"
        else {"AXIOM_FARM_REDIS_URL": with_password}
    )
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    printed = []
    for command in (
        ("project", "create", "proj", "--fps", "24", "--resolution", "64x36"),
        ("shot", "create", "proj", "sh010", "--frames", "1001-1010", "--handles", "0"),
    ):
        code, out = axiom(capsys, db_url, root, *command)
        assert code == 0, out
    code, out = axiom(capsys, db_url, root, "publish", plate, "--project", "proj",
                      "--shot", "sh010", "--product", "plate", "--farm")  # fmt: skip
    assert code == 0, out
    printed.append(out)
    job_id = out.split("farm job ", 1)[1].split()[0]

    printed.append(worker_output(db_url, root, {**axiom_env, **env}))

    code, out = axiom(capsys, db_url, root, "jobs", "--json")
    assert code == 0, out
    assert f'"id": {job_id}' in out and '"status": "done"' in out
    printed.append(out)
    # a wrong password: refused, with how to give it, never the password tried
    monkeypatch.setenv(
        "AXIOM_FARM_REDIS_URL", f"redis://:{IN_URL}x@127.0.0.1:{locked_redis.port}/0"
    )
    code, out = axiom(capsys, db_url, root, "publish", plate, "--project", "proj",
                      "--shot", "sh010", "--product", "plate", "--farm")  # fmt: skip
    assert code == 3, out
    assert FARM_PASSWORD_VARIABLE in out and "redis://:***@127.0.0.1" in out
    printed.append(out)
    for text in printed:
        assert PASSWORD not in text and IN_URL not in text, text


def test_a_farm_that_asks_for_a_password_it_is_not_given_says_how_to_give_it(
    db_url: str,
    tmp_path: Path,
    locked_redis: RedisChild,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    plate: Path,
) -> None:
    monkeypatch.setenv("AXIOM_FARM_REDIS_URL", locked_redis.url)
    root = publish_root(tmp_path / "publish")
    code, out = axiom(capsys, db_url, root, "jobs", "retry", "1")
    assert code == 3, out
    assert "refused the connection" in out and FARM_PASSWORD_VARIABLE in out
