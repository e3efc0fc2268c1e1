"""Annotation repository functions: the strokes drawn on the frames of a version.

Each author's strokes on a frame are theirs: saving a frame replaces only the saving
author's strokes there, so two reviewers drawing on the same version at once keep both sets.
The time of a stroke is the database server's clock (the column's server default).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select, text, update
from sqlalchemy.orm import Session

from axiom_publisher.core.annotation import Annotation, Stroke
from axiom_publisher.core.errors import BadInputError, UnknownEntityError
from axiom_publisher.db.models import Annotation as AnnotationRow
from axiom_publisher.db.models import Version


def _annotation(row: AnnotationRow) -> Annotation:
    return Annotation(
        id=row.id,
        version_id=row.version_id,
        frame=row.frame,
        author=row.author,
        created_at=row.created_at,
        stroke=Stroke.from_json(row.data),
        note_id=row.note_id,
    )


def stored_author(session: Session, author: str) -> str:
    """Whose strokes the database records: on PostgreSQL with AXIOM's roles the session's
    login (migration 0004's trigger) unless it is an admin's; `author` elsewhere."""
    if session.get_bind().dialect.name != "postgresql":
        return author
    query = text("SELECT CASE WHEN axiom_has_role('axiom_admin') THEN :a ELSE session_user END")
    return str(session.execute(query, {"a": author}).scalar_one())


def save_frame(
    session: Session,
    version_id: int,
    frame: int,
    *,
    author: str,
    strokes: Sequence[Stroke],
    note_id: int | None = None,
) -> list[Annotation]:
    """Make `author`'s strokes on `frame` of the version exactly `strokes` (an empty list
    clears them); the other authors' strokes stay. Returns the author's stored strokes."""
    if not author.strip():
        raise BadInputError("an annotation needs an author")
    exists = session.execute(select(Version.id).where(Version.id == version_id)).first()
    if exists is None:
        raise UnknownEntityError(f"there is no version with id {version_id}")
    stored_as = stored_author(session, author)
    session.execute(
        delete(AnnotationRow).where(
            AnnotationRow.version_id == version_id,
            AnnotationRow.frame == frame,
            AnnotationRow.author == stored_as,
        )
    )
    rows = [
        AnnotationRow(
            version_id=version_id,
            frame=frame,
            author=stored_as,
            note_id=note_id,
            data=stroke.to_json(),
        )
        for stroke in strokes
    ]
    session.add_all(rows)
    session.flush()
    for row in rows:
        session.refresh(row)
    return [_annotation(row) for row in rows]


def version_annotations(session: Session, version_id: int) -> list[Annotation]:
    """Every stroke on the version, by frame, then in the order drawn."""
    rows = session.scalars(
        select(AnnotationRow)
        .where(AnnotationRow.version_id == version_id)
        .order_by(AnnotationRow.frame, AnnotationRow.id)
    )
    return [_annotation(row) for row in rows]


def attach_to_note(
    session: Session, version_id: int, frame: int, *, author: str, note_id: int
) -> int:
    """Tie `author`'s strokes on `frame` that have no note yet to the note just written;
    returns how many were tied."""
    result = session.execute(
        update(AnnotationRow)
        .where(
            AnnotationRow.version_id == version_id,
            AnnotationRow.frame == frame,
            AnnotationRow.author == stored_author(session, author),
            AnnotationRow.note_id.is_(None),
        )
        .values(note_id=note_id)
    )
    return int(getattr(result, "rowcount", 0) or 0)
