"""A rebuild of a published version's review media (proxy and thumbnails), as recorded.

The files a version published never change; its review proxy and thumbnails are derived
media that may be made again from them. Each rebuild is a revision (the publish is 1).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

MANIFEST = -1  # the representations of publish.records, repeated for the core layer
PROXY = -2
THUMBNAIL = -3


@dataclass(frozen=True, slots=True)
class MediaFile:
    """A recorded file of the review media or the manifest (path relative to the root)."""

    path: str
    size: int
    sha256: str
    representation: int

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "size": self.size,
            "sha256": self.sha256,
            "representation": self.representation,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> MediaFile:
        return cls(
            str(data["path"]), int(data["size"]), str(data["sha256"]), int(data["representation"])
        )

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]


@dataclass(frozen=True, slots=True)
class Rebuild:
    """One rebuild of a version's review media: who asked, why, the files before and after."""

    id: int
    version_id: int
    revision: int
    status: str  # staging | published | failed
    author: str  # the login that did it (the database's session user on PostgreSQL)
    requested_by: str
    reason: str
    thumbnail_frame: int | None
    old_files: tuple[MediaFile, ...]
    new_files: tuple[MediaFile, ...]
    old_manifest_sha256: str | None
    new_manifest_sha256: str | None
    failed_reason: str | None
    created_at: datetime
    ended_at: datetime | None
    lease_expires_at: datetime | None
    folder: str = ""  # the version's folder, relative to the root

    def old(self, representation: int) -> tuple[MediaFile, ...]:
        return tuple(file for file in self.old_files if file.representation == representation)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "version_id": self.version_id,
            "revision": self.revision,
            "status": self.status,
            "author": self.author,
            "requested_by": self.requested_by,
            "reason": self.reason,
            "thumbnail_frame": self.thumbnail_frame,
            "old_files": [file.to_json() for file in self.old_files],
            "new_files": [file.to_json() for file in self.new_files],
            "failed_reason": self.failed_reason,
            "created_at": self.created_at.isoformat(),
            "ended_at": self.ended_at.isoformat() if self.ended_at else None,
        }
