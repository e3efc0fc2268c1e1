"""The annotation service: strokes drawn on review frames, saved and read per version.

Plain functions taking Settings (like publish/review.py), so the Review tab calls them from
worker threads and scripts call them directly. Anyone who may write notes may draw.
"""

from __future__ import annotations

from collections.abc import Sequence

from axiom_publisher.config import Settings
from axiom_publisher.core.annotation import Annotation, Stroke
from axiom_publisher.core.user import current_user
from axiom_publisher.db import annotations as repo
from axiom_publisher.publish.database import open_catalog_database


def save_frame(
    settings: Settings,
    version_id: int,
    frame: int,
    strokes: Sequence[Stroke],
    *,
    author: str | None = None,
    note_id: int | None = None,
) -> list[Annotation]:
    """Replace the author's (default: the current user's) strokes on a shot frame."""
    who = author or current_user()
    items = list(strokes)
    with open_catalog_database(settings) as database:
        return database.run(
            lambda s: repo.save_frame(
                s, version_id, frame, author=who, strokes=items, note_id=note_id
            )
        )


def version_annotations(settings: Settings, version_id: int) -> list[Annotation]:
    """Every stroke on the version, by frame then in drawing order."""
    with open_catalog_database(settings) as database:
        return database.run(lambda s: repo.version_annotations(s, version_id))


def attach_to_note(
    settings: Settings, version_id: int, frame: int, note_id: int, *, author: str | None = None
) -> int:
    """Tie the author's strokes on `frame` that have no note to the note just written."""
    who = author or current_user()
    with open_catalog_database(settings) as database:
        return database.run(
            lambda s: repo.attach_to_note(s, version_id, frame, author=who, note_id=note_id)
        )


def recorded_author(settings: Settings, author: str | None = None) -> str:
    """The name the database records as the author of strokes the current user (or
    `author`) saves: their login on PostgreSQL with AXIOM's roles, else the name given."""
    who = author or current_user()
    with open_catalog_database(settings) as database:
        return database.run(lambda s: repo.stored_author(s, who))
