"""A real Kitsu API server (zou) for the tracker tests, run from its own venv.

tests/run installs zou into `.venv-zou` (never the project's venv: zou pins many packages).
`start_zou()` gives the server everything of its own: a fresh PostgreSQL database (uuid
name), a `redis-server` child on a free port (zou keeps caches in fixed Redis databases, so
two zous must never share one), a working folder (zou loads `./plugins`), a random
SECRET_KEY; it initialises the database, creates an admin, starts gunicorn on a free port and
waits until the API answers. `ZouServer.stop()` kills both children and drops the database.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import subprocess
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from tests.redis_server import free_port, redis_missing, start_redis

REPO = Path(__file__).resolve().parents[2]
ZOU_VENV = Path(os.environ.get("AXIOM_ZOU_VENV", REPO / ".venv-zou"))
ADMIN_EMAIL = "admin@axiom-tests.org"

# One Python process runs the three set-up commands (each `zou` command imports the whole
# app: about 3 s of CPU apiece on this machine).
_SETUP = """
import sys
from zou.cli import cli
for args in (["init-db"], ["init-data"], ["create-admin", sys.argv[1], "--password", sys.argv[2]]):
    cli.main(args, standalone_mode=False)
"""


def zou_missing() -> str | None:
    """None when zou is installed in its venv, else why it cannot run."""
    for tool in ("python", "gunicorn"):
        if not (ZOU_VENV / "bin" / tool).exists():
            return f"zou is not installed in {ZOU_VENV} (tests/run installs it)"
    return redis_missing()


@dataclass
class ZouServer:
    url: str
    email: str
    password: str
    database: str
    folder: Path
    timings: dict[str, float] = field(default_factory=dict)
    _children: list[subprocess.Popen[bytes]] = field(default_factory=list)
    _api: tuple[list[str], dict[str, str]] | None = None  # gunicorn's command and environment

    def stop_api(self) -> None:
        """Stop the API server (gunicorn) only: its address refuses connections until
        `start_api()`; the database and Redis stay."""
        gunicorn = self._children[-1]
        gunicorn.send_signal(signal.SIGTERM)
        try:
            gunicorn.wait(timeout=30)
        except subprocess.TimeoutExpired:
            gunicorn.kill()
            gunicorn.wait()

    def start_api(self) -> None:
        """Start the API server again on the same address and wait until it answers."""
        assert self._api is not None and self._children[-1].poll() is not None
        command, env = self._api
        log = self.folder / "gunicorn.log"
        with log.open("ab") as output:
            gunicorn = subprocess.Popen(
                command, cwd=self.folder, env=env, stdout=output, stderr=subprocess.STDOUT
            )
        self._children[-1] = gunicorn
        _wait_for(self.url + "/", gunicorn, log, 120)

    def stop(self, drop_database: object = None) -> None:
        for child in reversed(self._children):
            if child.poll() is None:
                # gunicorn's arbiter stops its workers on SIGTERM; redis exits on it.
                child.send_signal(signal.SIGTERM)
                try:
                    child.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    child.kill()
                    child.wait()
        self._children.clear()
        if callable(drop_database):
            drop_database(self.database)


def _wait_for(url: str, child: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if child.poll() is not None:
            raise RuntimeError(
                f"{child.args!r} exited ({child.returncode}): {log.read_text()[-2000:]}"
            )
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as response:
            if response.status == 200:
                return
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s: {log.read_text()[-2000:]}")


def start_zou(folder: Path, create_database: object, pg_host: str, pg_port: int) -> ZouServer:
    """Start zou in `folder`; `create_database(name)` makes its empty PostgreSQL database."""
    folder.mkdir(parents=True, exist_ok=True)
    for sub in ("previews", "tmp", "plugins"):
        (folder / sub).mkdir(exist_ok=True)
    database = f"zou_test_{uuid.uuid4().hex[:12]}"
    server = ZouServer(
        url="",
        email=ADMIN_EMAIL,
        password=secrets.token_urlsafe(12),
        database=database,
        folder=folder,
    )
    began = time.monotonic()
    assert callable(create_database)
    create_database(database)
    try:
        redis = start_redis(folder)
        server._children.append(redis.process)
        redis_port = redis.port
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("AXIOM_", "PYTHON", "VIRTUAL_ENV"))
        }
        env.update(
            SECRET_KEY=secrets.token_hex(32),
            DB_HOST=pg_host,
            DB_PORT=str(pg_port),
            DB_USER="postgres",
            DB_PASSWORD="",
            DB_DATABASE=database,
            KV_HOST="127.0.0.1",
            KV_PORT=str(redis_port),
            PREVIEW_FOLDER=str(folder / "previews"),
            TMP_DIR=str(folder / "tmp"),
            PLUGIN_FOLDER=str(folder / "plugins"),
            MAIL_CHECK_DELIVERABILITY="false",  # no DNS here: example addresses must pass
            USER_LIMIT="100000",  # each built film adds 3 people; zou refuses the 101st
            HOME=str(folder),
        )
        # The database set-up and gunicorn's boot (it imports the app) run side by side: the
        # app touches the database only when a request comes, after the set-up has ended.
        log = folder / "setup.log"
        with log.open("wb") as output:
            setup = subprocess.Popen(
                [str(ZOU_VENV / "bin" / "python"), "-c", _SETUP, server.email, server.password],
                cwd=folder,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        server._children.append(setup)
        port = free_port()
        gunicorn_log = folder / "gunicorn.log"
        command = [
            str(ZOU_VENV / "bin" / "gunicorn"),
            "--no-control-socket",
            "--timeout",  # a preview's ffmpeg pass on a loaded machine outlasts the default 30 s
            "300",
            "-b",
            f"127.0.0.1:{port}",
            "zou.app:app",
        ]
        server._api = (command, env)
        with gunicorn_log.open("wb") as output:
            gunicorn = subprocess.Popen(
                command,
                cwd=folder,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        server._children.append(gunicorn)
        if setup.wait(timeout=300) != 0:
            raise RuntimeError(
                f"zou's set-up failed ({setup.returncode}): {log.read_text()[-2000:]}"
            )
        server.timings["setup"] = time.monotonic() - began
        server.url = f"http://127.0.0.1:{port}"
        _wait_for(server.url + "/", gunicorn, gunicorn_log, 120)
        # One login warms the worker (database pool, Redis, the auth code) so that no test's
        # first request pays for it (a test with a short [tracker] timeout would time out).
        login = urllib.request.Request(
            server.url + "/auth/login",
            json.dumps({"email": server.email, "password": server.password}).encode(),
            {"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(login, timeout=60) as response:
            response.read()
        server.timings["total"] = time.monotonic() - began
    except BaseException:
        server.stop()
        raise
    return server
