"""Rebuilding a published version's review media (proxy and thumbnails).

The files an artist published never change; the review proxy and thumbnails are derived
media that may be made again from them (a better encoder, another thumbnail frame, a
damaged proxy). See rebuild.py for the protocol, names.py for the new files' names and the
manifest's revision, and publish.verify.review_media for what verify checks and repairs.
"""

from axiom_publisher.config import Settings
from axiom_publisher.core.review_media import Rebuild
from axiom_publisher.db import review_media as db
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.review_media.rebuild import RebuildOutcome, rebuild_review_media


def rebuild_history(settings: Settings, version_id: int) -> list[Rebuild]:
    """Every recorded rebuild of a version's review media, oldest first."""
    with open_catalog_database(settings) as database:
        return database.run(lambda s: db.rebuilds(s, version_id=version_id))


__all__ = ["RebuildOutcome", "rebuild_history", "rebuild_review_media"]
