"""A studio configured with distinctive credentials everywhere a studio puts them, for the
end-to-end "no credential is ever shown" tests (test_no_credentials*.py).

- the database: a PostgreSQL login (AXIOM's wrangler and lead roles) whose password is in
  the URL (AXIOM_DB_URL), percent-encoded as SQLAlchemy wants it;
- the tracker: AXIOM_TRACKER_USER / AXIOM_TRACKER_PASSWORD (the real zou's admin);
- webhooks: a Slack-style receiver whose URL path holds a token, signed with a secret from
  the environment (secret_env), and a receiver answering 500 whose URL holds a user's
  password and whose signing secret is written in the studio file (secret = ...);
- the farm: a redis-server child with `requirepass`, its password in [farm] redis_url.

`Leaks` holds every captured text (outputs, exception texts, log records, widget texts) and
says which secret, in which form (as written, percent-encoded, form-encoded), shows where.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, quote_plus

import psycopg
import pytest
from sqlalchemy.engine import make_url

from axiom_publisher.cli import main
from axiom_publisher.db import open_database
from axiom_publisher.db.roles import LEAD, WRANGLER
from axiom_publisher.media.synth import write_sequence
from tests.redis_server import free_port, wait_for_port
from tests.tracker.my_tasks_data import synced_film
from tests.tracker.receiver import Receiver, running_receiver
from tests.tracker.zou_server import ZouServer

DB_PASSWORD = "Pg-Leak/Probe@7731"  # "/" and "@" make the URL form differ
REDIS_PASSWORD = "Redis-Leak/Word+62"
HOOK_SECRET = "Hmac-Leak-Signing-9047"  # from the environment (secret_env)
HOOK_SECRET_ENV = "AXIOM_NOTIFY_CHAT_SECRET"
INLINE_HOOK_SECRET = "Inline-Leak-Signing-3318"  # written in the studio file (secret = ...)
HOOK_TOKEN = "XoxbLeakHookToken8842"  # a Slack-style URL: /services/T.../B.../TOKEN
HOOK_URL_PASSWORD = "Hook-Leak-Basic-5120"  # http://bus:PASSWORD@host/hook
WRONG_TRACKER_PASSWORD = "Kitsu-Leak-Wrong-5521"
# The wrong password is given for an address zou does not know: it answers exactly as for a
# known one's wrong password (400, "Wrong email or password."), but it locks a known account
# for a minute after 5 failures, and the admin's lock would fail every later zou test.
WRONG_TRACKER_USER = "nobody.leak-probe@axiom-tests.org"


def forms(secret: str) -> set[str]:
    """The ways a secret can be written out: as is, percent-encoded, form-encoded."""
    return {secret, quote(secret, safe=""), quote_plus(secret), quote(secret)}


@dataclass
class Leaks:
    secrets: list[str]
    texts: list[tuple[str, str]] = field(default_factory=list)  # (where, text)

    def add(self, where: str, text: str) -> None:
        self.texts.append((where, text))

    def found(self) -> list[str]:
        hits = []
        for where, text in self.texts:
            for secret in self.secrets:
                for form in forms(secret):
                    if form in text:
                        at = text.index(form)
                        hits.append(f"{where}: {form!r} in ...{text[max(0, at - 80) : at + 40]!r}")
        return hits

    def check(self, min_texts: int = 1) -> None:
        assert len(self.texts) >= min_texts, [where for where, _ in self.texts]
        assert not self.found(), "\n".join(self.found())


def closed_port() -> int:
    """A port on 127.0.0.1 nothing listens on (bound, then closed)."""
    return free_port()


@contextmanager
def password_login(pg_url: str) -> Iterator[str]:
    """The URL of a new login with DB_PASSWORD, member of AXIOM's wrangler and lead roles,
    on `pg_url`'s database (brought to the schema's head first)."""
    open_database(pg_url).dispose()
    name = f"axiom_leak_{uuid.uuid4().hex[:10]}"
    dsn = pg_url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(f"CREATE ROLE {name} LOGIN PASSWORD '{DB_PASSWORD}'")
        connection.execute(f"GRANT {WRANGLER}, {LEAD} TO {name}")
    try:
        url = make_url(pg_url).set(username=name, password=DB_PASSWORD)
        yield url.render_as_string(hide_password=False)
    finally:
        with psycopg.connect(dsn, autocommit=True) as connection:
            connection.execute(f"DROP OWNED BY {name}")
            connection.execute(f"DROP ROLE IF EXISTS {name}")


@dataclass
class LockedRedis:
    port: int
    process: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"redis://:{quote(REDIS_PASSWORD, safe='')}@127.0.0.1:{self.port}/0"


@contextmanager
def locked_redis(folder: Path) -> Iterator[LockedRedis]:
    """A redis-server child that refuses commands without REDIS_PASSWORD."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    with (folder / "redis.log").open("wb") as output:
        process = subprocess.Popen(
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
             "--requirepass", REDIS_PASSWORD],
            cwd=folder, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        wait_for_port(port, process, 10)
        yield LockedRedis(port, process)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def studio_config(tracker_url: str, project: str, chat_url: str, bus_url: str, redis: str) -> str:
    """The studio file: the tracker, two [[notify]] receivers and the farm's Redis."""
    return (
        f'[tracker]\nkind = "kitsu"\nurl = "{tracker_url}"\ntimeout = 20\nretry_seconds = 1\n'
        f'[tracker.projects.film]\nname = "{project}"\n'
        f'[[notify]]\nname = "chat"\nurl = "{chat_url}"\nsecret_env = "{HOOK_SECRET_ENV}"\n'
        'template = \'{"text": "$summary"}\'\ntimeout = 10\n'
        f'[[notify]]\nname = "bus"\nurl = "{bus_url}"\nsecret = "{INLINE_HOOK_SECRET}"\n'
        "timeout = 10\n"
        f'[farm]\nredis_url = "{redis}"\n'
    )


