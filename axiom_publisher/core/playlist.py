"""Playlists: an ordered, named list of versions to review one after the other.

A playlist is shared: everyone sees it; only its owner or a lead edits it (PostgreSQL
enforces this with a trigger, the service on SQLite). Its owner and date are recorded by
the database (the session's login on PostgreSQL with AXIOM's roles, the server's clock).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

MAX_PLAYLIST_NAME = 255


@dataclass(frozen=True)
class Playlist:
    """A saved playlist: its versions' ids in playing order."""

    id: int
    name: str
    owner: str
    created_at: datetime | None
    version_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class PlaylistClip:
    """One version of a playlist as an editorial clip: its proxy and its own frames."""

    name: str
    media: Path
    frame_first: int
    frame_last: int
    fps: float
    version_id: int

    @property
    def duration(self) -> int:
        return self.frame_last - self.frame_first + 1


def check_playlist_name(name: str) -> str:
    """The name stripped; ValueError when blank or too long."""
    text = name.strip()
    if not text:
        raise ValueError("a playlist needs a name")
    if len(text) > MAX_PLAYLIST_NAME:
        raise ValueError(f"a playlist name has at most {MAX_PLAYLIST_NAME} characters")
    return text
