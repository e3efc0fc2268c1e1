"""Test driver run as its own OS process: `axiom ARGS...` with a SIGTERM at a chosen call.

    python -m tests.drivers.signal_at CALL REPORT ARGS...

A profile hook counts the Python calls the interpreter makes on the main thread while
`axiom ARGS...` runs. CALL > 0: at the CALL-th call the process sends itself SIGTERM (the
signal then lands inside whatever that call is doing: the pool's checkout, psycopg, the
staging loop...). CALL = 0: nothing is sent; the number of calls and the indices of the
calls into the risky code (connection pool, database drivers, the publish service) are
written to REPORT as JSON, to choose the points of the next runs.
"""

from __future__ import annotations

import json
import signal
import sys
from pathlib import Path
from types import FrameType
from typing import Any

from axiom_publisher.cli import main as axiom

RISKY = ("sqlalchemy/pool/", "psycopg/", "sqlite3/", "publish/service.py", "db/engine.py")


class Calls:
    def __init__(self, fire_at: int) -> None:
        self.fire_at = fire_at
        self.count = 0
        self.risky: list[int] = []

    def hook(self, frame: FrameType, event: str, arg: Any) -> None:
        if event != "call":
            return
        self.count += 1
        if self.count == self.fire_at:
            sys.setprofile(None)
            signal.raise_signal(signal.SIGTERM)
        elif self.fire_at == 0 and any(part in frame.f_code.co_filename for part in RISKY):
            self.risky.append(self.count)


def main(argv: list[str]) -> int:
    fire_at, report, args = int(argv[0]), Path(argv[1]), argv[2:]
    calls = Calls(fire_at)
    sys.setprofile(calls.hook)
    try:
        code = axiom(args)
    finally:
        sys.setprofile(None)
    if fire_at == 0:
        report.write_text(json.dumps({"count": calls.count, "risky": calls.risky}))
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