@dataclass
class SecretStudio:
    """The synced film on PostgreSQL reached as the password login, everything configured
    through the environment and the studio file; `axiom(...)` runs a command in process
    (over an extra config `layer`) and records its output in `leaks`."""

    zou: ZouServer
    db_url: str  # the password login's URL
    redis: LockedRedis
    chat: Receiver
    bus: Receiver
    chat_url: str
    bus_url: str
    source: str
    leaks: Leaks
    capsys: pytest.CaptureFixture[str]
    layer_file: Path

    def axiom(self, *args: str, layer: str = "") -> tuple[int, str, str]:
        self.layer_file.write_text(layer)
        self.capsys.readouterr()
        code = main(["--config", str(self.layer_file), *args])
        out, err = self.capsys.readouterr()
        self.leaks.add(f"axiom {' '.join(args)} [{layer.strip()}] -> {code}", out + err)
        return code, out, err

    def publish(self, shot: str, *extra: str, layer: str = "") -> tuple[int, str, str]:
        return self.axiom(
            "publish", self.source, "--project", "film", "--shot", shot, "--task",
            "Compositing", "--product", "comp", *extra, layer=layer,
        )  # fmt: skip

    def process(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        """`axiom ARGS` as its own process (its logging as a studio's machine has it)."""
        done = subprocess.run(
            [sys.executable, "-m", "axiom_publisher", *args],
            capture_output=True, text=True, timeout=timeout, check=False,
        )  # fmt: skip
        self.leaks.add(f"axiom {' '.join(args)} (a process) -> {done.returncode}",
                       done.stdout + done.stderr)  # fmt: skip
        return done


@contextmanager
def secret_studio(
    zou: ZouServer,
    pg_url: str,
    tmp_path: Path,
    axiom_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Iterator[SecretStudio]:
    leaks = Leaks(
        [DB_PASSWORD, REDIS_PASSWORD, HOOK_SECRET, INLINE_HOOK_SECRET, HOOK_TOKEN,
         HOOK_URL_PASSWORD, WRONG_TRACKER_PASSWORD, zou.password]
    )  # fmt: skip
    with (
        password_login(pg_url) as db_url,
        locked_redis(tmp_path / "redis") as redis,
        running_receiver(HOOK_SECRET) as chat,
        running_receiver(INLINE_HOOK_SECRET, refuse=500) as bus,
    ):
        synced = synced_film(zou, pg_url, tmp_path, axiom_env)  # as the database's owner
        chat_url = chat.url.replace("/hook", f"/services/T0AXIOM/B0AXIOM/{HOOK_TOKEN}")
        bus_url = bus.url.replace("http://", f"http://bus:{HOOK_URL_PASSWORD}@")
        config = tmp_path / "studio.toml"
        config.write_text(studio_config(zou.url, synced.film.name, chat_url, bus_url, redis.url))
        env = {
            "AXIOM_DB_URL": db_url,
            "AXIOM_STUDIO_CONFIG": str(config),
            "AXIOM_PUBLISH_ROOT": str(synced.settings.publish_root),
            "AXIOM_TRACKER_USER": zou.email,
            "AXIOM_TRACKER_PASSWORD": zou.password,
            HOOK_SECRET_ENV: HOOK_SECRET,
        }
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        write_sequence(tmp_path / "src", "comp", 985, 1040, width=64, height=36)
        yield SecretStudio(
            zou, db_url, redis, chat, bus, chat_url, bus_url,
            str(tmp_path / "src" / "comp.####.png"), leaks, capsys, tmp_path / "layer.toml",
        )  # fmt: skip
