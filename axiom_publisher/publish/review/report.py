"""The dailies report of a playlist: each version's decision, notes and annotated frames.

For the artists who were not in the room. `playlist_report` reads what the database holds
(versions in playing order, their notes with frames and timecodes, the latest decision with
who and when, every stroke) and writes the pictures into a folder: each version's thumbnail
and a still of each annotated frame decoded from the proxy (media.stills). The strokes stay
vectors in the report (picture coordinates): the HTML draws them as SVG over the still
(report_html), the app's PDF paints them with Qt. No Qt here, so the CLI writes it too.
"""

from __future__ import annotations

import dataclasses
import shutil
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from axiom_publisher.config import Settings
from axiom_publisher.core.annotation import Annotation
from axiom_publisher.core.errors import AxiomError, BadInputError
from axiom_publisher.core.playlist import Playlist
from axiom_publisher.core.review import ReviewNote
from axiom_publisher.core.types import VersionRecord
from axiom_publisher.db import Session, repo
from axiom_publisher.db import annotations as annotation_repo
from axiom_publisher.db import playlists as playlist_repo
from axiom_publisher.db.clock import read_server_now
from axiom_publisher.media.stills import Still, picture_size, write_stills
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.records import absolute_record
from axiom_publisher.publish.review.export import note_timecode

Progress = Callable[[int, int], None]  # versions done, versions in all
NO_PICTURE = "No picture: the version has no proxy, or its proxy lacks this frame."


@dataclass(frozen=True, slots=True)
class ReportNote:
    """A note with the timecode of its frame ("" for a note on the whole version)."""

    note: ReviewNote
    timecode: str


@dataclass(frozen=True, slots=True)
class ReportFrame:
    """An annotated shot frame: its still (None when the proxy lacks the frame), the strokes
    on it (all authors, drawing order) and the notes written at it."""

    frame: int
    timecode: str
    still: Still | None
    strokes: tuple[Annotation, ...]
    notes: tuple[ReportNote, ...]

    @property
    def authors(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a.author for a in self.strokes))


@dataclass(frozen=True, slots=True)
class ReportVersion:
    record: VersionRecord
    decision: ReviewNote | None  # the latest decision note: what, who, when, why
    notes: tuple[ReportNote, ...]  # every note, by frame (whole-version notes first) and time
    frames: tuple[ReportFrame, ...]  # the annotated frames in frame order
    thumbnail: Still | None


@dataclass(frozen=True, slots=True)
class PlaylistReport:
    playlist: Playlist
    versions: tuple[ReportVersion, ...]
    made_at: datetime  # the database's clock
    images: Path  # the folder holding the stills and thumbnails


@dataclass(frozen=True, slots=True)
class _Read:
    record: VersionRecord
    notes: list[ReviewNote]
    strokes: list[Annotation]
    fps: float


def when_text(moment: datetime | None) -> str:
    """A report's time: "2026-12-06 15:31 UTC" (minutes; the database's times are UTC)."""
    if moment is None:
        return ""
    return moment.strftime("%Y-%m-%d %H:%M") + (" UTC" if moment.tzinfo is not None else "")


def latest_decision(notes: list[ReviewNote]) -> ReviewNote | None:
    """The decision that stands: the latest decision note by time, then id."""
    decided = [n for n in notes if n.decision is not None]
    return max(decided, key=lambda n: (n.created_at, n.id)) if decided else None


def _timecode(record: VersionRecord, frame: int | None, fps: float) -> str:
    if frame is None:
        return ""
    try:
        return note_timecode(record, frame, fps)
    except BadInputError:  # an unreadable start timecode: count from the shot frame
        return note_timecode(_without_timecode(record), frame, fps)


def _without_timecode(record: VersionRecord) -> VersionRecord:
    media = record.media
    return dataclasses.replace(
        record, media=dataclasses.replace(media, timecode=None) if media else None
    )


def _read(settings: Settings, playlist_id: int) -> tuple[Playlist, list[_Read], datetime]:
    def read(session: Session) -> tuple[Playlist, list[_Read], datetime]:
        playlist = playlist_repo.get_playlist(session, playlist_id)
        found = []
        for vid in playlist.version_ids:
            record = repo.get_version(session, vid)
            found.append(
                _Read(
                    absolute_record(record, settings.publish_root),
                    repo.version_notes(session, vid),
                    annotation_repo.version_annotations(session, vid),
                    repo.get_project(session, record.project).fps,
                )
            )
        return playlist, found, read_server_now(session)

    with open_catalog_database(settings) as database:
        return database.run(read)


def _stills(read: _Read, folder: Path) -> dict[int, Still]:
    """The stills of the version's annotated frames, by shot frame."""
    record = read.record
    frames = sorted({a.frame for a in read.strokes})
    if record.proxy is None or not frames:
        return {}
    first = record.frame_range.first if record.frame_range is not None else frames[0]
    wanted = {f - first: folder / f"v{record.id}_f{f}.jpg" for f in frames if f >= first}
    try:
        written = write_stills(record.proxy, wanted)
    except AxiomError as error:
        raise BadInputError(
            f"version {record.id} ({record.label}): cannot take its annotated frames from the "
            f"proxy: {error}"
        ) from error
    return {index + first: still for index, still in written.items()}


def _thumbnail(record: VersionRecord, folder: Path) -> Still | None:
    source = record.thumbnail
    if source is None or not source.is_file():
        return None
    target = folder / f"v{record.id}_thumb{source.suffix.lower()}"
    try:
        shutil.copyfile(source, target)
        target.chmod(0o644)  # published files are read-only; the report's copy is not
        width, height = picture_size(target)
    except (AxiomError, OSError):  # an unreadable thumbnail: the report goes without it
        target.unlink(missing_ok=True)
        return None
    return Still(target, width, height)


def _version(read: _Read, folder: Path) -> ReportVersion:
    record = read.record
    notes = tuple(ReportNote(n, _timecode(record, n.frame, read.fps)) for n in read.notes)
    stills = _stills(read, folder)
    by_frame: dict[int, list[Annotation]] = defaultdict(list)
    for stroke in read.strokes:
        by_frame[stroke.frame].append(stroke)
    frames = tuple(
        ReportFrame(
            frame=frame,
            timecode=_timecode(record, frame, read.fps),
            still=stills.get(frame),
            strokes=tuple(strokes),
            notes=tuple(n for n in notes if n.note.frame == frame),
        )
        for frame, strokes in sorted(by_frame.items())
    )
    thumbnail = _thumbnail(record, folder)
    return ReportVersion(record, latest_decision(read.notes), notes, frames, thumbnail)


def playlist_report(
    settings: Settings, playlist_id: int, images: Path, progress: Progress | None = None
) -> PlaylistReport:
    """Read the playlist's decisions and write its pictures into `images` (made if needed)."""
    playlist, reads, now = _read(settings, playlist_id)
    images = Path(images)
    try:
        images.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BadInputError(f"cannot make the folder {images}: {error.strerror}") from error
    versions = []
    for done, read in enumerate(reads, 1):
        versions.append(_version(read, images))
        if progress is not None:
            progress(done, len(reads))
    return PlaylistReport(playlist, tuple(versions), now, images)
