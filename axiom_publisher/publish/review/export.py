"""A version's review notes as a CSV file, with shot frames and their SMPTE timecode."""

from __future__ import annotations

import contextlib
import csv
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from axiom_publisher.core.errors import BadInputError
from axiom_publisher.core.review import ReviewNote
from axiom_publisher.core.timecode import shot_frame_timecode
from axiom_publisher.core.types import VersionRecord

CSV_HEADER = ("version", "frame", "timecode", "author", "decision", "created_at", "text")


def version_name(record: VersionRecord) -> str:
    """project/entity/task/product/vNNN: how the CLI names a version."""
    return f"{record.project}/{record.entity}/{record.task}/{record.product}/{record.label}"


def note_timecode(record: VersionRecord, frame: int, project_fps: float) -> str:
    """The SMPTE timecode of a shot frame of this version (see core.timecode)."""
    media = record.media
    fps = media.fps if media is not None and media.fps else project_fps
    start = media.timecode if media is not None else None
    first = record.frame_range.first if record.frame_range is not None else frame
    return shot_frame_timecode(frame, fps, first_frame=first, start_timecode=start)


def notes_rows(
    record: VersionRecord, notes: Sequence[ReviewNote], project_fps: float
) -> list[tuple[str, ...]]:
    name = version_name(record)
    return [
        (
            name,
            "" if note.frame is None else str(note.frame),
            "" if note.frame is None else note_timecode(record, note.frame, project_fps),
            note.author,
            note.decision.value if note.decision is not None else "",
            note.created_at.isoformat(),
            note.text,
        )
        for note in notes
    ]


def write_notes_csv(
    record: VersionRecord, notes: Sequence[ReviewNote], project_fps: float, path: Path
) -> Path:
    """Write the CSV through a temporary file in the same folder, then rename it into place."""
    path = Path(path)
    rows = notes_rows(record, notes, project_fps)
    try:
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
        )
    except OSError as error:
        raise BadInputError(f"cannot write {path}: {error.strerror}") from error
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(CSV_HEADER)
            writer.writerows(rows)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise BadInputError(f"cannot write {path}: {error.strerror}") from error
        raise
    return path
