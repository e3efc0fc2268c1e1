"""What uses what: a version's inputs and consumers as `axiom deps` and the app show them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class DependencyLink:
    """One version related to another: `name` is project/entity/task/product/vNNN; `depth`
    1 for a direct link, more through work files (a render made from a comp script that
    read the plate); `newer` names the newest published version of its product when this
    one is no longer the newest (an input that is out of date)."""

    version_id: int
    name: str
    kind: str  # workfile | input
    depth: int = 1
    newer: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "version_id": self.version_id,
            "name": self.name,
            "kind": self.kind,
            "depth": self.depth,
            "newer": self.newer,
        }


@dataclass(frozen=True, slots=True)
class Dependencies:
    """A version's `uses` (what it was made from) and `used_by` (what was made from it,
    through work files too); `stale_inputs`: its inputs that have a newer version."""

    version_id: int
    name: str
    uses: tuple[DependencyLink, ...] = ()
    used_by: tuple[DependencyLink, ...] = ()
    newer: str | None = None  # this version's own newer version: its users are out of date

    @property
    def stale_users(self) -> tuple[DependencyLink, ...]:
        """The versions made from this one when a newer one is published: they are out of
        date (direct users; through work files the renders are too, listed with a depth)."""
        return self.used_by if self.newer is not None else ()

    @property
    def stale_inputs(self) -> tuple[DependencyLink, ...]:
        return tuple(link for link in self.uses if link.newer is not None)

    def to_json(self) -> dict[str, Any]:
        return {
            "version_id": self.version_id,
            "name": self.name,
            "uses": [link.to_json() for link in self.uses],
            "used_by": [link.to_json() for link in self.used_by],
            "out_of_date": [link.to_json() for link in self.stale_inputs],
            "newer": self.newer,
            "out_of_date_users": [link.to_json() for link in self.stale_users],
        }
