"""Review repository functions: the queue of versions waiting for a decision, notes, decisions.

A version waits for review while it is published and has no decision note. Its decision is
that of its LATEST decision note (by time, then id), so a lead can change their mind.
Records returned here always carry a frame rate in `media` when they have media: an image
sequence's is its project's (the rate its proxy was encoded at).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, exists, select, text
from sqlalchemy.orm import Session

from axiom_publisher.core.errors import BadInputError, UnknownEntityError
from axiom_publisher.core.review import (
    NO_FILTER,
    Decision,
    QueueChoices,
    QueueFilter,
    ReviewNote,
)
from axiom_publisher.core.types import VersionRecord, VersionStatus
from axiom_publisher.db.clock import server_now
from axiom_publisher.db.models import Entity, Product, Project, Version
from axiom_publisher.db.models import ReviewNote as NoteRow
from axiom_publisher.db.queries import _records, _versions_query
from axiom_publisher.db.versions import describe_version

MAX_NOTE_LENGTH = 20000
_PUBLISHED = VersionStatus.PUBLISHED.value


def _undecided() -> ColumnElement[bool]:
    return ~exists().where(NoteRow.version_id == Version.id, NoteRow.decision.is_not(None))


def _queue_conditions(queue_filter: QueueFilter) -> list[ColumnElement[bool]]:
    conditions = [Version.status == _PUBLISHED, _undecided()]
    if queue_filter.project is not None:
        conditions.append(Project.code == queue_filter.project)
    if queue_filter.entity is not None:
        conditions.append(Entity.code == queue_filter.entity)
    if queue_filter.author is not None:
        conditions.append(Version.author == queue_filter.author)
    if queue_filter.qc is not None:
        conditions.append(Version.qc_verdict == queue_filter.qc.value)
    return conditions


def _with_fps(session: Session, records: list[VersionRecord]) -> list[VersionRecord]:
    """Records whose media has no frame rate (image sequences) get their project's, the
    rate their proxy was encoded at and plays at."""
    lacking = {r.project for r in records if r.media is not None and r.media.fps is None}
    if not lacking:
        return records
    rates = dict(
        session.execute(select(Project.code, Project.fps).where(Project.code.in_(lacking))).all()
    )
    return [
        dataclasses.replace(
            record, media=dataclasses.replace(record.media, fps=rates[record.project])
        )
        if record.media is not None and record.media.fps is None and record.project in rates
        else record
        for record in records
    ]


def review_queue(
    session: Session, queue_filter: QueueFilter = NO_FILTER, limit: int = 500
) -> list[VersionRecord]:
    """Published versions with no decision yet that match the filter, newest first."""
    query = (
        _versions_query()
        .where(*_queue_conditions(queue_filter))
        .order_by(None)
        .order_by(Version.published_at.desc(), Version.id.desc())
        .limit(max(0, limit))
    )
    return _with_fps(session, _records(session, query))


def queue_choices(session: Session) -> QueueChoices:
    """The distinct projects, entities and authors of the versions in the queue."""
    base = (
        select(Project.code, Entity.code, Version.author)
        .join(Product, Version.product_id == Product.id)
        .join(Entity, Product.entity_id == Entity.id)
        .join(Project, Entity.project_id == Project.id)
        .where(*_queue_conditions(NO_FILTER))
        .distinct()
    )
    rows = session.execute(base).all()
    return QueueChoices(
        projects=tuple(sorted({row[0] for row in rows})),
        entities=tuple(sorted({row[1] for row in rows})),
        authors=tuple(sorted({row[2] for row in rows})),
    )


def get_version(session: Session, version_id: int) -> VersionRecord:
    """The version with its files; UnknownEntityError when there is none with this id."""
    records = _with_fps(
        session, _records(session, _versions_query().where(Version.id == version_id))
    )
    if not records:
        raise UnknownEntityError(f"there is no version with id {version_id}")
    return records[0]


def _latest_decision() -> ColumnElement[str | None]:
    return (
        select(NoteRow.decision)
        .where(NoteRow.version_id == Version.id, NoteRow.decision.is_not(None))
        .order_by(NoteRow.created_at.desc(), NoteRow.id.desc())
        .limit(1)
        .correlate(Version)
        .scalar_subquery()
    )


def compare_target(
    session: Session, version_id: int, *, approved_only: bool = False
) -> VersionRecord | None:
    """The published version of the same product numbered just below `version_id`, or with
    `approved_only` the highest one below it whose latest decision is approved."""
    product_id, number = _product_and_number(session, version_id)
    query = (
        _versions_query()
        .where(
            Version.product_id == product_id,
            Version.number < number,
            Version.status == _PUBLISHED,
        )
        .order_by(None)
        .order_by(Version.number.desc())
        .limit(1)
    )
    if approved_only:
        query = query.where(_latest_decision() == Decision.APPROVED.value)
    records = _with_fps(session, _records(session, query))
    return records[0] if records else None


def latest_decisions(session: Session, version_ids: Sequence[int]) -> dict[int, Decision]:
    """The current decision of each of `version_ids` that has one."""
    wanted = sorted(set(version_ids))
    decisions: dict[int, Decision] = {}
    for start in range(0, len(wanted), 500):
        rows = session.execute(
            select(NoteRow.version_id, NoteRow.decision)
            .where(NoteRow.version_id.in_(wanted[start : start + 500]))
            .where(NoteRow.decision.is_not(None))
            .order_by(NoteRow.created_at, NoteRow.id)
        )
        for version, decision in rows:
            decisions[version] = Decision(decision)  # later rows win: the latest decision
    return decisions


def _note(row: NoteRow, number: int) -> ReviewNote:
    return ReviewNote(
        id=row.id,
        version_id=row.version_id,
        version_number=number,
        author=row.author,
        text=row.text,
        created_at=row.created_at,
        decision=Decision(row.decision) if row.decision is not None else None,
        frame=row.frame,
    )


def _notes(session: Session, condition: ColumnElement[bool]) -> list[ReviewNote]:
    rows = session.execute(
        select(NoteRow, Version.number)
        .join(Version, NoteRow.version_id == Version.id)
        .where(condition)
        .order_by(
            Version.number.desc(),
            NoteRow.frame.is_not(None),  # false first: notes on the whole version
            NoteRow.frame,
            NoteRow.created_at,
            NoteRow.id,
        )
    )
    return [_note(row, number) for row, number in rows]


def product_notes(session: Session, version_id: int) -> list[ReviewNote]:
    """The notes of every version of the product of `version_id`: newest version first,
    then by frame (notes on the whole version first) and time."""
    product_id, _ = _product_and_number(session, version_id)
    return _notes(session, Version.product_id == product_id)


def version_notes(session: Session, version_id: int) -> list[ReviewNote]:
    """The notes of one version by frame (notes on the whole version first) and time."""
    _product_and_number(session, version_id)  # UnknownEntityError for a missing version
    return _notes(session, Version.id == version_id)


def add_note(
    session: Session,
    version_id: int,
    *,
    author: str,
    text: str,
    frame: int | None,
    decision: Decision | None = None,
    now: datetime | None = None,
) -> ReviewNote:
    """Record a note (a decision when `decision` is given) on a PUBLISHED version.

    The version row is locked (FOR UPDATE on PostgreSQL) while the note is written, so the
    status checked is the status the note lands on. BadInputError for an empty author, a
    note without text (decisions may have none), a frame outside the version's range or a
    version that is not published.
    """
    if not author.strip():
        raise BadInputError("a review note needs an author")
    if decision is None and not text.strip():
        raise BadInputError("a note needs some text")
    if len(text) > MAX_NOTE_LENGTH:
        raise BadInputError(f"a note is limited to {MAX_NOTE_LENGTH} characters")
    row = session.execute(
        select(Version.status, Version.number, Version.frame_first, Version.frame_last)
        .where(Version.id == version_id)
        .with_for_update()
    ).first()
    if row is None:
        raise UnknownEntityError(f"there is no version with id {version_id}")
    status, number, first, last = row
    if status != _PUBLISHED:
        raise BadInputError(
            f"version {describe_version(session, version_id)} is {status}, not published: "
            "only published versions are reviewed"
        )
    if frame is not None and first is not None and last is not None and not first <= frame <= last:
        raise BadInputError(f"frame {frame} is outside the version's frames {first}-{last}")
    note = NoteRow(
        version_id=version_id,
        author=author.strip(),
        decision=decision.value if decision is not None else None,
        text=text,
        frame=frame,
        created_at=now if now is not None else server_now(),  # the database's clock
    )
    session.add(note)
    session.flush()
    # PostgreSQL records the session's login (migration 0002); the time is the server's
    session.refresh(note, ["author", "created_at"])
    return _note(note, number)


def _product_and_number(session: Session, version_id: int) -> tuple[int, int]:
    row = session.execute(
        select(Version.product_id, Version.number).where(Version.id == version_id)
    ).first()
    if row is None:
        raise UnknownEntityError(f"there is no version with id {version_id}")
    return row[0], row[1]


_MEMBER_OF = """
WITH RECURSIVE granted(oid) AS (
  SELECT oid FROM pg_roles WHERE rolname = session_user
  UNION SELECT m.roleid FROM pg_auth_members m JOIN granted g ON m.member = g.oid
)
SELECT EXISTS (SELECT 1 FROM granted JOIN pg_roles r USING (oid) WHERE r.rolname = :role)
"""


def is_role_member(session: Session, role: str) -> bool:
    """Whether the database login was granted `role`, directly or through other roles
    (PostgreSQL; False on SQLite and for a role that does not exist). A superuser passes
    every check of the database, but is a lead here only when granted the role."""
    if session.get_bind().dialect.name != "postgresql" or not role:
        return False
    return bool(session.execute(text(_MEMBER_OF), {"role": role}).scalar_one())
