"""Turn what a user names (a file, a sequence pattern, one frame of a sequence, a folder)
into a Source: the files to publish, with the frame range and missing frames of a sequence.

Sequences are found with fileseq, which understands `plate.####.exr`, `plate.@@@@.exr`,
`plate.%04d.exr` and Houdini's `plate.$F4.exr`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from fileseq.exceptions import FileSeqException
from fileseq.filesequence import FileSequence

from axiom_publisher.core.errors import BadInputError, SourceNotFoundError, UnreadableSourceError
from axiom_publisher.core.frames import FrameRange, compact_frames
from axiom_publisher.core.types import Source, SourceFile

_PATTERN = re.compile(r"#|@|%0?\d*d|\$F\d*")


def looks_like_pattern(text: str) -> bool:
    """True for `plate.####.exr`, `plate.%04d.exr`, `plate.$F4.exr`, `plate.@@@@.exr`."""
    return _PATTERN.search(os.path.basename(text)) is not None


def resolve_source(text: str | os.PathLike[str]) -> Source:
    """The Source that `text` names, or a BadInputError that names the path and the fix."""
    raw = os.fspath(text)
    path = Path(raw).expanduser()
    if looks_like_pattern(raw) and not path.exists():
        return _sequence_from_pattern(str(path))
    if path.is_dir():
        return _source_from_folder(path)
    if path.is_file():
        return _source_from_file(path)
    if path.exists():
        raise BadInputError(f"{path} is neither a file nor a folder; name a file or a sequence")
    raise SourceNotFoundError(f"{path} does not exist; check the path and try again")


def _sequence_from_pattern(pattern: str) -> Source:
    try:
        found = FileSequence.findSequenceOnDisk(pattern, allow_subframes=False)
    except FileSeqException as error:
        raise SourceNotFoundError(
            f"no files match the sequence pattern {pattern}; check the folder, name and padding"
        ) from error
    return _source_from_sequence(found)


def _source_from_folder(folder: Path) -> Source:
    try:
        found = FileSequence.findSequencesOnDisk(str(folder), include_hidden=False)
    except OSError as error:
        raise UnreadableSourceError(
            f"the folder {folder} cannot be read: {error.strerror}"
        ) from error
    items = [seq for seq in found if not Path(str(seq[0])).is_dir()]
    if not items:
        raise SourceNotFoundError(f"the folder {folder} is empty: there is nothing to publish")
    if len(items) > 1:
        listed = ", ".join(str(seq) for seq in items[:5])
        raise BadInputError(
            f"the folder {folder} holds {len(items)} files or sequences ({listed}); "
            "name the one to publish"
        )
    only = items[0]
    if only.frameSet() and len(only) > 1:
        return _source_from_sequence(only)
    return _single(Path(str(only[0])))


def _source_from_file(path: Path) -> Source:
    if FileSequence(str(path)).frameSet() is None:
        return _single(path)
    for seq in FileSequence.findSequencesOnDisk(str(path.parent)):
        if seq.frameSet() and str(path) in {str(member) for member in seq}:
            if len(seq) == 1:
                return _single(path)
            return _source_from_sequence(seq)
    return _single(path)


def _single(path: Path) -> Source:
    if not os.access(path, os.R_OK):
        raise UnreadableSourceError(f"{path} cannot be read: check its permissions")
    return Source(
        files=(SourceFile(path=path.absolute()),),
        display=str(path.absolute()),
        extension=path.suffix.lstrip("."),
    )


def _source_from_sequence(seq: FileSequence) -> Source:
    frame_set = seq.frameSet()
    if frame_set is None:
        raise SourceNotFoundError(f"{seq} has no frame numbers")
    frames = [int(frame) for frame in frame_set]  # subframes are not allowed
    first, last = min(frames), max(frames)
    present = set(frames)
    missing = tuple(frame for frame in range(first, last + 1) if frame not in present)
    files = tuple(
        SourceFile(path=Path(seq.frame(frame)).absolute(), frame=frame) for frame in sorted(frames)
    )
    width = max(len(str(abs(first))), len(str(abs(last))), seq.zfill())
    display = seq.format("{dirname}{basename}") + "#" * width + seq.extension()
    if missing:
        display += f" (missing {compact_frames(missing)})"
    return Source(
        files=files,
        display=display,
        extension=seq.extension().lstrip("."),
        frame_range=FrameRange(first, last),
        missing_frames=missing,
        padding=seq.zfill(),
    )


def format_frame(frame: int, padding: int) -> str:
    """A frame number as it appears in published file names (`1001`, `0042`, `-001`)."""
    return (
        f"{frame:0{max(padding, 1)}d}" if frame >= 0 else f"-{abs(frame):0{max(padding - 1, 1)}d}"
    )


def file_source(path: Path) -> Source:
    """The Source of one file (a movie, a still, a work file), as found by a folder scan."""
    return _single(path)


def sequence_source(seq: FileSequence) -> Source:
    """The Source of a sequence fileseq found on disk (gaps become missing frames)."""
    return _source_from_sequence(seq)
