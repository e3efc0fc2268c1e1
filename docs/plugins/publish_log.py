"""Example studio plugin (API 1): tell a studio service of every publish and review decision.

Appends one JSON line per event to a log file that a studio service (a render-wrangler bot,
a billing report, an asset index) tails. The file is `[plugins.options.publish_log] path`
(default `publish_log.jsonl` in the publish root). One `write` of one line in append mode,
so lines of concurrent publishers never interleave.

AXIOM runs post-publish and post-review hooks after the commit: if this plugin fails (a full
disk, a read-only share), the publish still stands and the warning names this plugin.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from axiom_publisher.core.review import ReviewNote
from axiom_publisher.core.types import VersionRecord

API = 1
NAME = "publish_log"


def _log_path(version: VersionRecord, options: Mapping[str, Any]) -> Path:
    configured = options.get("path")
    if configured:
        return Path(str(configured)).expanduser()
    # The version folder is ROOT/<template path>/vNNN: the root is where `.axiom-root` is.
    for parent in version.path.parents:
        if (parent / ".axiom-root").exists():
            return parent / "publish_log.jsonl"
    return version.path.parent / "publish_log.jsonl"


def _append(path: Path, record: dict[str, Any]) -> None:
    line = (json.dumps(record, sort_keys=True) + "\n").encode("utf-8")
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(descriptor, line)
    finally:
        os.close(descriptor)


def post_publish(version: VersionRecord, options: Mapping[str, Any]) -> None:
    _append(
        _log_path(version, options),
        {
            "event": "publish",
            "version_id": version.id,
            "project": version.project,
            "entity": version.entity,
            "product": version.product,
            "version": version.label,
            "path": str(version.path),
            "author": version.author,
            "qc": version.qc.verdict.value if version.qc else None,
        },
    )


def post_review(note: ReviewNote, version: VersionRecord, options: Mapping[str, Any]) -> None:
    _append(
        _log_path(version, options),
        {
            "event": "review",
            "version_id": version.id,
            "version": version.label,
            "decision": note.decision.value if note.decision else None,
            "reviewer": note.author,
            "note": note.text,
        },
    )
