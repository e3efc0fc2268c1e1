"""The review service: the queue of versions waiting for a decision, notes and decisions.

Plain functions taking Settings; each opens the database, works in short transactions and
closes it, so the Review tab calls them from worker threads and the CLI calls them directly.
Paths in the returned records are absolute under the publish root.

Who may decide (approve / ask for changes / reject) is the [review] policy of
resources/defaults.toml: `can_decide`. Anyone may write notes. Every decision carries a
note (what was liked, what to change, why not): `note_problem` says so before a call, and
`decide` refuses a blank one, for the CLI, the Review tab and scripts alike.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from axiom_publisher.config import Settings
from axiom_publisher.core.errors import BadInputError, PermissionDeniedError, UnknownEntityError
from axiom_publisher.core.review import NO_FILTER, Decision, QueueChoices, QueueFilter, ReviewNote
from axiom_publisher.core.types import VersionRecord
from axiom_publisher.core.user import current_user as login_user
from axiom_publisher.db import Database, Session, repo
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.plugins import plugins_for
from axiom_publisher.publish.records import absolute_record
from axiom_publisher.publish.review.export import CSV_HEADER, notes_rows, write_notes_csv
from axiom_publisher.publish.tracker.events import add_review_events

__all__ = [
    "CSV_HEADER",
    "add_note",
    "can_decide",
    "compare_target",
    "current_user",
    "decide",
    "export_notes_csv",
    "latest_decisions",
    "next_in_queue",
    "note_problem",
    "notes_table",
    "product_notes",
    "queue_choices",
    "resolve_version",
    "review_queue",
    "version",
]

# project/entity/task/product/v003, ".../v3", ".../3" or "project/entity/task/product v003"
_VERSION_NAME = re.compile(r"^([^/\s]+)/([^/\s]+)/([^/\s]+)/([^/\s]+)(?:/|\s+)v?(\d+)$")


def current_user(settings: Settings) -> str:
    """The reviewer's name: AXIOM_USER when set, else the login name (as publishes record)."""
    return login_user()


def _lead(database: Database, settings: Settings, user: str | None) -> bool:
    local = current_user(settings)
    name = (user or local).strip()
    if name in settings.review.leads:
        return True
    if name != local:  # the role and the embedded rule speak only for this workstation's user
        return False
    if settings.embedded:
        return not settings.review.leads  # their own private database
    role = settings.review.lead_role
    return database.run(lambda s: repo.is_role_member(s, role))


def can_decide(settings: Settings, user: str | None = None) -> bool:
    """Whether `user` (default: the current user) is a lead who may decide on versions.

    A lead is listed in [review] leads; or is this workstation's user and either, on
    PostgreSQL, logs in to the database as a member of [review] lead_role, or works on the
    embedded SQLite database with no leads configured (their own private database).
    """
    if (user or current_user(settings)).strip() in settings.review.leads:
        return True
    with open_catalog_database(settings) as database:
        return _lead(database, settings, user)


def _absolute(settings: Settings, records: Sequence[VersionRecord]) -> list[VersionRecord]:
    return [absolute_record(record, settings.publish_root) for record in records]


def review_queue(
    settings: Settings, queue_filter: QueueFilter = NO_FILTER, limit: int = 500
) -> list[VersionRecord]:
    """Published versions with no decision yet, newest first, matching `queue_filter`;
    UnknownEntityError when it names a project or shot/asset that does not exist."""

    def read(session: Session) -> list[VersionRecord]:
        repo.check_scope(session, queue_filter.project, queue_filter.entity)
        return repo.review_queue(session, queue_filter, limit)

    with open_catalog_database(settings) as database:
        records = database.run(read)
    return _absolute(settings, records)


def queue_choices(settings: Settings) -> QueueChoices:
    """The projects, entities and authors among the versions waiting, for filter combos."""
    with open_catalog_database(settings) as database:
        return database.run(repo.queue_choices)


def version(settings: Settings, version_id: int) -> VersionRecord:
    """The full record of a version; UnknownEntityError when there is none."""
    with open_catalog_database(settings) as database:
        record = database.run(lambda s: repo.get_version(s, version_id))
    return absolute_record(record, settings.publish_root)


def resolve_version(settings: Settings, name: str) -> VersionRecord:
    """A version named by its id ("12") or path ("proj/sh010/comp/main/v003")."""
    text = name.strip()
    if text.isdigit():
        return version(settings, int(text))
    match = _VERSION_NAME.match(text)
    if match is None:
        raise UnknownEntityError(
            f"{name!r} does not name a version: use its id (12) or "
            "project/entity/task/product/vNNN (proj/sh010/comp/main/v003)"
        )
    project, entity, task, product, number = match.groups()
    with open_catalog_database(settings) as database:
        records = database.run(
            lambda s: repo.list_versions(
                s, project=project, entity=entity, task=task, product=product
            )
        )
    found = [record for record in records if record.number == int(number)]
    if not found:
        raise UnknownEntityError(
            f"there is no version {project}/{entity}/{task}/{product}/v{int(number):03d}"
        )
    return absolute_record(found[0], settings.publish_root)


def compare_target(
    settings: Settings, version_id: int, *, approved_only: bool = False
) -> VersionRecord | None:
    """The previous published version of the same product (the highest number below), or
    with `approved_only` the highest one below whose latest decision is approved."""
    with open_catalog_database(settings) as database:
        record = database.run(
            lambda s: repo.compare_target(s, version_id, approved_only=approved_only)
        )
    return absolute_record(record, settings.publish_root) if record else None


