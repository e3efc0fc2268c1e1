"""Batch ingest of deliveries: naming rules, the plan of a delivery, and a run's results.

Standard library only. A delivery folder is scanned into an IngestPlan (one IngestItem per
movie, image sequence, still or other file, each matched to a context by the first naming
rule that fits, or left unmatched with the reason); a run of the plan gives one ItemResult
per item and is recorded as an IngestRun. The JSON forms here are what the database's
`ingest_run.summary` and the summary file beside the delivery hold.
"""

from __future__ import annotations

import dataclasses
import enum
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from axiom_publisher.core.errors import BadInputError
from axiom_publisher.core.names import validate_name
from axiom_publisher.core.qc import QCStatus
from axiom_publisher.core.types import EntityKind, PublishContext, Source

SUMMARY_PREFIX = "axiom-ingest-"  # summary files beside a delivery; never ingested themselves


class Outcome(str, enum.Enum):
    PUBLISHED = "published"
    FAILED = "failed"
    SKIPPED = "skipped"
    DUPLICATE = "duplicate"
    PLANNED = "planned"  # a dry run: this item would be published
    REFUSED = "refused"  # never read: a link out of the delivery, a control character


@dataclass(frozen=True, slots=True)
class IngestRule:
    """A naming rule: a regular expression searched in an item's name (its path relative to
    the delivery, a sequence as `name.####.exr`). Named groups: `shot`, `asset` or `entity`
    (of the rule's `kind`), optional `task` and `product`. Without those groups the rule's
    `task` is used, and the product is the rule's `product`, else the task."""

    pattern: str
    kind: EntityKind = EntityKind.SHOT
    task: str = "plate"
    product: str | None = None

    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern; BadInputError when it is invalid or names no entity group."""
        try:
            compiled = re.compile(self.pattern)
        except re.error as error:
            raise BadInputError(
                f"the ingest rule '{self.pattern}' is not a valid regular expression: {error}"
            ) from None
        if not {"shot", "asset", "entity"} & set(compiled.groupindex):
            raise BadInputError(
                f"the ingest rule '{self.pattern}' has no named group (?P<shot>...), "
                "(?P<asset>...) or (?P<entity>...): it cannot say where an item goes"
            )
        return compiled

    def match(self, project: str, name: str) -> PublishContext | None:
        """The context `name` goes to under this rule, or None when it does not match.

        InvalidNameError when a matched group is not an allowed name."""
        found = self.compiled().search(name)
        if found is None:
            return None
        groups = {key: value for key, value in found.groupdict().items() if value}
        if "asset" in groups:
            kind, entity = EntityKind.ASSET, groups["asset"]
        elif "shot" in groups:
            kind, entity = EntityKind.SHOT, groups["shot"]
        elif "entity" in groups:
            kind, entity = self.kind, groups["entity"]
        else:
            return None
        task = groups.get("task") or self.task
        product = groups.get("product") or self.product or task
        validate_name(entity, kind.value)
        validate_name(task, "task")
        validate_name(product, "product")
        return PublishContext(project, entity, task, product, kind)


@dataclass(frozen=True, slots=True)
class IngestItem:
    """One movie, sequence, still or file of a delivery and where it goes.

    `context` None: unmatched, `reason` says why. `name` is the path relative to the
    delivery (what the rules were matched against). A `refused` item (a symbolic link that
    leads out of the delivery, a name holding a control character) is never read,
    published or assigned; `reason` says why."""

    index: int
    source: Source
    context: PublishContext | None
    rule: str | None = None
    reason: str = ""
    name: str = ""
    refused: bool = False

    @property
    def display(self) -> str:
        return self.name or self.source.display


@dataclass(frozen=True, slots=True)
class IngestPlan:
    """A scanned delivery: its items in name order (`index` = position)."""

    project: str
    root: Path
    items: tuple[IngestItem, ...]

    @property
    def unmatched(self) -> tuple[IngestItem, ...]:
        """Items no rule sent anywhere (they may be assigned by hand); not the refused."""
        return tuple(item for item in self.items if item.context is None and not item.refused)

    @property
    def refused(self) -> tuple[IngestItem, ...]:
        return tuple(item for item in self.items if item.refused)

    @property
    def matched(self) -> tuple[IngestItem, ...]:
        return tuple(item for item in self.items if item.context is not None)


def assign(plan: IngestPlan, index: int, context: PublishContext | None) -> IngestPlan:
    """The plan with item `index` sent to `context` (a manual assignment; None: unassign)."""
    if not 0 <= index < len(plan.items):
        raise BadInputError(f"the delivery has no item {index} (it has {len(plan.items)})")
    if context is not None:
        if context.project != plan.project:
            raise BadInputError(
                f"item {index} cannot go to project {context.project!r}: this ingest is for "
                f"{plan.project!r}"
            )
        validate_name(context.entity, context.entity_kind.value)
        validate_name(context.task, "task")
        validate_name(context.product, "product")
    item = plan.items[index]
    if item.refused and context is not None:
        raise BadInputError(f"item {index} ({item.display}) is refused: {item.reason}")
    changed = dataclasses.replace(
        item,
        context=context,
        rule="manual" if context is not None else None,
        reason="" if context is not None else "unassigned by hand",
    )
    items = plan.items[:index] + (changed,) + plan.items[index + 1 :]
    return dataclasses.replace(plan, items=items)


@dataclass(frozen=True, slots=True)
class ItemResult:
    """What a run did with one item; `reason` says why it failed or was skipped."""

    index: int
    display: str
    context: PublishContext | None
    outcome: Outcome
    reason: str = ""
    version_id: int | None = None
    version_label: str | None = None
    qc: QCStatus | None = None
    content_hash: str | None = None
    duplicate_of: int | None = None

    def to_json(self) -> dict[str, Any]:
        context = self.context
        return {
            "index": self.index,
            "display": self.display,
            "context": context_json(context) if context is not None else None,
            "outcome": self.outcome.value,
            "reason": self.reason,
            "version_id": self.version_id,
            "version_label": self.version_label,
            "qc": self.qc.value if self.qc is not None else None,
            "content_hash": self.content_hash,
            "duplicate_of": self.duplicate_of,
        }

    @classmethod
    def from_json(cls, document: dict[str, Any]) -> ItemResult:
        context = document.get("context")
        qc = document.get("qc")
        return cls(
            index=int(document["index"]),
            display=str(document["display"]),
            context=context_from_json(context) if context else None,
            outcome=Outcome(document["outcome"]),
            reason=str(document.get("reason") or ""),
            version_id=document.get("version_id"),
            version_label=document.get("version_label"),
            qc=QCStatus(qc) if qc else None,
            content_hash=document.get("content_hash"),
            duplicate_of=document.get("duplicate_of"),
        )


def context_json(context: PublishContext) -> dict[str, str]:
    return {
        "project": context.project,
        "entity": context.entity,
        "entity_kind": context.entity_kind.value,
        "task": context.task,
        "product": context.product,
    }


def context_from_json(document: dict[str, Any]) -> PublishContext:
    return PublishContext(
        project=str(document["project"]),
        entity=str(document["entity"]),
        task=str(document["task"]),
        product=str(document["product"]),
        entity_kind=EntityKind(document.get("entity_kind", "shot")),
    )


@dataclass(frozen=True, slots=True)
class IngestRun:
    """A recorded run (or a dry run: `id` None, nothing written). `results` may be empty in
    a listing of runs; `summary_path` is the JSON summary written beside the delivery."""

    id: int | None
    project: str
    source_dir: Path
    user: str
    started_at: datetime
    ended_at: datetime | None
    published: int
    failed: int
    skipped: int
    duplicate: int
    results: tuple[ItemResult, ...]
    dry_run: bool = False
    summary_path: Path | None = None
    fingerprint: str | None = None  # of the delivery's files (the watched drop folder)
    refused: int = 0  # items refused by the scan (links out of the delivery, bad names)

    @property
    def planned(self) -> int:
        return sum(1 for result in self.results if result.outcome is Outcome.PLANNED)

    @property
    def finished(self) -> bool:
        return self.ended_at is not None


def count(results: tuple[ItemResult, ...], outcome: Outcome) -> int:
    return sum(1 for result in results if result.outcome is outcome)


def run_json(run: IngestRun) -> dict[str, Any]:
    """A run as the summary file beside the delivery and `axiom ingest --json` hold it."""
    return {
        "id": run.id,
        "project": run.project,
        "source_dir": str(run.source_dir),
        "user": run.user,
        "started_at": run.started_at.isoformat(),
        "ended_at": run.ended_at.isoformat() if run.ended_at else None,
        "dry_run": run.dry_run,
        "counts": {
            "published": run.published,
            "failed": run.failed,
            "skipped": run.skipped,
            "duplicate": run.duplicate,
            "planned": run.planned,
            "refused": run.refused,
        },
        "fingerprint": run.fingerprint,
        "summary_path": str(run.summary_path) if run.summary_path else None,
        "results": [result.to_json() for result in run.results],
    }
