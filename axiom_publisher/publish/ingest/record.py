"""Recording an ingest run: its database row and the JSON summary beside the delivery.

The row is inserted when the run starts (so a crash leaves a row without an end) and
finished with the counts and the per-item results. The summary file
`<delivery>/axiom-ingest-<run id>-<UTC start>.json` is written atomically (a hidden
temporary file, fsync, rename). A delivery on a read-only mount keeps its run in the
database: the reason the file could not be written is in the run's summary.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from axiom_publisher.config import Settings
from axiom_publisher.core.ingest import (
    SUMMARY_PREFIX,
    IngestPlan,
    IngestRun,
    ItemResult,
    Outcome,
    count,
    run_json,
)
from axiom_publisher.db import Database, Session
from axiom_publisher.db.ingest import finish_ingest_run, open_ingest_run
from axiom_publisher.publish.tracker.events import add_ingest_run_events


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def summary_name(run_id: int, started_at: datetime) -> str:
    return f"{SUMMARY_PREFIX}{run_id}-{started_at.strftime('%Y%m%dT%H%M%SZ')}.json"


def write_atomically(path: Path, data: bytes) -> None:
    """`data` at `path` whole or not at all (hidden temporary file, fsync, rename)."""
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        with open(temporary, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


class RunRecorder:
    """The record of one run; a dry run records nothing."""

    def __init__(
        self,
        database: Database,
        plan: IngestPlan,
        *,
        user: str,
        dry_run: bool,
        fingerprint: str | None,
        settings: Settings | None = None,
    ) -> None:
        self.settings = settings  # for the outbox's ingest_run events
        self.database = database
        self.plan = plan
        self.user = user
        self.dry_run = dry_run
        self.fingerprint = fingerprint
        self.started_at = utc_now()  # a dry run's; a recorded run's is the database's
        self._started = time.monotonic()
        self.run_id: int | None = None

    def start(self) -> int | None:
        """Insert the run's row (unless a dry run); its id."""
        if self.dry_run:
            return None
        opening: dict[str, Any] = {"fingerprint": self.fingerprint, "results": []}
        # The start time is the database's (one clock for every workstation).
        self.run_id, self.started_at = self.database.run(
            lambda s: open_ingest_run(s, self.plan.project, str(self.plan.root), self.user, opening)
        )
        return self.run_id

    def _ended_at(self) -> datetime:
        """The start plus the time the run took (monotonic): one clock, the start's."""
        return self.started_at + timedelta(seconds=time.monotonic() - self._started)

    def finish(self, results: tuple[ItemResult, ...]) -> IngestRun:
        """The run with its results; recorded in the database and beside the delivery."""
        run = IngestRun(
            id=self.run_id,
            project=self.plan.project,
            source_dir=self.plan.root,
            user=self.user,
            started_at=self.started_at,
            ended_at=self._ended_at(),
            published=count(results, Outcome.PUBLISHED),
            failed=count(results, Outcome.FAILED),
            skipped=count(results, Outcome.SKIPPED),
            duplicate=count(results, Outcome.DUPLICATE),
            refused=count(results, Outcome.REFUSED),
            results=results,
            dry_run=self.dry_run,
            fingerprint=self.fingerprint,
        )
        if self.run_id is None:
            return run
        path = self.plan.root / summary_name(self.run_id, self.started_at)
        run = dataclasses.replace(run, summary_path=path)
        summary = run_json(run)
        try:
            write_atomically(path, json.dumps(summary, indent=2).encode("utf-8"))
        except OSError as error:
            run = dataclasses.replace(run, summary_path=None)
            summary = run_json(run)
            summary["summary_error"] = f"{path} could not be written: {error.strerror or error}"
        run_id, ended_at = self.run_id, run.ended_at or self._ended_at()
        counts = (run.published, run.failed, run.skipped, run.duplicate)

        def record(session: Session) -> None:
            finish_ingest_run(session, run_id, ended_at=ended_at, counts=counts, summary=summary)
            if self.settings is not None:  # the webhooks' event, sent after commit
                add_ingest_run_events(session, self.settings, run)

        self.database.run(record)
        return run
