"""Versions as the outside world sees them: absolute paths and the CLI's JSON objects."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from axiom_publisher.core.types import VersionRecord

MANIFEST_NAME = "axiom-manifest.json"
# Files of a version that are not a source representation (representation < 0):
MANIFEST_REPRESENTATION = -1
PROXY_REPRESENTATION = -2
THUMBNAIL_REPRESENTATION = -3


def absolute_record(record: VersionRecord, root: Path) -> VersionRecord:
    """The record with its folder and file paths made absolute under the publish root."""
    return dataclasses.replace(
        record,
        path=root / record.path,
        files=tuple(dataclasses.replace(file, path=root / file.path) for file in record.files),
        proxy=root / record.proxy if record.proxy else None,
        thumbnail=root / record.thumbnail if record.thumbnail else None,
    )


def version_json(record: VersionRecord) -> dict[str, Any]:
    """A version as `axiom publish --json` and `axiom versions --json` print it."""
    files = [file for file in record.files if file.representation >= 0]
    manifest = next(
        (file for file in record.files if file.representation == MANIFEST_REPRESENTATION), None
    )
    return {
        "id": record.id,
        "project": record.project,
        "entity": record.entity,
        "entity_kind": record.entity_kind.value,
        "task": record.task,
        "product": record.product,
        "version": record.number,
        "label": record.label,
        "status": record.status.value,
        "path": str(record.path),
        "files": [
            {
                "path": str(file.path),
                "size": file.size,
                "sha256": file.sha256,
                "frame": file.frame,
                "representation": file.representation,
            }
            for file in files
        ],
        "manifest": str(manifest.path) if manifest else None,
        "frame_range": (
            [record.frame_range.first, record.frame_range.last] if record.frame_range else None
        ),
        "missing_frames": list(record.missing_frames),
        "comment": record.comment,
        "author": record.author,
        "host": record.host,
        "source": record.source,
        "created_at": record.created_at.isoformat() if record.created_at else None,
        "published_at": record.published_at.isoformat() if record.published_at else None,
        "failed_reason": record.failed_reason,
        "qc": record.qc.to_json() if record.qc else None,
        "qc_override_reason": record.qc_override_reason,
        "content_hash": record.content_hash,
        "proxy": str(record.proxy) if record.proxy else None,
        "thumbnail": str(record.thumbnail) if record.thumbnail else None,
        "media": record.media.to_json() if record.media else None,
        "dependencies": list(record.dependencies),
        "tracker_task": record.tracker_task.to_json() if record.tracker_task else None,
    }