def product_notes(settings: Settings, version_id: int) -> list[ReviewNote]:
    """The notes of all versions of this version's product: newest version first, then by
    frame (notes on the whole version first) and time."""
    with open_catalog_database(settings) as database:
        return database.run(lambda s: repo.product_notes(s, version_id))


def latest_decisions(settings: Settings, version_ids: Sequence[int]) -> dict[int, Decision]:
    """The current decision of each version that has one (the others are absent)."""
    ids = list(version_ids)
    if not ids:
        return {}
    with open_catalog_database(settings) as database:
        return database.run(lambda s: repo.latest_decisions(s, ids))


def add_note(
    settings: Settings,
    version_id: int,
    text: str,
    frame: int | None,
    author: str | None = None,
) -> ReviewNote:
    """Write a note (anyone may) on a published version, at a shot frame or on the whole."""
    who = author or current_user(settings)
    with open_catalog_database(settings) as database:
        return database.run(
            lambda s: repo.add_note(s, version_id, author=who, text=text, frame=frame)
        )


def decide(
    settings: Settings,
    version_id: int,
    decision: Decision,
    text: str,
    frame: int | None,
    reviewer: str | None = None,
) -> ReviewNote:
    """Record a lead's decision with its note, reviewer and time in one transaction.

    BadInputError when the note is blank (`note_problem`) or the version is not published;
    PermissionDeniedError when the reviewer is not a lead (the message says how to become
    one).
    """
    problem = note_problem(decision, text)
    if problem:
        raise BadInputError(f"version {version_id}: {problem}")
    who = (reviewer or current_user(settings)).strip()
    with open_catalog_database(settings) as database:
        if not _lead(database, settings, who):
            raise PermissionDeniedError(_not_a_lead(settings, who, decision))

        def record(session: Session) -> ReviewNote:
            note = repo.add_note(
                session, version_id, author=who, text=text, frame=frame, decision=decision
            )
            add_review_events(session, settings, note)  # the outbox: sent after commit
            return note

        note = database.run(record)
        plugins = plugins_for(settings)
        if plugins.with_hook("post_review"):  # their failures are logged, never raised
            version = database.run(lambda s: repo.list_versions(s, version_id=version_id))[0]
            plugins.post_review(note, absolute_record(version, settings.publish_root))
        return note


def note_problem(decision: Decision, text: str) -> str:
    """Why `text` cannot go with `decision` (every decision needs a note), else ""."""
    if text.strip():
        return ""
    return (
        f"{decision.label.lower()!r} needs a note for the artist (what is good, what to "
        "change, or why): write one (--note TEXT on the command line)"
    )


def _not_a_lead(settings: Settings, user: str, decision: Decision) -> str:
    how = f"ask a pipeline admin to add {user!r} to [review] leads in the studio config"
    role = settings.review.lead_role
    if not settings.embedded and role:
        how += f", or to grant your database login the lead role (GRANT {role} TO <login>)"
    return (
        f"{user} is not a review lead and may not mark versions {decision.label.lower()!r}: {how}"
    )


def next_in_queue(
    settings: Settings, after_version_id: int, queue_filter: QueueFilter = NO_FILTER
) -> VersionRecord | None:
    """The version to review after `after_version_id`, in queue order (newest first).

    When that version is in the queue: the one after it (None at the end). When it is not
    (just decided, or opened from the browser): the first waiting version published before
    it, else the first of the queue; None when nothing waits.
    """
    queue = review_queue(settings, queue_filter)
    ids = [record.id for record in queue]
    if after_version_id in ids:
        index = ids.index(after_version_id)
        return queue[index + 1] if index + 1 < len(queue) else None
    if not queue:
        return None
    try:
        current = version(settings, after_version_id)
    except UnknownEntityError:
        return queue[0]
    if current.published_at is not None:
        key = (current.published_at, current.id)
        for record in queue:
            if record.published_at is not None and (record.published_at, record.id) < key:
                return record
    return queue[0]


def _notes_of(settings: Settings, version_id: int) -> tuple[VersionRecord, list[ReviewNote], float]:
    with open_catalog_database(settings) as database:

        def read(session: Session) -> tuple[VersionRecord, list[ReviewNote], float]:
            record = repo.get_version(session, version_id)
            notes = repo.version_notes(session, version_id)
            return record, notes, repo.get_project(session, record.project).fps

        return database.run(read)


def notes_table(settings: Settings, version_id: int) -> list[tuple[str, ...]]:
    """The notes of a version as the CSV's rows (columns CSV_HEADER), by frame and time."""
    record, notes, project_fps = _notes_of(settings, version_id)
    return notes_rows(record, notes, project_fps)


def export_notes_csv(settings: Settings, version_id: int, path: Path) -> Path:
    """Write the notes of a version to `path` as CSV (atomically) and return the path.

    Columns: version,frame,timecode,author,decision,created_at,text. The timecode of a
    frame comes from the version's fps and start timecode (its first frame at that
    timecode), or counts the frame number from 00:00:00:00 when it has none.
    """
    record, notes, project_fps = _notes_of(settings, version_id)
    return write_notes_csv(record, notes, project_fps, path)
