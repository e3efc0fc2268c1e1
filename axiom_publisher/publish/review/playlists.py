"""The playlist service: make, read, reorder and export playlists of versions to review.

Plain functions taking Settings (like publish/review.py), so the Review tab calls them from
worker threads and the CLI calls them directly. Everyone sees every playlist; only its owner
or a lead (review.can_decide) edits it: checked here on every database, and by migration
0005's trigger on PostgreSQL (so a script going around this module is refused too).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from axiom_publisher.config import Settings
from axiom_publisher.core.errors import BadInputError, PermissionDeniedError, UnknownEntityError
from axiom_publisher.core.playlist import Playlist, PlaylistClip
from axiom_publisher.core.review import QueueFilter
from axiom_publisher.core.types import VersionRecord
from axiom_publisher.core.user import current_user
from axiom_publisher.db import Session
from axiom_publisher.db import playlists as repo
from axiom_publisher.db import repo as catalog
from axiom_publisher.db.annotations import stored_author
from axiom_publisher.db.reviews import get_version
from axiom_publisher.editorial.playlist_writer import write_playlist_timeline
from axiom_publisher.publish import review
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.records import absolute_record
from axiom_publisher.publish.review.export import version_name

DEFAULT_FPS = 24.0


def create(settings: Settings, name: str, version_ids: Sequence[int]) -> Playlist:
    """A new playlist of these versions, in this order, owned by the current user."""
    ids = list(version_ids)
    if not ids:
        raise BadInputError(f"playlist {name!r}: no versions to put in it")
    who = current_user()
    with open_catalog_database(settings) as database:
        return database.run(lambda s: repo.create_playlist(s, name, who, ids))


def waiting_versions(
    settings: Settings,
    project: str | None = None,
    shot: str | None = None,
    sequence: str | None = None,
) -> list[int]:
    """The ids of the versions waiting for a decision (of the project / shot / the shots of
    a sequence of the project), oldest first (the order they were published in)."""
    entities: set[str] | None = None
    if sequence is not None:
        if project is None:
            raise BadInputError(f"sequence {sequence!r}: say its project (--project P)")
        with open_catalog_database(settings) as database:
            entities = database.run(lambda s: repo.sequence_entities(s, project, sequence))
    records = review.review_queue(settings, QueueFilter(project=project, entity=shot))
    return [r.id for r in reversed(records) if entities is None or r.entity in entities]


def latest_versions(settings: Settings, project: str, task: str | None = None) -> list[int]:
    """The newest published version of each shot of the project, in edit order."""
    with open_catalog_database(settings) as database:
        database.run(lambda s: catalog.check_scope(s, project, None))
        return database.run(lambda s: repo.latest_of_each_shot(s, project, task))


def list_all(settings: Settings) -> list[Playlist]:
    with open_catalog_database(settings) as database:
        return database.run(repo.list_playlists)


def get(settings: Settings, playlist_id: int) -> Playlist:
    with open_catalog_database(settings) as database:
        return database.run(lambda s: repo.get_playlist(s, playlist_id))


def find(settings: Settings, ref: str) -> Playlist:
    """The playlist named by its id ("12") or its name (one playlist of that name)."""
    text = ref.strip()
    if text.isdigit():
        return get(settings, int(text))
    named = [p for p in list_all(settings) if p.name == text]
    if len(named) == 1:
        return named[0]
    if not named:
        raise UnknownEntityError(
            f"there is no playlist named {text!r}: `axiom playlist list` shows them"
        )
    ids = ", ".join(str(p.id) for p in named)
    raise BadInputError(f"{len(named)} playlists are named {text!r} (ids {ids}): give the id")


def versions(settings: Settings, playlist: Playlist) -> list[VersionRecord]:
    """The playlist's versions in playing order (paths absolute under the publish root)."""

    def read(session: Session) -> list[VersionRecord]:
        return [get_version(session, vid) for vid in playlist.version_ids]

    with open_catalog_database(settings) as database:
        records = database.run(read)
    return [absolute_record(record, settings.publish_root) for record in records]


