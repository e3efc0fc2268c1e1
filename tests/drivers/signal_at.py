"""Test driver run as its own OS process: `axiom ARGS...` with a SIGTERM at a chosen call.

    python -m tests.drivers.signal_at CALL[,CALL...] REPORT ARGS...

A profile hook counts the Python calls the interpreter makes on the main thread while
`axiom ARGS...` runs. CALL > 0: at the CALL-th call the process sends itself SIGTERM (the
signal then lands inside whatever that call is doing: the pool's checkout, psycopg, the
staging loop...); with more CALLs, one SIGTERM at each. CALL = 0: nothing is sent; the
number of calls, the indices of the calls into the risky code (connection pool, database
drivers, the publish service) and of the first call of each phase's landmark function are
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

LANDMARKS = ("reserve_version", "add_copy", "commit_version")  # reserve, stage, commit
RISKY = ("sqlalchemy/pool/", "psycopg/", "sqlite3/", "publish/service.py", "db/engine.py")


class Calls:
    def __init__(self, fire_at: list[int]) -> None:
        self.fire_at = fire_at
        self.count = 0
        self.risky: list[int] = []
        self.first: dict[str, int] = {}

    def hook(self, frame: FrameType, event: str, arg: Any) -> None:
        if event != "call":
            return
        self.count += 1
        if self.count in self.fire_at:
            if self.count == self.fire_at[-1]:
                sys.setprofile(None)
            signal.raise_signal(signal.SIGTERM)
        elif self.fire_at == [0] and any(part in frame.f_code.co_filename for part in RISKY):
            self.risky.append(self.count)
        if self.fire_at == [0] and frame.f_code.co_name in LANDMARKS:
            self.first.setdefault(frame.f_code.co_name, self.count)


def main(argv: list[str]) -> int:
    fire_at = sorted(int(call) for call in argv[0].split(","))
    report, args = Path(argv[1]), argv[2:]
    calls = Calls(fire_at)
    sys.setprofile(calls.hook)
    try:
        code = axiom(args)
    finally:
        sys.setprofile(None)
    if fire_at == [0]:
        report.write_text(
            json.dumps({"count": calls.count, "risky": calls.risky, "first": calls.first})
        )
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
