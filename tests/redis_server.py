"""A `redis-server` child of a test's own, on a free port, keeping nothing on disk.

Every test that needs Redis (the tracker's zou, the farm's queues) starts its own, so no two
share one (zou caches in fixed databases; a farm test's queues must see only its own jobs).
"""

from __future__ import annotations

import contextlib
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path


def redis_missing() -> str | None:
    """None when redis-server can be started, else why not."""
    if shutil.which("redis-server") is None:
        return "redis-server is not installed (tests/run installs Debian's redis-server)"
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, child: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if child.poll() is not None:
            raise RuntimeError(f"{child.args!r} exited ({child.returncode})")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port} after {timeout:.0f} s")


@dataclass
class RedisChild:
    port: int
    process: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_redis(folder: Path, timeout: float = 10, password: str | None = None) -> RedisChild:
    """Start redis-server in `folder` (its log: folder/redis.log); wait until it listens.
    With `password`, it asks every client for it (requirepass)."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    with (folder / "redis.log").open("wb") as output:
        process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                *(["--requirepass", password] if password else []),
            ],  # fmt: skip
            cwd=folder,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    child = RedisChild(port, process)
    try:
        wait_for_port(port, process, timeout)
    except BaseException:
        child.stop()
        raise
    return child
