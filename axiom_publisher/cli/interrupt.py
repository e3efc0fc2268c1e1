"""SIGINT and SIGTERM while one `axiom` command runs: a cooperative cancel, then a force.

A signal handler that raises KeyboardInterrupt lands at whatever bytecode is running:
inside SQLAlchemy's pool while it checks a connection in or out, inside psycopg between
sending a statement and reading its answer. The connection is then left in a state the
rollback cannot use (`can't change 'autocommit' now`), and the version stays `staging`
or the command dies with a traceback. So, for commands that honour a CancelToken
(publish, qc, ingest), the first signal only sets the token: the publish service checks
it at safe points (between frames, files and phases) and rolls back on a sound
connection. Commands that take no token (short reads and writes) get KeyboardInterrupt
as before. A second signal stops the process at once (exit 130, one line): like a crash,
which the publish protocol survives: the lease expires and `axiom verify --repair` cleans
up what was left.
"""

from __future__ import annotations

import json
import os
import signal
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any

from axiom_publisher.core.cancel import CancelToken

SIGNALS = (signal.SIGINT, signal.SIGTERM)
FORCED = (
    "stopped at once by a second signal; a version being published stays 'staging' until "
    "its lease expires: run `axiom verify --repair` to mark it failed and clean its folder"
)


class Interrupts:
    """The signal handlers of one `axiom` run (installed on the main thread only)."""

    def __init__(self, as_json: bool) -> None:
        self.cancel = CancelToken()
        self.cooperative = True  # until the command is known: nothing to interrupt yet
        self.as_json = as_json
        self._previous: dict[int, Callable[[int, FrameType | None], Any] | int | None] = {}

    @property
    def received(self) -> bool:
        """True once a signal arrived."""
        return self.cancel.cancelled

    def __enter__(self) -> Interrupts:
        if threading.current_thread() is threading.main_thread():
            for number in SIGNALS:
                self._previous[number] = signal.signal(number, self._on_signal)
        return self

    def __exit__(self, *exc_info: object) -> None:
        for number, previous in self._previous.items():
            signal.signal(number, previous)
        self._previous.clear()

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if self.cancel.cancelled:
            self._force()
        self.cancel.cancel()
        if not self.cooperative:
            raise KeyboardInterrupt

    def _force(self) -> None:
        if self.as_json:
            line = json.dumps({"error": {"type": "CancelledError", "message": FORCED}})
        else:
            line = f"axiom: error: {FORCED}"
        os.write(2, (line + "\n").encode())  # no Python buffers: we are leaving now
        os._exit(130)
