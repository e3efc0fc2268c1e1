"""Review values: decisions on versions, frame-tagged notes and the review queue's filter."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from axiom_publisher.core.qc import QCStatus


class Decision(str, enum.Enum):
    """What a lead decided about a version (the database's review_note.decision values)."""

    APPROVED = "approved"
    NEEDS_CHANGES = "needs_changes"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return {"approved": "Approved", "needs_changes": "Needs changes", "rejected": "Rejected"}[
            self.value
        ]


@dataclass(frozen=True, slots=True)
class ReviewNote:
    """A note on a version, tied to a shot frame when it was written at one; a decision
    note also carries the decision. `version_number` lets a product's notes show `v003`."""

    id: int
    version_id: int
    version_number: int
    author: str
    text: str
    created_at: datetime
    decision: Decision | None = None
    frame: int | None = None  # shot frame number (1001-based), None for the whole version

    @property
    def version_label(self) -> str:
        return f"v{self.version_number:03d}"


@dataclass(frozen=True, slots=True)
class QueueFilter:
    """Which versions waiting for review to list; None means any."""

    project: str | None = None
    entity: str | None = None
    author: str | None = None
    qc: QCStatus | None = None


@dataclass(frozen=True, slots=True)
class QueueChoices:
    """The values the review queue's filter combos offer: those of versions in the queue."""

    projects: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()


NO_FILTER = QueueFilter()  # every version waiting for review
