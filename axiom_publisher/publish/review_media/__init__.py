"""Rebuilding a published version's review media (proxy and thumbnails).

The files an artist published never change; the review proxy and thumbnails are derived
media that may be made again from them (a better encoder, another thumbnail frame, a
damaged proxy). See rebuild.py for the protocol, names.py for the new files' names and the
manifest's revision, and publish.verify.review_media for what verify checks and repairs.
"""

from axiom_publisher.publish.review_media.rebuild import RebuildOutcome, rebuild_review_media

__all__ = ["RebuildOutcome", "rebuild_review_media"]
