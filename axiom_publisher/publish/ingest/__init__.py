"""Batch ingest of deliveries: scan a folder, match its items to shots, QC them in parallel,
publish the passing ones and record the run (the `axiom ingest` command and the Ingest tab).

`scan_delivery` -> IngestPlan (nothing written); `assign` sends an item somewhere by hand;
`run_ingest` QCs and publishes; `list_runs` / `get_run` read the recorded runs.
"""

from __future__ import annotations

from axiom_publisher.config import Settings
from axiom_publisher.core.ingest import (
    IngestItem,
    IngestPlan,
    IngestRule,
    IngestRun,
    ItemResult,
    Outcome,
    assign,
)
from axiom_publisher.core.names import validate_name
from axiom_publisher.db.ingest import get_ingest_run, list_ingest_runs
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.ingest.run import default_workers, run_ingest
from axiom_publisher.publish.ingest.scan import ingest_rules, scan_delivery
from axiom_publisher.publish.ingest.watch import WatchEvent, WatchStatus, watch, watch_once

__all__ = [
    "IngestItem",
    "IngestPlan",
    "IngestRule",
    "IngestRun",
    "ItemResult",
    "Outcome",
    "WatchEvent",
    "WatchStatus",
    "assign",
    "default_workers",
    "get_run",
    "list_runs",
    "run_ingest",
    "ingest_rules",
    "scan_delivery",
    "watch",
    "watch_once",
]


def list_runs(settings: Settings, project: str | None = None, limit: int = 100) -> list[IngestRun]:
    """Recorded runs, newest first, without their per-item results."""
    if project is not None:
        validate_name(project, "project")
    with open_catalog_database(settings) as database:
        return database.run(lambda s: list_ingest_runs(s, project, limit=limit))


def get_run(settings: Settings, run_id: int) -> IngestRun:
    """A recorded run with its per-item results."""
    with open_catalog_database(settings) as database:
        return database.run(lambda s: get_ingest_run(s, run_id))