def may_edit(settings: Settings, playlist: Playlist) -> bool:
    """Whether the current user is the playlist's owner (as the database records them) or a
    lead."""
    with open_catalog_database(settings) as database:
        me = database.run(lambda s: stored_author(s, current_user()))
    return playlist.owner == me or review.can_decide(settings)


def _check_edit(settings: Settings, playlist: Playlist) -> None:
    if not may_edit(settings, playlist):
        raise PermissionDeniedError(
            f"playlist {playlist.id} ({playlist.name!r}) is {playlist.owner}'s: only its owner "
            "or a lead may change it; make your own (axiom playlist create)"
        )


def set_versions(settings: Settings, playlist_id: int, version_ids: Sequence[int]) -> Playlist:
    """Make the playlist exactly these versions in this order (reorder, add or remove)."""
    ids = list(version_ids)
    _check_edit(settings, get(settings, playlist_id))
    with open_catalog_database(settings) as database:
        return database.run(lambda s: repo.set_versions(s, playlist_id, ids))


def add(settings: Settings, playlist_id: int, version_ids: Sequence[int]) -> Playlist:
    """Append versions (already there: left where they are)."""
    current = get(settings, playlist_id).version_ids
    extra = [vid for vid in dict.fromkeys(version_ids) if vid not in current]
    return set_versions(settings, playlist_id, [*current, *extra])


def remove(settings: Settings, playlist_id: int, version_ids: Sequence[int]) -> Playlist:
    gone = set(version_ids)
    current = get(settings, playlist_id).version_ids
    return set_versions(settings, playlist_id, [vid for vid in current if vid not in gone])


def move(settings: Settings, playlist_id: int, row: int, to: int) -> Playlist:
    """Move the version at position `row` to position `to` (as dragging does)."""
    ids = list(get(settings, playlist_id).version_ids)
    if not (0 <= row < len(ids) and 0 <= to < len(ids)):
        raise BadInputError(f"playlist {playlist_id} has positions 0 to {len(ids) - 1} only")
    ids.insert(to, ids.pop(row))
    return set_versions(settings, playlist_id, ids)


def rename(settings: Settings, playlist_id: int, name: str) -> Playlist:
    """Give the playlist another name (its owner or a lead)."""
    _check_edit(settings, get(settings, playlist_id))
    with open_catalog_database(settings) as database:
        return database.run(lambda s: repo.rename_playlist(s, playlist_id, name))


def delete(settings: Settings, playlist_id: int) -> None:
    _check_edit(settings, get(settings, playlist_id))
    with open_catalog_database(settings) as database:
        database.run(lambda s: repo.delete_playlist(s, playlist_id))


def clips(settings: Settings, playlist: Playlist) -> list[PlaylistClip]:
    """Each version as an editorial clip of its proxy, its own frames and rate."""
    result = []
    for record in versions(settings, playlist):
        if record.proxy is None or record.frame_range is None:
            raise BadInputError(
                f"version {record.id} ({version_name(record)}) has no proxy or frame range to "
                f"export: take it out of playlist {playlist.id} or re-publish it"
            )
        fps = record.media.fps if record.media is not None and record.media.fps else DEFAULT_FPS
        result.append(
            PlaylistClip(
                name=version_name(record),
                media=record.proxy,
                frame_first=record.frame_range.first,
                frame_last=record.frame_range.last,
                fps=fps,
                version_id=record.id,
            )
        )
    return result


def export_otio(settings: Settings, playlist_id: int, path: Path) -> Path:
    """Write the playlist as an OpenTimelineIO timeline of its versions' proxies."""
    playlist = get(settings, playlist_id)
    return write_playlist_timeline(Path(path), playlist.name, clips(settings, playlist))
