"""Jobs for the Review tab: `job(progress, cancel) -> result`, run in a WorkerPool.

Every database call (publish.review opens its own database per call) and every file read
or write happens here, never on the main thread; results are plain values.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from qtpy import QtCore, QtGui

from axiom_publisher.config import Settings
from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.core.errors import AxiomError, BadInputError, MediaOutputError
from axiom_publisher.core.review import Decision, QueueFilter, ReviewNote
from axiom_publisher.core.types import ProgressEvent, VersionRecord
from axiom_publisher.publish import catalog, review
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.review.export import note_timecode
from axiom_publisher.ui.review.notes import NoteRow
from axiom_publisher.ui.review.queue import THUMBNAIL

Progress = Callable[[ProgressEvent], None]
QUEUE_LIMIT = 500


def frame_timecode(
    record: VersionRecord | None, frame: int | None, project_fps: float | None
) -> str | None:
    """The SMPTE timecode of shot frame `frame` of `record`, as the notes CSV writes it
    (the version's fps, else the project's); None when it cannot be known."""
    if record is None or frame is None:
        return None
    media_fps = record.media.fps if record.media is not None else None
    fps = media_fps or project_fps
    if not fps:
        return None
    try:
        return note_timecode(record, frame, fps)
    except BadInputError:
        return None


@dataclass(frozen=True, slots=True)
class Permission:
    user: str
    may_decide: bool


@dataclass(frozen=True, slots=True)
class QueuePage:
    """The queue for one filter, with thumbnails and the values the filter bar offers."""

    queue_filter: QueueFilter
    records: tuple[VersionRecord, ...]
    projects: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    thumbnails: dict[int, QtGui.QImage] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Selection:
    """A version opened for review: its compare target, its product's notes, its decision."""

    record: VersionRecord
    compare: VersionRecord | None
    approved_only: bool
    notes: tuple[NoteRow, ...]
    decision: ReviewNote | None  # the version's latest decision note
    project_fps: float | None = None  # for timecodes of versions whose media has no fps

    def timecode(self, frame: int | None) -> str | None:
        return frame_timecode(self.record, frame, self.project_fps)

    def note_frames(self) -> list[int]:
        """The frames of this version that have notes (for the timeline's markers)."""
        frames = {
            row.note.frame
            for row in self.notes
            if row.note.version_id == self.record.id and row.note.frame is not None
        }
        return sorted(frames)

    def with_note(self, note: ReviewNote) -> Selection:
        """The selection with a note just written on this version added."""
        rows = (*self.notes, NoteRow(note, self.timecode(note.frame)))
        decision = latest_decision(rows, self.record.id)
        return dataclasses.replace(self, notes=rows, decision=decision)


@dataclass(frozen=True, slots=True)
class Decided:
    """A decision written, and the version the queue offers next (None: the queue is done)."""

    note: ReviewNote
    next: VersionRecord | None


def read_thumbnail(path: Path | None, size: QtCore.QSize = THUMBNAIL) -> QtGui.QImage | None:
    if path is None or not path.is_file():
        return None
    image = QtGui.QImage(str(path))
    if image.isNull():
        return None
    return image.scaled(
        size,
        QtCore.Qt.AspectRatioMode.KeepAspectRatio,
        QtCore.Qt.TransformationMode.SmoothTransformation,
    )


def _names(values: object) -> tuple[str, ...]:
    """Choice values as codes: plain strings, or specs that carry a `code`."""
    names = []
    for value in values if isinstance(values, (list, tuple, set, frozenset)) else ():
        name = value if isinstance(value, str) else getattr(value, "code", None)
        if isinstance(name, str):
            names.append(name)
    return tuple(sorted(set(names)))


def permission_job(settings: Settings) -> Callable[[Progress, CancelToken], Permission]:
    def job(progress: Progress, cancel: CancelToken) -> Permission:
        return Permission(review.current_user(settings), review.can_decide(settings))

    return job


