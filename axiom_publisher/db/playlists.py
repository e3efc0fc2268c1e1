"""Playlist repository functions: named, ordered lists of versions, shared by everyone.

The owner is the name the database records (the session's login on PostgreSQL with
AXIOM's roles: migration 0005's trigger) and the date the server's clock. Who may edit is
checked by the caller on SQLite (publish.playlists) and by the trigger on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from axiom_publisher.core.errors import BadInputError, UnknownEntityError
from axiom_publisher.core.playlist import Playlist, check_playlist_name
from axiom_publisher.core.types import EntityKind, VersionStatus
from axiom_publisher.db.annotations import stored_author
from axiom_publisher.db.entities import entity_row
from axiom_publisher.db.models import Entity, Product, Project, Version
from axiom_publisher.db.models import Playlist as PlaylistRow
from axiom_publisher.db.models import PlaylistItem as ItemRow


def _playlist(session: Session, row: PlaylistRow) -> Playlist:
    ids = session.scalars(
        select(ItemRow.version_id)
        .where(ItemRow.playlist_id == row.id)
        .order_by(ItemRow.position, ItemRow.id)
    ).all()
    return Playlist(row.id, row.name, row.owner, row.created_at, tuple(ids))


def _check_versions(session: Session, version_ids: Sequence[int]) -> None:
    wanted = set(version_ids)
    found = set(session.scalars(select(Version.id).where(Version.id.in_(wanted))))
    missing = sorted(wanted - found)
    if missing:
        raise UnknownEntityError(
            f"there is no version with id {', '.join(map(str, missing))}: "
            "see `axiom versions list` or `axiom review queue` for the ids"
        )


def create_playlist(
    session: Session, name: str, owner: str, version_ids: Sequence[int]
) -> Playlist:
    """A new playlist of these versions in this order, owned by `owner` (on PostgreSQL with
    roles: the session's login)."""
    try:
        title = check_playlist_name(name)
    except ValueError as error:
        raise BadInputError(f"{error}: give it one (axiom playlist create NAME ...)") from error
    _check_versions(session, version_ids)
    row = PlaylistRow(name=title, owner=stored_author(session, owner))
    session.add(row)
    session.flush()
    _write_items(session, row.id, version_ids)
    session.refresh(row)
    return _playlist(session, row)


def _write_items(session: Session, playlist_id: int, version_ids: Sequence[int]) -> None:
    session.add_all(
        ItemRow(playlist_id=playlist_id, version_id=vid, position=position)
        for position, vid in enumerate(version_ids)
    )
    session.flush()


def _row(session: Session, playlist_id: int) -> PlaylistRow:
    row = session.get(PlaylistRow, playlist_id)
    if row is None:
        raise UnknownEntityError(
            f"there is no playlist with id {playlist_id}: `axiom playlist list` shows them"
        )
    return row


def get_playlist(session: Session, playlist_id: int) -> Playlist:
    return _playlist(session, _row(session, playlist_id))


def list_playlists(session: Session) -> list[Playlist]:
    """Every playlist, newest first."""
    rows = session.scalars(
        select(PlaylistRow).order_by(PlaylistRow.created_at.desc(), PlaylistRow.id.desc())
    ).all()
    return [_playlist(session, row) for row in rows]


def set_versions(session: Session, playlist_id: int, version_ids: Sequence[int]) -> Playlist:
    """Make the playlist exactly these versions in this order (reorder, add, remove)."""
    row = _row(session, playlist_id)
    _check_versions(session, version_ids)
    session.execute(delete(ItemRow).where(ItemRow.playlist_id == playlist_id))
    _write_items(session, playlist_id, version_ids)
    return _playlist(session, row)


def rename_playlist(session: Session, playlist_id: int, name: str) -> Playlist:
    row = _row(session, playlist_id)
    try:
        row.name = check_playlist_name(name)
    except ValueError as error:
        raise BadInputError(f"playlist {playlist_id}: {error}") from error
    session.flush()
    return _playlist(session, row)


def delete_playlist(session: Session, playlist_id: int) -> None:
    session.delete(_row(session, playlist_id))
    session.flush()


def latest_of_each_shot(session: Session, project: str, task: str | None = None) -> list[int]:
    """The newest published version of each shot of the project (of `task` when given), in
    edit order: by cut in (shots without one last), then shot code."""
    query = (
        select(Version.id, Entity.id)
        .join(Product, Version.product_id == Product.id)
        .join(Entity, Product.entity_id == Entity.id)
        .join(Project, Entity.project_id == Project.id)
        .where(
            Project.code == project,
            Entity.kind == "shot",
            Version.status == VersionStatus.PUBLISHED.value,
        )
        .order_by(
            Entity.cut_in.is_(None),
            Entity.cut_in,
            Entity.code,
            Version.published_at.desc(),
            Version.id.desc(),
        )
    )
    if task is not None:
        query = query.where(Product.task == task)
    seen: set[int] = set()
    ids: list[int] = []
    for version_id, entity_id in session.execute(query):
        if entity_id not in seen:
            seen.add(entity_id)
            ids.append(version_id)
    return ids


def sequence_entities(session: Session, project: str, sequence: str) -> set[str]:
    """The codes of the sequence and of the shots in it."""
    row = entity_row(session, project, sequence, EntityKind.SEQUENCE)
    if row.kind != EntityKind.SEQUENCE.value:
        raise BadInputError(
            f"{sequence!r} in project {project!r} is a {row.kind}, not a sequence: "
            "use --shot for a shot or an asset"
        )
    shots = session.scalars(select(Entity.code).where(Entity.parent_id == row.id))
    return {sequence, *shots}
