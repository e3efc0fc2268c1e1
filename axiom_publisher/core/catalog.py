"""Catalog values: a product with its version counts, and an earlier version that holds
the same content as a new publish, and what to do about identical content."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from axiom_publisher.core.types import EntityKind, PublishContext


class IdenticalPolicy(str, enum.Enum):
    """`[publish] identical`: what a publish does when its content is already published."""

    WARN = "warn"  # publish, and say which version it is identical to
    REFUSE = "refuse"  # refuse (exit 2), nothing reserved
    ALLOW = "allow"  # publish silently


@dataclass(frozen=True, slots=True)
class ProductSummary:
    """A product of a shot or asset: its last version number and how many are published."""

    project: str
    entity: str
    entity_kind: EntityKind
    task: str
    name: str
    last_version: int
    published: int
    latest_published: int | None = None

    @property
    def path(self) -> str:
        return f"{self.project}/{self.entity}/{self.task}/{self.name}"


@dataclass(frozen=True, slots=True)
class IdenticalVersion:
    """A published version whose content hash equals the one being published."""

    id: int
    project: str
    entity: str
    task: str
    product: str
    number: int

    @property
    def label(self) -> str:
        return f"v{self.number:03d}"

    @property
    def name(self) -> str:
        return f"{self.project}/{self.entity}/{self.task}/{self.product}/{self.label}"

    def in_product(self, context: PublishContext) -> bool:
        """Whether it is a version of the product `context` publishes to."""
        return (self.project, self.entity, self.task, self.product) == (
            context.project,
            context.entity,
            context.task,
            context.product,
        )

    def shown_from(self, context: PublishContext) -> str:
        """`v001` when it is a version of `context`'s product, else its full name."""
        return self.label if self.in_product(context) else self.name