def queue_job(
    settings: Settings, queue_filter: QueueFilter
) -> Callable[[Progress, CancelToken], QueuePage]:
    def job(progress: Progress, cancel: CancelToken) -> QueuePage:
        progress(ProgressEvent("queue", message="loading the review queue"))
        records = review.review_queue(settings, queue_filter, limit=QUEUE_LIMIT)
        choices = review.queue_choices(settings)
        page = QueuePage(
            queue_filter,
            tuple(records),
            projects=_names(choices.projects),
            entities=_names(choices.entities),
            authors=_names(choices.authors),
        )
        for record in records:
            cancel.raise_if_cancelled()
            image = read_thumbnail(record.thumbnail)
            if image is not None:
                page.thumbnails[record.id] = image
        return page

    return job


def project_fps(settings: Settings, project: str) -> float | None:
    with open_catalog_database(settings) as database:
        projects = catalog.list_projects(database)
    return next((spec.fps for spec in projects if spec.code == project), None)


def load_notes(settings: Settings, record: VersionRecord, fps: float | None) -> tuple[NoteRow, ...]:
    """The product's notes with timecodes, each from the version it was written on."""
    notes = review.product_notes(settings, record.id)
    versions: dict[int, VersionRecord | None] = {record.id: record}
    rows = []
    for note in notes:
        if note.version_id not in versions:
            try:
                versions[note.version_id] = review.version(settings, note.version_id)
            except AxiomError:
                versions[note.version_id] = None
        rows.append(NoteRow(note, frame_timecode(versions[note.version_id], note.frame, fps)))
    return tuple(rows)


def latest_decision(rows: tuple[NoteRow, ...], version_id: int) -> ReviewNote | None:
    decided = [
        row.note
        for row in rows
        if row.note.version_id == version_id and row.note.decision is not None
    ]
    return max(decided, key=lambda note: (note.created_at, note.id), default=None)


def open_job(
    settings: Settings, record: VersionRecord, *, approved_only: bool = False
) -> Callable[[Progress, CancelToken], Selection]:
    def job(progress: Progress, cancel: CancelToken) -> Selection:
        progress(ProgressEvent("open", message=f"opening {record.entity} {record.label}"))
        compare = review.compare_target(settings, record.id, approved_only=approved_only)
        cancel.raise_if_cancelled()
        fps = project_fps(settings, record.project)
        rows = load_notes(settings, record, fps)
        decision = latest_decision(rows, record.id)
        return Selection(record, compare, approved_only, rows, decision, fps)

    return job


def note_job(
    settings: Settings, version_id: int, text: str, frame: int | None
) -> Callable[[Progress, CancelToken], ReviewNote]:
    def job(progress: Progress, cancel: CancelToken) -> ReviewNote:
        return review.add_note(settings, version_id, text, frame)

    return job


def decide_job(
    settings: Settings,
    version_id: int,
    decision: Decision,
    text: str,
    frame: int | None,
    queue_filter: QueueFilter,
) -> Callable[[Progress, CancelToken], Decided]:
    """Write the decision (one transaction in publish.review), then find the next version."""

    def job(progress: Progress, cancel: CancelToken) -> Decided:
        note = review.decide(settings, version_id, decision, text, frame)
        following = review.next_in_queue(settings, version_id, queue_filter)
        return Decided(note, following)

    return job


def export_csv_job(
    settings: Settings, version_id: int, path: Path
) -> Callable[[Progress, CancelToken], Path]:
    def job(progress: Progress, cancel: CancelToken) -> Path:
        return review.export_notes_csv(settings, version_id, path)

    return job


def save_image_job(image: QtGui.QImage, path: Path) -> Callable[[Progress, CancelToken], Path]:
    def job(progress: Progress, cancel: CancelToken) -> Path:
        if not image.save(str(path)):  # PNG: the name ends in .png (export_frame sees to it)
            raise MediaOutputError(
                f"could not write {path}: check the folder exists and is writable"
            )
        return path

    return job
