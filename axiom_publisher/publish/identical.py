"""Identical content: a publish whose content is already published in the project.

The content is the item's content hash (`item_content_hash`: the pixel hash of media, a
hash of the files' SHA-256 otherwise), stored on every version and compared by ingest's
duplicate check too. `[publish] identical` says what a publish does about it: "warn"
publishes and names the version it repeats (`VersionRecord.identical_to`), "refuse" raises
IdenticalContentError before anything is reserved, "allow" publishes silently.
"""

from __future__ import annotations

from typing import Any

from axiom_publisher.config import Settings
from axiom_publisher.core.catalog import IdenticalPolicy, IdenticalVersion
from axiom_publisher.core.errors import IdenticalContentError
from axiom_publisher.core.types import PublishContext, PublishItem, VersionRecord
from axiom_publisher.db import Database, repo
from axiom_publisher.publish.inspect import Inspection, item_content_hash
from axiom_publisher.publish.records import version_json


def identical_version(
    database: Database, context: PublishContext, content_hash: str | None
) -> IdenticalVersion | None:
    """The published version of `context`'s project with this content: the newest of the
    same product, else the oldest of the project; None when there is none."""
    if content_hash is None:
        return None
    found = database.run(lambda s: repo.identical_versions(s, context.project, content_hash))
    same = [version for version in found if version.in_product(context)]
    return same[-1] if same else (found[0] if found else None)


def check_identical(
    database: Database, settings: Settings, item: PublishItem, inspection: Inspection
) -> IdenticalVersion | None:
    """Apply `[publish] identical` to an analysed item before its version is reserved."""
    if settings.identical is IdenticalPolicy.ALLOW:
        return None
    context = item.context
    match = identical_version(database, context, item_content_hash(inspection.primary))
    if match is not None and settings.identical is IdenticalPolicy.REFUSE:
        raise IdenticalContentError(
            f"{item.sources[0].display} is identical to {match.name} (version id {match.id}), "
            "already published; nothing was published. Publish changed media, or set "
            '[publish] identical = "warn" (or AXIOM_IDENTICAL=warn) to publish it anyway'
        )
    return match


def identical_text(record: VersionRecord) -> str | None:
    """ "identical to v001" (or to another product's full version name), or None."""
    match = record.identical_to
    if match is None:
        return None
    return f"identical to {match.shown_from(_context(record))}"


def _context(record: VersionRecord) -> PublishContext:
    return PublishContext(record.project, record.entity, record.task, record.product)


def publish_json(record: VersionRecord) -> dict[str, Any]:
    """`axiom publish --json`: the version, the version its content repeats (or null), and
    what its studio post-publish plugins reported."""
    match = record.identical_to
    shown = match.shown_from(_context(record)) if match is not None else None
    return {
        **version_json(record),
        "identical_to": shown,
        "identical_to_id": match.id if match is not None else None,
        "plugin_warnings": list(record.plugin_warnings),
    }
