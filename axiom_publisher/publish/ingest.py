"""Batch ingest of deliveries: scan a folder, match its items to shots, QC them in parallel,
publish the passing ones and record the run (the `axiom ingest` command and the Ingest tab).

`scan_delivery` -> IngestPlan (nothing written); `assign` sends an item somewhere by hand;
`run_ingest` QCs and publishes; `list_runs` / `get_run` read the recorded runs.
"""

from __future__ import annotations

from axiom_publisher.core.ingest import (
    IngestItem,
    IngestPlan,
    IngestRule,
    IngestRun,
    ItemResult,
    Outcome,
    assign,
)
from axiom_publisher.publish.ingest_scan import ingest_rules, scan_delivery

__all__ = [
    "IngestItem",
    "IngestPlan",
    "IngestRule",
    "IngestRun",
    "ItemResult",
    "Outcome",
    "assign",
    "ingest_rules",
    "scan_delivery",
]
