"""WorkerPool jobs of the Playlists panel: every playlist read and write, off the main thread.

Each returns plain values; a refusal (PermissionDeniedError: not the owner nor a lead)
reaches the panel's `failed` handler as the exception, to be shown as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from axiom_publisher.config import Settings
from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.core.errors import BadInputError
from axiom_publisher.core.playlist import Playlist
from axiom_publisher.core.types import ProgressEvent, VersionRecord
from axiom_publisher.publish.review import playlists

Progress = Callable[[ProgressEvent], None]
Job = Callable[[Progress, CancelToken], object]


@dataclass(frozen=True)
class Opened:
    """A playlist with its versions (paths absolute) in playing order."""

    playlist: Playlist
    records: tuple[VersionRecord, ...]


def list_job(settings: Settings) -> Callable[[Progress, CancelToken], list[Playlist]]:
    def job(progress: Progress, cancel: CancelToken) -> list[Playlist]:
        return playlists.list_all(settings)

    return job


def open_job(settings: Settings, playlist_id: int) -> Callable[[Progress, CancelToken], Opened]:
    def job(progress: Progress, cancel: CancelToken) -> Opened:
        playlist = playlists.get(settings, playlist_id)
        return Opened(playlist, tuple(playlists.versions(settings, playlist)))

    return job


def _then_open(settings: Settings, write: Callable[[], Playlist]) -> Opened:
    playlist = write()
    return Opened(playlist, tuple(playlists.versions(settings, playlist)))


def create_job(
    settings: Settings, name: str, version_ids: Sequence[int]
) -> Callable[[Progress, CancelToken], Opened]:
    ids = list(version_ids)

    def job(progress: Progress, cancel: CancelToken) -> Opened:
        return _then_open(settings, lambda: playlists.create(settings, name, ids))

    return job


def set_versions_job(
    settings: Settings, playlist_id: int, version_ids: Sequence[int]
) -> Callable[[Progress, CancelToken], Opened]:
    """Reorder, add or remove: the playlist becomes exactly these versions."""
    ids = list(version_ids)

    def job(progress: Progress, cancel: CancelToken) -> Opened:
        return _then_open(settings, lambda: playlists.set_versions(settings, playlist_id, ids))

    return job


def rename_job(
    settings: Settings, playlist_id: int, name: str
) -> Callable[[Progress, CancelToken], Opened]:
    def job(progress: Progress, cancel: CancelToken) -> Opened:
        return _then_open(settings, lambda: playlists.rename(settings, playlist_id, name))

    return job


def delete_job(settings: Settings, playlist_id: int) -> Callable[[Progress, CancelToken], int]:
    def job(progress: Progress, cancel: CancelToken) -> int:
        playlists.delete(settings, playlist_id)
        return playlist_id

    return job


def query_job(
    settings: Settings, name: str, query: str, project: str | None, shot: str | None
) -> Callable[[Progress, CancelToken], Opened]:
    """A playlist made from a query: `waiting` (the versions waiting for review, oldest
    first, of the project / shot) or `latest` (the newest version of each shot of the
    project, in edit order); BadInputError when it finds nothing."""

    def job(progress: Progress, cancel: CancelToken) -> Opened:
        if query == "latest":
            if project is None:
                raise BadInputError("choose a project in the queue's filter first")
            ids = playlists.latest_versions(settings, project)
        else:
            ids = playlists.waiting_versions(settings, project, shot)
        if not ids:
            raise BadInputError("the query finds no version: nothing to put in a playlist")
        return _then_open(settings, lambda: playlists.create(settings, name, ids))

    return job
